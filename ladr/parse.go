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
)

// File is a parsed LADR file: the document, what the parser had to guess
// to fill it, and where things are, for lint messages.
type File struct {
	Path    string // as given to Parse, slash-separated
	Slug    string // from the file name, or from the title
	Doc     Document
	Guesses []string

	HasFrontMatter bool
	Sections       map[string]int // standard section key → line of its heading or field
	UnknownStatus  string         // a status kaigi could not read, at Sections["status"]
	Links          []Link
}

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
	secTitle         = "title"
	secDate          = "date"
	secStatus        = "status"
	secContext       = "context"
	secSpecification = "specification"
	secDecision      = "decision"
	secConsequences  = "consequences"
)

// RequiredSections are the sections every LADR file must have.
var RequiredSections = []string{secContext, secSpecification, secDecision, secConsequences}

// sectionNames maps heading words of common ADR styles to section keys.
// A heading is matched by its whole text or by either side of " - " or
// " / " ("Context - 文脈").
var sectionNames = map[string]string{
	"title": secTitle, "タイトル": secTitle, "表題": secTitle,
	"date": secDate, "日付": secDate, "日時": secDate,
	"status": secStatus, "state": secStatus, "ステータス": secStatus, "状態": secStatus,
	"context": secContext, "context and problem statement": secContext, "problem statement": secContext,
	"background": secContext, "文脈": secContext, "背景": secContext, "コンテキスト": secContext,
	"specification": secSpecification, "spec": secSpecification, "仕様": secSpecification,
	"decision": secDecision, "decision outcome": secDecision, "決定": secDecision, "決定事項": secDecision, "結論": secDecision,
	"consequences": secConsequences, "consequence": secConsequences, "結果": secConsequences, "影響": secConsequences,
}

func sectionKey(heading string) string {
	h := strings.ToLower(strings.TrimSpace(strings.TrimRight(oneLine(strings.Trim(heading, "*_` ")), "#")))
	if k, ok := sectionNames[h]; ok {
		return k
	}
	for _, sep := range []string{" - ", " – ", " / ", "（", "("} {
		if a, b, ok := strings.Cut(h, sep); ok {
			if k, ok := sectionNames[strings.TrimSpace(a)]; ok {
				return k
			}
			if k, ok := sectionNames[strings.Trim(b, " ）)")]; ok {
				return k
			}
		}
	}
	return ""
}

var (
	titleNumber = regexp.MustCompile(`^(?:(?i:l?adr)[-_ ]?0*(\d{1,6})\s*[.:-]?|0*(\d{1,6})\s*[.:])\s+(\S.*)$`)
	nameNumber  = regexp.MustCompile(`^(?:(?i:l?adr)[-_]?)?0*(\d{1,6})(?:[-_. ]+|$)`)
	headerField = regexp.MustCompile(`(?i)^\s*(?:[-*+]\s+)?\**(status|date|deciders|authors?|ステータス|日付)\**\s*[:：]\**\s*(.+?)\s*$`)
	statusRef   = regexp.MustCompile(`(?i)\]\(([^)\s]+)\)|\bl?adr[-_ ]?0*(\d{1,6})\b`)
)

// Parse reads one LADR file. It never fails: what it cannot read it
// guesses, and every guess is listed in File.Guesses.
func Parse(name string, src []byte) File {
	s := normalizeNewlines(string(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))))
	f := File{Path: name, Sections: map[string]int{}}
	p := parser{f: &f, fromFM: map[string]bool{}, seen: map[string]bool{}}
	yamlText, body, bodyLine, ok := splitFrontMatter(s)
	if ok {
		f.HasFrontMatter = true
		fm := readFrontMatter(yamlText, 2, &f.Doc)
		f.Guesses = append(f.Guesses, fm.notes...)
		p.fromFM = fm.fields
		for k, line := range fm.lines {
			f.Sections[k] = line
		}
		if fm.fields["status"] && f.Doc.State == "" {
			f.UnknownStatus = statusValue(yamlText)
		}
	}
	p.body, p.bodyLine = body, bodyLine
	p.readBody()
	p.fillFromName()
	f.Doc = f.Doc.normalized()
	return f
}

