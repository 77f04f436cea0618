// Package ladr keeps LADRs (lightweight architecture decision records) and
// a team's folder of decision-record files in step, whatever the folder's
// convention (adr-tools, MADR, log4brains, the Rakus template, kaigi's
// own; see package convention): import a folder, with each file as its
// record's identity; write what changed in kaigi back into each file,
// changing only those lines; write new records the way the folder does;
// keep kaigi's index beside a person's README; lint a folder against its
// own convention in CI; open a branch for a pull request, and let the pull
// request's life move the record's status.
package ladr

import (
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/kaigi-dev/kaigi/data"
)

// Document is an LADR as a file sees it: links to other LADRs are numbers,
// because numbers are what a reviewer reads and what survives a checkout.
type Document struct {
	Number       int
	Title        string
	State        data.LADRState
	Date         data.Date
	Authors      []string
	Supersedes   []int
	SupersededBy []int
	// SupersedesFiles and SupersededByFiles are the files in the same
	// folder that a file links as superseded and superseding records (for
	// folders whose names carry no numbers, log4brains').
	SupersedesFiles   []string
	SupersededByFiles []string
	MeetingID         data.MeetingID
	AgendaID          data.AgendaID
	DecisionIDs       []data.DecisionID
	ReviewBy          data.Date
	NotionURL         string
	PRURL             string
	Context           string
	Specification     string
	Decision          string
	Consequences      string
	Extra             []data.Section
}

// Links is what a file shows beyond the record itself: the numbers of the
// LADRs it supersedes and is superseded by, and its Notion page.
type Links struct {
	Supersedes   []int
	SupersededBy []int
	NotionURL    string
}

// NewDocument combines a record and its links into the file's view.
func NewDocument(l data.LADR, links Links) Document {
	d := Document{
		Number: l.Number, Title: l.Title, State: l.State, Date: l.Date, Authors: l.Authors,
		Supersedes: links.Supersedes, SupersededBy: links.SupersededBy,
		MeetingID: l.MeetingID, AgendaID: l.AgendaID, DecisionIDs: l.DecisionIDs,
		ReviewBy: l.ReviewBy, NotionURL: links.NotionURL, PRURL: l.PRURL,
		Context: l.Context, Specification: l.Specification, Decision: l.Decision, Consequences: l.Consequences,
		Extra: l.Extra,
	}
	return d.normalized()
}

// normalized puts a document in the form a parsed file has, so that
// rendering and parsing agree: one-line title, trimmed bodies, sorted
// number lists, nil for empty lists.
func (d Document) normalized() Document {
	d.Title = oneLine(d.Title)
	d.Authors = nonEmpty(d.Authors)
	d.Supersedes = sortedNumbers(d.Supersedes)
	d.SupersededBy = sortedNumbers(d.SupersededBy)
	d.SupersedesFiles = sortedNames(d.SupersedesFiles)
	d.SupersededByFiles = sortedNames(d.SupersededByFiles)
	if len(d.DecisionIDs) == 0 {
		d.DecisionIDs = nil
	}
	d.Context = sectionText(d.Context)
	d.Specification = sectionText(d.Specification)
	d.Decision = sectionText(d.Decision)
	d.Consequences = sectionText(d.Consequences)
	var extra []data.Section
	for _, s := range d.Extra {
		// A trailing '#' stays: the renderer keeps it from closing the heading.
		extra = append(extra, data.Section{Heading: oneLine(s.Heading), Body: sectionText(s.Body)})
	}
	d.Extra = extra
	return d
}

// oneLine folds line breaks and runs of blanks into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// sectionText is a body as it survives in a file: trimmed, with its
// level-1 and level-2 headings turned into level 3, because in the file
// they would start a new section, and empty when it is only an HTML
// comment, because that is how the template marks an empty section.
func sectionText(s string) string {
	s, root, src := closeOpenBlocks(trimBody(s))
	var hs []heading
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 2 {
			// The tree is of s and the probe after it; skip the probe.
			if hd, ok := locateHeading(h, src); ok && hd.start < len(s) {
				hd.end = min(hd.end, len(s))
				hs = append(hs, hd)
			}
		}
	}
	if len(hs) > 0 {
		// One pass: splicing each heading into s would copy it per heading.
		var b strings.Builder
		prev := 0
		for _, h := range hs {
			b.WriteString(s[prev:h.start])
			b.WriteString("### " + h.text + "\n")
			prev = h.end
		}
		b.WriteString(s[prev:])
		s = b.String()
	}
	s = trimBody(s)
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "<!--") && strings.HasSuffix(t, "-->") && strings.Count(t, "-->") == 1 {
		return ""
	}
	return s
}

