package ladr

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// File is a parsed LADR file: the document, what the parser had to guess
// to fill it, where things are (for lint messages and for edits in place),
// and what it tells about its folder's convention.
type File struct {
	Path    string // as given to Parse, slash-separated
	Slug    string // from the file name, or from the title
	Doc     Document
	Guesses []string

	HasFrontMatter bool
	Sections       map[string]int // standard key → line of its heading or field
	UnknownStatus  string         // a status kaigi could not read, at Sections["status"]
	RawStatus      string         // the status as written
	Links          []Link
	Sample         convention.Sample

	numbered bool // the file has a number, 0 (MADR's first record) included
	lay      layout
}

// Numbered reports whether the file carries a number (0 included).
func (f File) Numbered() bool { return f.numbered || f.Doc.Number > 0 }

// Link is a Markdown link or image in a file.
type Link struct {
	Dest string
	Line int
}

// markdown parses like GitHub does, so headings inside code blocks, lists
// or HTML comments are not taken for sections.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Standard section keys, in file order.
const (
	secTitle         = convention.Title
	secDate          = convention.Date
	secStatus        = convention.Status
	secContext       = convention.Context
	secSpecification = convention.Specification
	secDecision      = convention.Decision
	secConsequences  = convention.Consequences
)

// RequiredSections are the sections kaigi's own template has.
var RequiredSections = []string{secContext, secSpecification, secDecision, secConsequences}

var titleNumber = regexp.MustCompile(`^(?:(?i:l?adr)[-_ ]?(?:[A-Z][A-Z0-9]{1,11}[-_])?0*(\d{1,6})\s*[.:-]?|0*(\d{1,6})\s*[.:])\s+(\S.*)$`)

// Parse reads one LADR file. It never fails: what it cannot read it
// guesses, and every guess is listed in File.Guesses.
func Parse(name string, src []byte) File {
	s := normalizeNewlines(string(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))))
	f := File{Path: name, Sections: map[string]int{}}
	f.Sample = convention.Sample{Name: path.Base(name), CRLF: bytes.Contains(src, []byte("\r\n")),
		Placement: map[string]string{}, ListLabels: map[string]string{}, FrontAlias: map[string]string{}}
	f.lay.text = s
	p := parser{f: &f, fromFM: map[string]bool{}, seen: map[string]bool{}, src: s}
	yamlText, body, bodyLine, ok := splitFrontMatter(s)
	if ok {
		f.HasFrontMatter = true
		start := strings.IndexByte(s, '\n') + 1
		f.lay.fm = &fmBlock{start: start, end: start + len(yamlText)}
		fm := readFrontMatter(yamlText, 2, &f.Doc)
		f.Guesses = append(f.Guesses, fm.notes...)
		p.fromFM = fm.fields
		for k, line := range fm.lines {
			f.Sections[k] = line
		}
		f.lay.fm.keys = frontKeys(yamlText, start)
		p.sampleFront(fm)
		f.Sample.NumberText = fm.rawNumber
		if fm.fields["status"] {
			f.RawStatus = fm.rawStatus
			p.statusLinks(fm.rawStatus, true)
			if f.Doc.State == "" {
				f.UnknownStatus = fm.rawStatus
			}
		}
	}
	p.body, p.bodyLine, p.bodyOff = body, bodyLine, len(s)-len(body)
	p.readBody()
	p.fillFromName()
	f.Doc = f.Doc.normalized()
	f.Sample.Status, f.Sample.Number, f.Sample.Title = f.RawStatus, f.Doc.Number, f.Doc.Title
	f.Sample.Area = areaOf(name)
	return f
}

type parser struct {
	f        *File
	fromFM   map[string]bool // fields the front matter set
	seen     map[string]bool // standard sections met as headings
	src      string          // the whole normalized file
	body     string
	bodyLine int
	bodyOff  int   // offset of the body in src
	newlines []int // offsets of the body's line breaks, filled by line
}

