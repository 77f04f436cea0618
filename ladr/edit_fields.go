package ladr

import (
	"bytes"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// fmValue is a front matter value to write: a scalar, or a list.
type fmValue struct {
	scalar string
	list   []string
	isList bool
	plain  bool // numbers and dates, written as they are
}

func scalarValue(s string) fmValue { return fmValue{scalar: s} }
func plainValue(s string) fmValue  { return fmValue{scalar: s, plain: true} }
func listValue(l []string) fmValue { return fmValue{list: l, isList: true} }

// setStatus writes a record's status where the file has it, or where the
// folder puts it.
func (e *editor) setStatus(text string) {
	e.setStatusWords(text, "")
}

// setStatusWords is setStatus where a Status section written in Japanese
// gets the word japanese instead (kaigi's Japanese template: 提案中 under
// "Status - ステータス"), while the front matter keeps the state's name.
func (e *editor) setStatusWords(text, japanese string) {
	lay := e.f.lay
	wrote := false
	if !e.fresh {
		text = keepNote(e.f.RawStatus, text)
	}
	if k, ok := lay.key("status"); ok {
		e.setKey(k, scalarValue(plainLinks(text)))
		wrote = true
	}
	if fs, ok := lay.fields["status"]; ok {
		e.setFieldValue(fs, text)
		wrote = true
	}
	if s, ok := lay.section(secStatus); ok {
		if japanese != "" && convention.HasJapanese(s.heading) {
			e.setFirstLine(s, japanese)
		} else {
			e.setFirstLine(s, text)
		}
		wrote = true
	}
	if wrote {
		return
	}
	switch e.conv.Meta {
	case convention.FrontMatter:
		e.addKey(e.frontKey("status"), scalarValue(plainLinks(text)))
	case convention.List:
		e.addListLine("status", text)
	default:
		e.insertSection(e.conv.Heading(secStatus, "Status"), secStatus, text)
	}
}

// setDate writes a date in the folder's format; the zero date removes it.
func (e *editor) setDate(d data.Date) {
	text := convention.FormatDate(d, e.conv.Dates)
	lay := e.f.lay
	wrote := false
	if k, ok := lay.key("date"); ok {
		if d.IsZero() {
			e.replace(k.start, k.end, "")
		} else {
			e.setKey(k, plainValue(d.String()))
		}
		wrote = true
	}
	if fs, ok := lay.fields["date"]; ok {
		if d.IsZero() {
			e.replace(fs.line.start, fs.line.end, "")
		} else {
			e.setFieldValue(fs, text)
		}
		wrote = true
	}
	if s, ok := lay.section(secDate); ok {
		e.setSectionBody(s, text)
		wrote = true
	}
	if wrote || d.IsZero() || e.fresh { // a new file has a date only where the folder's shape has one
		return
	}
	switch e.conv.Meta {
	case convention.FrontMatter:
		e.addKey(e.frontKey("date"), plainValue(d.String()))
	case convention.List:
		e.addListLine("date", text)
	case convention.DateLine:
		at := 0
		if lay.title != nil {
			at = lay.title.end
		}
		e.replace(at, at, "\n"+e.label("date", "Date")+": "+text+"\n")
	default:
		e.insertSection(e.conv.Heading(secDate, "Date"), secDate, text)
	}
}

// setAuthors writes the people who decided, where the folder has a place
// for them.
func (e *editor) setAuthors(authors []string) {
	lay := e.f.lay
	if k, ok := lay.key("authors"); ok {
		if len(authors) == 0 && e.fresh {
			e.replace(k.start, k.end, "")
			return
		}
		e.setKey(k, listValue(authors))
		return
	}
	if fs, ok := lay.fields["authors"]; ok {
		if len(authors) == 0 {
			e.replace(fs.line.start, fs.line.end, "")
			return
		}
		e.setFieldValue(fs, strings.Join(authors, ", "))
		return
	}
	if len(authors) == 0 {
		return
	}
	switch e.conv.Meta {
	case convention.FrontMatter:
		e.addKey(e.frontKey("authors"), listValue(authors))
	case convention.List:
		e.addListLine("authors", strings.Join(authors, ", "))
	default:
		e.notes = append(e.notes, "authors kept in kaigi only: this folder's records have no place for them")
	}
}

// setSupersedes writes the links to the records a record supersedes, as
// adr-tools does in the Status section; folders that write the link only
// on the older record ("superseded by …") get nothing here.
func (e *editor) setSupersedes(links []string) {
	lay := e.f.lay
	if k, ok := lay.key("supersedes"); ok {
		e.setKey(k, listValue(links))
		return
	}
	if fs, ok := lay.fields["supersedes"]; ok {
		if len(links) == 0 {
			e.replace(fs.line.start, fs.line.end, "")
		} else {
			e.setFieldValue(fs, strings.Join(links, ", "))
		}
		return
	}
	s, ok := lay.section(secStatus)
	if !ok {
		return
	}
	t := e.text()
	c := e.content(s.body)
	firstEnd := endOfLine(t, c.start)
	var lines []string
	for _, l := range links {
		lines = append(lines, e.conv.SupersedesWords()+" "+l)
	}
	added := false
	for off := firstEnd; off < c.end; {
		end := endOfLine(t, off)
		line := strings.ToLower(strings.TrimSpace(t[off:end]))
		if strings.HasPrefix(line, "supersedes") || strings.HasPrefix(line, "supercedes") {
			start := off
			if off > firstEnd && strings.TrimSpace(t[prevLine(t, off):off]) == "" {
				start = prevLine(t, off) // the blank line before the paragraph
			}
			text := ""
			if !added && len(lines) > 0 {
				text = t[start:off] + strings.Join(lines, "\n\n") + "\n"
				added = true
			}
			e.replace(start, end, text)
		}
		off = end
	}
	if added || len(lines) == 0 {
		return
	}
	paragraphs := strings.Join(lines, "\n\n")
	switch {
	case firstEnd > c.end: // the status line is the section's last line
		e.replace(c.end, c.end, "\n\n"+paragraphs)
	case t[firstEnd-1] != '\n': // the last line of a file without a line end
		e.replace(firstEnd, firstEnd, "\n\n"+paragraphs+"\n")
	default:
		e.replace(firstEnd, firstEnd, "\n"+paragraphs+"\n")
	}
}

func prevLine(t string, off int) int {
	if off == 0 {
		return 0
	}
	return strings.LastIndexByte(t[:off-1], '\n') + 1
}

// setFirstLine replaces the first line of a section: the status word of a
// Status section, keeping the links adr-tools writes below it.
func (e *editor) setFirstLine(s sectionSpan, text string) {
	c := e.content(s.body)
	if c.start == c.end {
		e.setSectionBody(s, text)
		return
	}
	end := min(e.lineEnd(c.start), c.end)
	if end > c.start && e.text()[end-1] == '\n' {
		end--
	}
	e.replace(c.start, end, text)
}

// setFieldValue replaces the value of a "Status: …" line. A template's
// "<!-- optional -->" note goes when kaigi fills the line for a new record.
func (e *editor) setFieldValue(fs fieldSpan, text string) {
	end := fs.value.end
	if e.fresh {
		end = fs.line.end
		if end > fs.value.start && e.text()[end-1] == '\n' {
			end--
		}
	}
	e.replace(fs.value.start, end, text)
}

// addListLine adds a "* Status: …" line after the others.
func (e *editor) addListLine(field, value string) {
	marker := e.conv.ListMarker
	if marker == "" {
		marker = "*"
	}
	line := marker + " " + e.label(field, "") + ": " + value + "\n"
	last := -1
	for _, fs := range e.f.lay.fields {
		if fs.where == convention.InList && fs.line.end > last {
			last = fs.line.end
		}
	}
	if last >= 0 {
		e.replace(last, last, line)
		return
	}
	at := e.f.lay.preamble.start
	if e.f.lay.title == nil && e.f.lay.fm != nil {
		at = e.lineEnd(e.f.lay.fm.end)
	}
	e.replace(at, at, "\n"+line)
}

var defaultLabels = map[string][2]string{
	"status": {"Status", "ステータス"}, "date": {"Date", "日付"}, "authors": {"Deciders", "決定者"},
}

func (e *editor) label(field, def string) string {
	if l := e.conv.ListLabels[field]; l != "" {
		return l
	}
	if d, ok := defaultLabels[field]; ok {
		if e.conv.Japanese {
			return d[1]
		}
		return d[0]
	}
	return def
}

// frontKey is the key the folder uses for a field ("decision-makers").
func (e *editor) frontKey(field string) string {
	if k := e.conv.FrontKeys[field]; k != "" {
		return k
	}
	if field == "authors" && !e.conv.IsKaigi() {
		return "decision-makers" // MADR 4
	}
	return field
}

// setKey rewrites one front matter key, keeping its name and style.
func (e *editor) setKey(k fmKey, v fmValue) {
	e.replace(k.start, k.end, renderKey(k, k.name, v))
}

// addKey adds a key at the end of the front matter, or a front matter
// block when the file has none.
func (e *editor) addKey(name string, v fmValue) {
	line := renderKey(fmKey{flow: true}, name, v)
	if fm := e.f.lay.fm; fm != nil {
		e.replace(fm.end, fm.end, line)
		return
	}
	e.replace(0, 0, "---\n"+line+"---\n")
}

func renderKey(k fmKey, name string, v fmValue) string {
	if !v.isList {
		val := v.scalar
		switch {
		case v.plain:
		case k.quote == '"':
			val = strings.Trim(yamlQuoted(val), "\n")
		case k.quote == '\'':
			val = "'" + strings.ReplaceAll(val, "'", "''") + "'"
		default:
			val = yamlScalar(val)
		}
		if val == "" {
			return name + ":\n"
		}
		return name + ": " + val + "\n"
	}
	switch {
	case k.block:
		var b strings.Builder
		b.WriteString(name + ":\n")
		for _, item := range v.list {
			b.WriteString(k.indent + "- " + yamlScalar(item) + "\n")
		}
		if len(v.list) == 0 {
			return name + ": []\n"
		}
		return b.String()
	case !k.flow && k.name != "":
		return name + ": " + yamlScalar(strings.Join(v.list, ", ")) + "\n"
	}
	items := make([]string, len(v.list))
	for i, item := range v.list {
		if v.plain {
			items[i] = item
		} else {
			items[i] = yamlFlowItem(item)
		}
	}
	return name + ": [" + strings.Join(items, ", ") + "]\n"
}

// yamlScalar writes a string as YAML would, quoting only when it must.
func yamlScalar(s string) string {
	if s == "" {
		return `""`
	}
	return encodeNode(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
}

func yamlQuoted(s string) string {
	return encodeNode(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle})
}

// yamlFlowItem writes a list item of a [a, b] list.
func yamlFlowItem(s string) string {
	out := encodeNode(&yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle,
		Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}}})
	return strings.TrimSuffix(strings.TrimPrefix(out, "["), "]")
}

