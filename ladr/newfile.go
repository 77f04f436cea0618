package ladr

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// newFile writes the file of a record that has none yet the way its folder
// writes records: the folder's template filled in (adr-tools' way: its
// title line, date and status set, sections the record has written, the
// template's guidance left in required sections nobody wrote yet, optional
// ones left out), or, without a template, the shape of the folder's
// records; a folder with no records gets kaigi's own template.
func newFile(conv convention.Convention, r *Renderer, doc Document, cur recordView, ln linker, area string) ([]byte, []string, error) {
	if conv.IsKaigi() {
		out, err := r.forFolder(conv).RenderDocument(doc)
		return out, nil, err
	}
	skeleton := conv.TemplateText
	if skeleton == "" {
		skeleton = synthesize(conv)
	}
	e := newEditor("template.md", []byte(skeleton), conv)
	e.fresh, e.area = true, area
	e.setTitle(cur.Number, cur.Title)
	writeStatus(e, cur, ln)
	writeSupersedes(e, cur, ln)
	e.setDate(cur.Date)
	e.setAuthors(cur.Authors)
	fillFront(e, cur)
	fillPreamble(e, cur)
	fillSections(e, cur)
	return tidy(e.bytes()), e.notes, nil
}

// tidy cleans what filling a template leaves behind in a new file: the
// "optional" notes of sections that were left out, runs of blank lines
// where lines were dropped, blank lines at the end. Code blocks are kept
// as they are.
func tidy(src []byte) []byte {
	nl := newOriginal(src).newline()
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	var out []string
	fence := ""
	nextContent := func(i int) string {
		for _, l := range lines[i+1:] {
			if strings.TrimSpace(l) != "" {
				return strings.TrimSpace(l)
			}
		}
		return ""
	}
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if m := fenceOpen.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1][:3]
			case strings.HasPrefix(strings.TrimSpace(line), fence):
				fence = ""
			}
			out = append(out, line)
			continue
		}
		if fence != "" {
			out = append(out, line)
			continue
		}
		if optionalNote.MatchString(t) && !strings.HasPrefix(nextContent(i), "#") {
			continue
		}
		if t == "" && (len(out) == 0 || strings.TrimSpace(out[len(out)-1]) == "") {
			continue
		}
		out = append(out, line)
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return []byte(strings.Join(out, nl) + nl)
}

// optionalNote is a template's whole-line "optional" comment.
var optionalNote = regexp.MustCompile(`(?i)^<!--[^>]*optional[^>]*-->$`)

// placeholderValue is a template's stand-in: "{list everyone involved}",
// "[YYYY-MM-DD when the decision was last updated]", "NUMBER".
var placeholderValue = regexp.MustCompile(`^(\{.*\}|\[.*\]|[A-Z_]{4,})$`)

func isPlaceholder(v string) bool {
	v = strings.TrimSpace(htmlCommentRe.ReplaceAllString(v, ""))
	return placeholderValue.MatchString(v) || strings.Contains(v, "…") || strings.Contains(v, " | ")
}

var htmlCommentRe = regexp.MustCompile(`<!--.*?-->`)

// fillFront drops the template's front matter keys kaigi does not fill
// that still hold placeholders, and writes the keys every record of the
// folder has (Just the Docs' "parent: Decisions", "nav_order: 12").
func fillFront(e *editor, cur recordView) {
	lay := e.f.lay
	have := map[string]bool{}
	if lay.fm != nil {
		for _, k := range lay.fm.keys {
			have[k.name] = true
			switch {
			case k.field == "number":
				e.setKey(k, plainValue(e.conv.NumberText(cur.Number)))
			case k.field == "status" || k.field == "date" || k.field == "authors" || k.field == "title":
			case contains(e.conv.NumberKeys, k.name):
				e.setKey(k, plainValue(itoa(cur.Number)))
			case isPlaceholder(k.scalar) || (k.scalar == "" && !k.block):
				e.replace(k.start, k.end, "")
			}
		}
	}
	if e.conv.Meta != convention.FrontMatter {
		return
	}
	for _, kv := range e.conv.FixedKeys {
		if !have[kv.Key] {
			e.addKey(kv.Key, plainValue(kv.Value))
		}
	}
	for _, k := range e.conv.NumberKeys {
		if !have[k] {
			e.addKey(k, plainValue(itoa(cur.Number)))
		}
	}
}

// fillPreamble drops the template's free text under the title ("Technical
// Story: [description | ticket/issue URL]") and header lines kaigi does not
// fill, unless the record has a summary of its own.
func fillPreamble(e *editor, cur recordView) {
	t := e.text()
	p := e.f.lay.preamble
	fieldAt := map[int]bool{}
	for _, fs := range e.f.lay.fields {
		fieldAt[fs.line.start] = true
	}
	for off := p.start; off < p.end; {
		end := min(endOfLine(t, off), p.end)
		if !fieldAt[off] && strings.TrimSpace(t[off:end]) != "" {
			e.replace(off, end, "")
		}
		off = end
	}
	for _, s := range cur.Extra {
		if s.Heading == summaryHeading && s.Body != "" {
			e.replace(p.end, p.end, sectionText(s.Body)+"\n\n")
		}
	}
}