// line is the file line of a byte offset into the body. It is asked once
// per heading and link, so it searches the line breaks, found once,
// rather than counting them again each time (quadratic in big files).
func (p *parser) line(off int) int {
	if p.newlines == nil {
		p.newlines = []int{}
		for i := 0; i < len(p.body); i++ {
			if p.body[i] == '\n' {
				p.newlines = append(p.newlines, i)
			}
		}
	}
	n, _ := slices.BinarySearch(p.newlines, off)
	return p.bodyLine + n + 1
}

type heading struct {
	level      int
	text       string
	start, end int // the heading's own lines, as byte offsets into the body
}

func (p *parser) readBody() {
	src := []byte(p.body)
	root := markdown.Parser().Parse(text.NewReader(src))
	var hs []heading
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 2 {
			if hd, ok := locateHeading(h, p.body); ok {
				hs = append(hs, hd)
			}
		}
	}
	p.collectLinks(root, src)

	preambleStart, first := 0, 0
	if len(hs) > 0 && hs[0].level == 1 {
		p.readTitle(hs[0])
		preambleStart, first = hs[0].end, 1
	}
	preambleEnd := len(p.body)
	if first < len(hs) {
		preambleEnd = hs[first].start
	}
	p.f.lay.preamble = span{p.bodyOff + preambleStart, p.bodyOff + preambleEnd}
	p.readPreamble(p.body[preambleStart:preambleEnd], preambleStart)
	for i := first; i < len(hs); i++ {
		end := len(p.body)
		if i+1 < len(hs) {
			end = hs[i+1].start
		}
		p.readSection(hs[i], end)
	}
}

// locateHeading finds where a heading's lines start and end. Headings
// with no text have no position in goldmark's tree and are skipped.
func locateHeading(h *ast.Heading, body string) (heading, bool) {
	lines := h.Lines()
	if lines.Len() == 0 {
		return heading{}, false
	}
	var parts []string
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		parts = append(parts, body[seg.Start:seg.Stop])
	}
	first, last := lines.At(0), lines.At(lines.Len()-1)
	start := strings.LastIndexByte(body[:first.Start], '\n') + 1
	end := endOfLine(body, last.Start)
	if !strings.HasPrefix(strings.TrimLeft(body[start:], " "), "#") {
		end = endOfLine(body, end) // a setext heading: skip the underline
	}
	// Text that is only Unicode blanks (goldmark trims ASCII ones) renders
	// as an empty heading too, so it is skipped the same way.
	txt := oneLine(strings.Join(parts, " "))
	return heading{level: h.Level, text: txt, start: start, end: end}, txt != ""
}