type parser struct {
	f        *File
	fromFM   map[string]bool // fields the front matter set
	seen     map[string]bool // standard sections met as headings
	body     string
	bodyLine int
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
	p.readPreamble(p.body[preambleStart:preambleEnd], preambleStart)
	for i := first; i < len(hs); i++ {
		end := len(p.body)
		if i+1 < len(hs) {
			end = hs[i+1].start
		}
		p.readSection(hs[i], sectionText(p.body[hs[i].end:end]))
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
	if !p.fromFM["title"] || p.f.Doc.Title == "" {
		p.f.Doc.Title = title
	}
}

// readPreamble reads the header lines between the title and the first
// section: "Date: 2020-01-01" (adr-tools), "* Status: accepted" (MADR 2,
// log4brains). Anything else there is kept as a "Summary" section.
func (p *parser) readPreamble(s string, off int) {
	var rest []string
	for _, line := range strings.Split(s, "\n") {
		lineOff := off
		off += len(line) + 1
		m := headerField.FindStringSubmatch(line)
		if m == nil {
			rest = append(rest, line)
			continue
		}
		switch key := strings.ToLower(m[1]); key {
		case "status", "ステータス":
			p.setStatus(m[2], lineOff)
		case "date", "日付":
			p.setDate(m[2], lineOff)
		default:
			if !p.fromFM["authors"] && len(p.f.Doc.Authors) == 0 {
				p.f.Doc.Authors = nonEmpty(strings.Split(m[2], ","))
			}
		}
	}
	if body := sectionText(strings.Join(rest, "\n")); body != "" {
		p.f.Doc.Extra = append(p.f.Doc.Extra, data.Section{Heading: "Summary", Body: body})
		p.f.Guesses = append(p.f.Guesses, "text between the title and the first section kept as section \"Summary\"")
	}
}

func (p *parser) readSection(h heading, body string) {
	key := sectionKey(h.text)
	if key == secTitle || p.seen[key] {
		key = "" // a second Context heading is kept as it is, not merged
	}
	d := &p.f.Doc
	if key != "" {
		p.seen[key] = true
		p.f.Sections[key] = p.line(h.start)
	}
	switch key {
	case secDate:
		p.setDate(body, h.start)
	case secStatus:
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
		d.Extra = append(d.Extra, data.Section{Heading: h.text, Body: body})
	}
}

func (p *parser) setDate(s string, off int) {
	if p.fromFM["date"] {
		return
	}
	s = strings.TrimSpace(s)
	if d, ok := looseDate(s); ok && !d.IsZero() {
		p.f.Doc.Date = d
		return
	}
	if s != "" {
		p.f.Guesses = append(p.f.Guesses, fmt.Sprintf("line %d: %q is not a date, ignored it", p.line(off), firstLineOf(s)))
	}
}

// setStatus reads a status section or field, with the links to
// superseding and superseded records that adr-tools writes there.
func (p *parser) setStatus(s string, off int) {
	if p.fromFM["status"] {
		return
	}
	p.f.Sections[secStatus] = p.line(off)
	var first string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*+"))
		if line == "" {
			continue
		}
		if first == "" {
			first = line
		}
		lower := strings.ToLower(line)
		switch {
		case strings.Contains(lower, "superseded by") || strings.Contains(lower, "replaced by"):
			if !p.fromFM["superseded-by"] {
				p.f.Doc.SupersededBy = append(p.f.Doc.SupersededBy, refsIn(line)...)
			}
		case strings.HasPrefix(lower, "supersedes") || strings.HasPrefix(lower, "replaces"):
			if !p.fromFM["supersedes"] {
				p.f.Doc.Supersedes = append(p.f.Doc.Supersedes, refsIn(line)...)
			}
		}
	}
	if first == "" {
		return
	}
	if st, ok := ParseStatus(first); ok {
		p.f.Doc.State = st
		return
	}
	p.f.UnknownStatus = first
}

func refsIn(line string) []int {
	var out []int
	for _, m := range statusRef.FindAllStringSubmatch(line, -1) {
		ref := m[1]
		if ref == "" {
			ref = m[2]
		}
		if n := numberIn(ref); n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// fillFromName fills what the file itself did not say from its name
// ("0007-use-sqlite.md", "20200101-use-log4brains.md") and lists the
// guesses.
func (p *parser) fillFromName() {
	d, f := &p.f.Doc, p.f
	base := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
	rest := base
	if m := datePrefix.FindStringSubmatch(base); m != nil {
		rest = base[len(m[0]):]
		if nd, ok := dateOf(m[1], m[2], m[3]); ok && d.Date.IsZero() {
			d.Date = nd
			f.Guesses = append(f.Guesses, "date taken from the file name")
		}
	} else if m := nameNumber.FindStringSubmatch(base); m != nil {
		if n := numberIn(m[1]); n > 0 && d.Number == 0 {
			d.Number = n
			f.Guesses = append(f.Guesses, "number taken from the file name")
		}
		rest = base[len(m[0]):]
	}
	if strings.TrimSpace(d.Title) == "" {
		d.Title = humanize(rest)
		if d.Title == "" {
			d.Title = "Untitled"
		}
		f.Guesses = append(f.Guesses, fmt.Sprintf("no title; used %q from the file name", d.Title))
	}
	f.Slug = Slug(rest)
	if strings.HasPrefix(f.Slug, "ladr-") || rest == "" {
		f.Slug = Slug(d.Title)
	}
	if d.Number == 0 {
		f.Guesses = append(f.Guesses, "no number; kaigi assigns the next free one")
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

// statusValue finds the raw status text in front matter for messages.
func statusValue(yamlText string) string {
	for _, line := range strings.Split(yamlText, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && fieldAliases[strings.ToLower(strings.TrimSpace(k))] == "status" {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
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
