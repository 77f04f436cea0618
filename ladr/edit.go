package ladr

import (
	"sort"
	"strings"

	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// editor changes fields of one file in place: each change replaces the
// bytes of that field only (a status line, a section's body, a front matter
// key), so every other byte — unknown keys, section order, headings kaigi
// has no name for, blank lines, line ends — stays as the team wrote it.
type editor struct {
	f     File
	src   []byte
	conv  convention.Convention
	fresh bool   // filling a template for a new record, not editing a record
	area  string // a new record's area word, for title lines that show it
	edits []edit
	notes []string // what the file has no place for
}

// edit replaces [start, end) of the file's normalized text with text,
// written with "\n" line ends.
type edit struct {
	start, end int
	text       string
	seq        int
}

func newEditor(name string, src []byte, conv convention.Convention) *editor {
	return &editor{f: Parse(name, src), src: src, conv: conv}
}

func (e *editor) replace(start, end int, text string) {
	e.edits = append(e.edits, edit{start: start, end: end, text: text, seq: len(e.edits)})
}

func (e *editor) text() string { return e.f.lay.text }

// bytes applies the edits to the original bytes: untouched bytes are
// copied as they are, new text gets the file's own line ends.
func (e *editor) bytes() []byte {
	if len(e.edits) == 0 {
		return e.src
	}
	sort.SliceStable(e.edits, func(i, j int) bool {
		if e.edits[i].start != e.edits[j].start {
			return e.edits[i].start < e.edits[j].start
		}
		return e.edits[i].seq < e.edits[j].seq
	})
	o := newOriginal(e.src)
	nl := o.newline()
	var b strings.Builder
	at := 0 // normalized offset copied so far
	if len(e.src) >= 3 && string(e.src[:3]) == "\xef\xbb\xbf" {
		b.Write(e.src[:3])
	}
	for _, ed := range e.edits {
		if ed.start < at {
			if ed.text == "" {
				at = max(at, ed.end) // two deletions that meet: one deletion
			}
			continue // another overlap cannot happen for distinct fields
		}
		b.Write(e.src[o.at(at):o.at(ed.start)])
		b.WriteString(strings.ReplaceAll(ed.text, "\n", nl))
		at = ed.end
	}
	b.Write(e.src[o.at(at):])
	return []byte(b.String())
}

// lineEnd is the offset after the line that holds off.
func (e *editor) lineEnd(off int) int { return endOfLine(e.text(), off) }

// content is the part of a span without the blank lines around it.
func (e *editor) content(s span) span {
	t := e.text()
	start := s.start
	for start < s.end {
		end := endOfLine(t, start)
		if end > s.end {
			end = s.end
		}
		if strings.TrimSpace(t[start:end]) != "" {
			break
		}
		start = end
	}
	end := s.end
	for end > start && (t[end-1] == '\n' || t[end-1] == ' ' || t[end-1] == '\t') {
		end--
	}
	return span{start, end}
}

// setSectionBody replaces what is under a heading, keeping the blank lines
// around it.
func (e *editor) setSectionBody(s sectionSpan, body string) {
	c := e.content(s.body)
	switch {
	case body == "" && c.start == c.end:
		return
	case body == "":
		tail := ""
		if s.body.end < len(e.text()) {
			tail = "\n"
		}
		e.replace(s.body.start, s.body.end, tail)
	case c.start == c.end:
		tail := "\n"
		if s.body.end < len(e.text()) {
			tail = "\n\n"
		}
		e.replace(s.body.start, s.body.end, "\n"+body+tail)
	default:
		e.replace(c.start, c.end, body)
	}
}

// insertSection adds a section where its key belongs among the standard
// ones, or at the end.
func (e *editor) insertSection(heading, key, body string) {
	secs := e.f.lay.sections
	order := []string{secDate, secStatus, secContext, secSpecification, secDecision, secConsequences}
	rank := func(k string) int {
		for i, o := range order {
			if o == k {
				return i
			}
		}
		return -1
	}
	text := "## " + atxText(heading) + "\n\n"
	if body != "" {
		text += body + "\n\n"
	}
	if r := rank(key); r >= 0 {
		for _, s := range secs {
			if sr := rank(s.key); sr > r {
				e.replace(s.head.start, s.head.start, text)
				return
			}
		}
	}
	e.appendText(text)
}

// appendText adds text at the end of the file, after one blank line.
func (e *editor) appendText(text string) {
	t := e.text()
	end := len(t)
	switch {
	case end == 0:
	case strings.HasSuffix(t, "\n\n"):
	case strings.HasSuffix(t, "\n"):
		text = "\n" + text
	default:
		text = "\n\n" + text
	}
	e.replace(end, end, strings.TrimRight(text, "\n")+"\n")
}

// removeSection deletes a heading and its body.
func (e *editor) removeSection(s sectionSpan) {
	e.replace(s.head.start, s.body.end, "")
}

// setTitle writes the title: the "# ..." heading, and the front matter
// title key where the file has one.
func (e *editor) setTitle(number int, title string) {
	lay := e.f.lay
	if k, ok := lay.key("title"); ok { // a front matter title (Just the Docs' nav) says the same
		e.setKey(k, scalarValue(title))
	}
	if lay.title == nil {
		start := 0
		if lay.fm != nil {
			start = e.lineEnd(lay.fm.end)
		}
		e.replace(start, start, "# "+atxText(e.conv.TitleLineIn(e.area, number, title))+"\n\n")
		return
	}
	line := e.text()[lay.title.start:lay.title.end]
	old := e.f.Doc.Title
	if i := strings.LastIndex(line, old); !e.fresh && old != "" && i >= 0 && !strings.HasSuffix(title, "#") &&
		strings.HasPrefix(strings.TrimLeft(line, " "), "#") {
		e.replace(lay.title.start+i, lay.title.start+i+len(old), title)
		return
	}
	e.replace(lay.title.start, lay.title.end, "# "+atxText(e.conv.TitleLineIn(e.area, number, title))+"\n")
}