// fillSections writes the record's sections into the template's.
func fillSections(e *editor, cur recordView) {
	bodies := map[string]string{secContext: cur.Context, secSpecification: cur.Specification,
		secDecision: cur.Decision, secConsequences: cur.Consequences}
	used := map[int]bool{}
	inTemplate := map[string]bool{}
	for _, s := range e.f.lay.sections {
		var body string
		switch {
		case s.key == secStatus || s.key == secDate:
			continue
		case s.key != "":
			inTemplate[s.key] = true
			body = bodies[s.key]
		default:
			for i, x := range cur.Extra {
				if !used[i] && x.Heading != summaryHeading && cleanHeading(x.Heading) == cleanHeading(s.heading) {
					used[i], body = true, x.Body
					break
				}
			}
		}
		switch {
		case body != "":
			e.setSectionBody(s, sectionText(body))
		case e.conv.Optional(s.key, s.heading):
			e.replace(e.optionalNoteBefore(s.head.start), s.body.end, "")
		}
	}
	for _, key := range convention.BodyKeys {
		if !inTemplate[key] && bodies[key] != "" {
			e.insertSection(e.conv.Heading(key, sectionTitles[key]), key, sectionText(bodies[key]))
		}
	}
	for i, x := range cur.Extra {
		if !used[i] && x.Heading != summaryHeading {
			e.appendText("## " + atxText(x.Heading) + "\n\n" + sectionText(x.Body) + "\n")
		}
	}
}

// optionalNoteBefore is where the "optional" note a template puts above
// a heading starts (MADR's), or the heading itself when it has none.
func (e *editor) optionalNoteBefore(head int) int {
	t := e.text()
	for off := head; off > 0; {
		start := prevLine(t, off)
		line := strings.TrimSpace(t[start:off])
		switch {
		case line == "":
			off = start
			continue
		case optionalNote.MatchString(line):
			return start
		}
		break
	}
	return head
}

func cleanHeading(h string) string {
	return oneLine(strings.TrimSpace(htmlCommentRe.ReplaceAllString(h, "")))
}

// synthesize is a template for a folder that has none: its metadata, its
// headings in its usual order.
func synthesize(c convention.Convention) string {
	var b strings.Builder
	if c.Meta == convention.FrontMatter {
		fields := c.FrontFields
		if len(fields) == 0 {
			fields = []string{"status", "date", "authors"}
		}
		b.WriteString("---\n")
		for _, f := range fields {
			b.WriteString(frontName(c, f) + ": " + strings.ToUpper(f) + "\n")
		}
		b.WriteString("---\n")
	}
	b.WriteString("# TITLE\n\n")
	switch c.Meta {
	case convention.DateLine:
		b.WriteString(labelOr(c, "date", "Date") + ": DATE\n\n")
	case convention.List:
		marker := c.ListMarker
		if marker == "" {
			marker = "*"
		}
		order := c.ListOrder
		if len(order) == 0 {
			order = []string{"status", "date", "authors"}
		}
		for _, f := range order {
			if f == "status" || f == "date" || f == "authors" {
				b.WriteString(marker + " " + labelOr(c, f, defaultLabels[f][0]) + ": " + strings.ToUpper(f) + "\n")
			}
		}
		b.WriteString("\n")
	}
	for _, s := range skeletonSections(c) {
		b.WriteString("## " + s.Heading + "\n\n")
		switch s.Key {
		case secStatus:
			b.WriteString("STATUS\n\n")
		case secDate:
			b.WriteString("DATE\n\n")
		}
	}
	return b.String()
}

func frontName(c convention.Convention, field string) string {
	if k := c.FrontKeys[field]; k != "" {
		return k
	}
	if field == "authors" {
		return "decision-makers"
	}
	return field
}

func labelOr(c convention.Convention, field, def string) string {
	if l := c.ListLabels[field]; l != "" {
		return l
	}
	if c.Japanese {
		return defaultLabels[field][1]
	}
	return def
}

// skeletonSections are the sections of a new record in a folder without a
// template: those most of its records have, with Status (and Date) first
// where the folder writes them as sections.
func skeletonSections(c convention.Convention) []convention.Section {
	secs := c.Sections
	if len(secs) == 0 {
		for _, k := range c.Required {
			secs = append(secs, convention.Section{Key: k, Heading: c.Heading(k, defaultHeading(k))})
		}
	}
	var out []convention.Section
	need := map[string]bool{}
	switch c.Meta {
	case convention.DateLine:
		need[secStatus] = true
	case convention.Sections:
		need[secDate], need[secStatus] = true, true
	}
	for _, k := range []string{secDate, secStatus} {
		if !need[k] {
			continue
		}
		found := false
		for _, s := range secs {
			found = found || s.Key == k
		}
		if !found {
			out = append(out, convention.Section{Key: k, Heading: c.Heading(k, defaultHeading(k))})
		}
	}
	return append(out, secs...)
}

func defaultHeading(key string) string {
	switch key {
	case secDate:
		return "Date"
	case secStatus:
		return "Status"
	}
	return sectionTitles[key]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