func encodeNode(n *yaml.Node) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(n); err != nil {
		return `""`
	}
	enc.Close()
	return strings.TrimRight(buf.String(), "\n")
}

// setBody writes a section's body, or adds the section with the folder's
// heading.
func (e *editor) setBody(key, body string) {
	body = sectionText(body)
	if s, ok := e.f.lay.section(key); ok {
		e.setSectionBody(s, body)
		return
	}
	if body == "" {
		return
	}
	e.insertSection(e.conv.Heading(key, sectionTitles[key]), key, body)
}

var sectionTitles = map[string]string{
	secContext: "Context", secSpecification: "Specification", secDecision: "Decision", secConsequences: "Consequences",
}

// statusNote is what a team writes after the status word: a note in
// brackets, "採用（2026-06-11 改訂: 対象を広げた）", "Accepted (on 2024-01-05)".
var statusNote = regexp.MustCompile(`^\s*([^\s(（\[]+(?:[ -]hold)?)(\s*[(（].*)$`)

// keepNote keeps the note of the status a file has when kaigi writes
// another status word: the note is the team's, not the status's.
func keepNote(raw, text string) string {
	m := statusNote.FindStringSubmatch(raw)
	if m == nil || strings.ContainsAny(text, "([（") {
		return text
	}
	if _, ok := convention.ParseStatus(m[1]); !ok {
		return text
	}
	return text + m[2]
}

var markdownLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// plainLinks writes links as their text, for a YAML value: front matter
// is metadata, and "superseded by [ADR-0005](0005-x.md)" there is neither
// a link nor plain YAML to the tools that read it.
func plainLinks(s string) string { return markdownLink.ReplaceAllString(s, "$1") }