// closeOpenBlocks closes a code fence or HTML block that a body opens and
// never closes; left open, it would swallow the sections after it. It
// returns the body, and the tree and text of the body with the probe
// heading after it, so that the caller need not parse it again.
func closeOpenBlocks(s string) (string, ast.Node, string) {
	root, src, closed := probeAfter(s)
	if closed {
		return s, root, src
	}
	for _, c := range closers(s, root.LastChild()) {
		if root, src, closed := probeAfter(s + "\n" + c); closed {
			return s + "\n" + c, root, src
		}
	}
	return s, root, src
}

// closers lists the lines that may end the block left open at the end of
// s, the one that swallowed the probe: each kind of block has its own.
func closers(s string, open ast.Node) []string {
	if b, ok := open.(*ast.HTMLBlock); ok {
		switch b.HTMLBlockType {
		case ast.HTMLBlockType1:
			return []string{"</pre>"} // any of </pre>, </script>, </style>, </textarea>
		case ast.HTMLBlockType2:
			return []string{"-->"}
		case ast.HTMLBlockType3:
			return []string{"?>"}
		case ast.HTMLBlockType4:
			return []string{">"}
		case ast.HTMLBlockType5:
			return []string{"]]>"}
		}
	}
	// A closing fence may be longer than the opening one, so the longest
	// fence-like line of each kind closes whichever of them is open.
	var fences []string
	ticks, tildes := 0, 0
	for _, m := range fenceOpen.FindAllStringSubmatch(s, -1) {
		if m[1][0] == '`' {
			ticks = max(ticks, len(m[1]))
		} else {
			tildes = max(tildes, len(m[1]))
		}
	}
	if ticks > 0 {
		fences = append(fences, strings.Repeat("`", ticks))
	}
	if tildes > 0 {
		fences = append(fences, strings.Repeat("~", tildes))
	}
	if _, ok := open.(*ast.FencedCodeBlock); ok {
		return fences
	}
	return append(fences, "-->", "?>", "]]>", ">", "</pre>")
}

var fenceOpen = regexp.MustCompile("(?m)^ {0,3}(`{3,}|~{3,})")

// probeAfter parses s followed by a level-2 heading, the way the template
// puts the next section after a body, and reports whether that heading is
// still a heading: if not, s leaves a block open.
func probeAfter(s string) (root ast.Node, src string, closed bool) {
	const probe = "kaigi-section-probe"
	src = s + "\n\n## " + probe + "\n"
	root = markdown.Parser().Parse(text.NewReader([]byte(src)))
	h, ok := root.LastChild().(*ast.Heading)
	if !ok || h.Lines().Len() != 1 {
		return root, src, false
	}
	seg := h.Lines().At(0)
	return root, src, src[seg.Start:seg.Stop] == probe
}

// trimBody drops the blank lines around a section body and trailing
// blanks, but keeps the indentation of the first line (indented code).
func trimBody(s string) string {
	s = normalizeNewlines(s)
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			break
		}
		s = rest
	}
	s = strings.TrimRight(s, " \t\n")
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// nonEmpty is a list as the front matter writes it: one-line, non-empty
// values in valid UTF-8, because YAML cannot hold anything else and an
// "Authors:" line of a file in another encoding would fail every render.
func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = oneLine(strings.ToValidUTF8(s, "\uFFFD")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func sortedNames(names []string) []string {
	var out []string
	for _, n := range names {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func sortedNumbers(ns []int) []int {
	var out []int
	for _, n := range ns {
		if n > 0 && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// normalizeNewlines turns CRLF and lone CR (both line endings to Markdown)
// into LF, so that a body reads back the way it was written.
func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