func endOfLine(s string, off int) int {
	if off >= len(s) {
		return len(s)
	}
	if i := strings.IndexByte(s[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(s)
}

func (p *parser) readTitle(h heading) {
	p.f.Sections[secTitle] = p.line(h.start)
	title := h.text
	if m := titleNumber.FindStringSubmatch(title); m != nil {
		if p.f.Doc.Number == 0 && !p.fromFM["number"] {
			p.f.Doc.Number = numberIn(m[1] + m[2])
		}
		title = m[3]
	}
	p.f.Sample.TitleLine = h.text
	p.f.lay.title = &span{p.bodyOff + h.start, p.bodyOff + h.end}
	if !p.fromFM["title"] || p.f.Doc.Title == "" {
		p.f.Doc.Title = title
	}
}

func (p *parser) readSection(h heading, end int) {
	raw := p.body[h.end:end]
	body := sectionText(raw)
	key := convention.SectionKey(h.text)
	if key == secTitle || p.seen[key] {
		key = "" // a second Context heading is kept as it is, not merged
	}
	p.f.Sample.Headings = append(p.f.Sample.Headings, h.text)
	p.f.Sample.Keys = append(p.f.Sample.Keys, key)
	sec := sectionSpan{key: key, heading: h.text, level: h.level,
		head: span{p.bodyOff + h.start, p.bodyOff + h.end}, body: span{p.bodyOff + h.end, p.bodyOff + end}, text: body}
	p.f.lay.sections = append(p.f.lay.sections, sec)
	d := &p.f.Doc
	if key != "" {
		p.seen[key] = true
		p.f.Sections[key] = p.line(h.start)
	}
	switch key {
	case secDate:
		p.f.Sample.Placement["date"] = convention.InSection
		p.setDate(body, h.start)
	case secStatus:
		if p.f.Sample.Placement["status"] == "" {
			p.f.Sample.Placement["status"] = convention.InSection
		}
		p.setStatus(body, h.start)
	case secContext:
		d.Context = body
	case secSpecification:
		d.Specification = body
	case secDecision:
		d.Decision = body
	case secConsequences:
		d.Consequences = body
	default:
		if convention.IsLinksHeading(h.text) {
			p.linksSection(body)
		}
		d.Extra = append(d.Extra, data.Section{Heading: h.text, Body: body})
	}
}

func (p *parser) setDate(s string, off int) {
	if p.fromFM["date"] {
		return
	}
	s = strings.TrimSpace(s)
	p.f.Sample.Date = firstLineOf(s)
	if d, ok := looseDate(s); ok && !d.IsZero() {
		p.f.Doc.Date = d
		return
	}
	if s != "" {
		p.f.Guesses = append(p.f.Guesses, fmt.Sprintf("line %d: %q is not a date, ignored it", p.line(off), firstLineOf(s)))
	}
}

// fillFromName fills what the file itself did not say from its name
// ("0007-use-sqlite.md", "20200101-use-log4brains.md") and lists the
// guesses.
func (p *parser) fillFromName() {
	d, f := &p.f.Doc, p.f
	base := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
	rest := base
	if _, digits, _, r, _, ok := convention.Split(path.Base(f.Path)); ok {
		rest = r
		if convention.IsDateDigits(digits) {
			if nd, ok := convention.DateOfName(path.Base(f.Path)); ok && d.Date.IsZero() {
				d.Date = nd
				f.Guesses = append(f.Guesses, "date taken from the file name")
			}
		} else if n, ok := convention.NumberOf(path.Base(f.Path)); ok && d.Number == 0 {
			d.Number, f.numbered = n, true
			if n > 0 {
				f.Guesses = append(f.Guesses, "number taken from the file name")
			}
		}
	}
	if strings.TrimSpace(d.Title) == "" {
		d.Title = humanize(rest)
		if d.Title == "" {
			d.Title = "Untitled"
		}
		f.Guesses = append(f.Guesses, fmt.Sprintf("no title; used %q from the file name", d.Title))
	}
	f.Slug = convention.KaigiNaming.Slug(rest)
	if strings.HasPrefix(f.Slug, "ladr-") || rest == "" {
		f.Slug = convention.KaigiNaming.Slug(d.Title)
	}
	if d.State == "" {
		if f.UnknownStatus != "" {
			f.Guesses = append(f.Guesses, fmt.Sprintf("unknown status %q; read as draft", f.UnknownStatus))
		} else {
			f.Guesses = append(f.Guesses, "no status; read as draft")
		}
		d.State = data.LADRDraft
	}
}

// humanize turns "use-markdown_adrs" into "Use markdown adrs".
func humanize(s string) string {
	s = oneLine(strings.NewReplacer("-", " ", "_", " ").Replace(s))
	if s == "" {
		return ""
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// collectLinks lists every link and image with the line it is on.
func (p *parser) collectLinks(root ast.Node, src []byte) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		switch l := n.(type) {
		case *ast.Link:
			dest = string(l.Destination)
		case *ast.Image:
			dest = string(l.Destination)
		default:
			return ast.WalkContinue, nil
		}
		p.f.Links = append(p.f.Links, Link{Dest: dest, Line: p.line(nodeOffset(n))})
		return ast.WalkContinue, nil
	})
}

// nodeOffset finds a byte offset for an inline node: its first text, or
// the first line of the block that holds it.
func nodeOffset(n ast.Node) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			return b.Lines().At(0).Start
		}
	}
	return 0
}

// areaOf is a record's area: the subfolder its file is in, or the area
// word of its name (ADR-DATA-001-x.md); "" for neither.
func areaOf(name string) string {
	if dir := path.Dir(name); dir != "." {
		return dir
	}
	return convention.AreaOf(name)
}
