package ladr

import (
	"path"
	"regexp"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// headerField is a metadata line under the title: "Date: 2020-01-01"
// (adr-tools), "* Status: accepted" (MADR 2, log4brains), "- ステータス:
// 承認済み". Groups: marker, label, value.
var headerField = regexp.MustCompile(`(?i)^\s*([-*+]\s+)?\**(status|date|deciders|decision-makers|authors?|supersedes|supercedes|superseded by|superceded by|ステータス|状態|日付|決定日|決定者|作成者|著者)\**\s*[:：]\**[ \t]*(.*?)[ \t]*(<!--.*-->)?[ \t]*$`)

var headerFields = map[string]string{
	"status": "status", "ステータス": "status", "状態": "status",
	"date": "date", "日付": "date", "決定日": "date",
	"deciders": "authors", "decision-makers": "authors", "author": "authors", "authors": "authors",
	"決定者": "authors", "作成者": "authors", "著者": "authors",
	"supersedes": "supersedes", "supercedes": "supersedes",
	"superseded by": "superseded-by", "superceded by": "superseded-by",
}

// summaryHeading names the text between the title and the first section
// (MADR's opening question, log4brains' "Technical Story") in a record.
const summaryHeading = "Summary"

// readPreamble reads the header lines between the title and the first
// section: "Date: 2020-01-01" (adr-tools), "* Status: accepted" (MADR 2,
// log4brains). Anything else there is kept as a "Summary" section.
func (p *parser) readPreamble(s string, off int) {
	var rest []string
	for _, line := range strings.Split(s, "\n") {
		lineOff := off
		off += len(line) + 1
		m := headerField.FindStringSubmatchIndex(line)
		if m == nil {
			rest = append(rest, line)
			continue
		}
		label, value := line[m[4]:m[5]], line[m[6]:m[7]]
		field := headerFields[strings.ToLower(label)]
		where := convention.InLine
		if m[2] >= 0 {
			where = convention.InList
			p.f.Sample.ListMarker = strings.TrimSpace(line[m[2]:m[3]])
			p.f.Sample.ListLabels[field] = label
			p.f.Sample.ListOrder = append(p.f.Sample.ListOrder, field)
		}
		fs := fieldSpan{where: where, line: span{p.bodyOff + lineOff, p.bodyOff + min(off, len(p.body))},
			value: span{p.bodyOff + lineOff + m[6], p.bodyOff + lineOff + m[7]}, label: label}
		if p.f.lay.fields == nil {
			p.f.lay.fields = map[string]fieldSpan{}
		}
		if _, dup := p.f.lay.fields[field]; !dup {
			p.f.lay.fields[field] = fs
		}
		switch field {
		case "status":
			p.f.Sample.Placement["status"] = where
			p.setStatus(value, lineOff)
		case "date":
			p.f.Sample.Placement["date"] = where
			p.setDate(value, lineOff)
		case "authors":
			p.f.Sample.Placement["authors"] = where
			if !p.fromFM["authors"] && len(p.f.Doc.Authors) == 0 {
				p.f.Doc.Authors = nonEmpty(strings.Split(value, ","))
			}
		case "supersedes":
			if !p.fromFM["supersedes"] {
				p.f.Doc.Supersedes = append(p.f.Doc.Supersedes, refsIn(value)...)
				p.f.Doc.SupersedesFiles = append(p.f.Doc.SupersedesFiles, fileRefsIn(value)...)
			}
		case "superseded-by":
			if !p.fromFM["superseded-by"] {
				p.f.Doc.SupersededBy = append(p.f.Doc.SupersededBy, refsIn(value)...)
				p.f.Doc.SupersededByFiles = append(p.f.Doc.SupersededByFiles, fileRefsIn(value)...)
			}
		}
	}
	if body := sectionText(strings.Join(rest, "\n")); body != "" {
		p.f.Doc.Extra = append(p.f.Doc.Extra, data.Section{Heading: summaryHeading, Body: body})
		p.f.Guesses = append(p.f.Guesses, "text between the title and the first section kept as section \"Summary\"")
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
			p.statusLinks(line, true)
			continue
		}
		p.statusLinks(line, false)
	}
	if first == "" {
		return
	}
	p.f.RawStatus = first
	if st, ok := convention.ParseStatus(first); ok {
		p.f.Doc.State = st
		return
	}
	p.f.UnknownStatus = first
}

// statusLinks reads the links of a status line: "Superseded by [..](..)",
// "Supercedes [..](..)"; in the first line of a superseded record every
// link names a newer record.
func (p *parser) statusLinks(line string, first bool) {
	lower := strings.ToLower(line)
	d := &p.f.Doc
	switch {
	case convention.SupersededPrefix(line) != "" || (first && isSupersededWord(line)):
		if !p.fromFM["superseded-by"] {
			d.SupersededBy = append(d.SupersededBy, refsIn(line)...)
			d.SupersededByFiles = append(d.SupersededByFiles, fileRefsIn(line)...)
		}
	case strings.HasPrefix(lower, "supersedes") || strings.HasPrefix(lower, "supercedes") || strings.HasPrefix(lower, "replaces"):
		if !p.fromFM["supersedes"] {
			d.Supersedes = append(d.Supersedes, refsIn(line)...)
			d.SupersedesFiles = append(d.SupersedesFiles, fileRefsIn(line)...)
		}
	}
}

func isSupersededWord(line string) bool {
	st, ok := convention.ParseStatus(line)
	return ok && st == "superseded"
}

// linksSection reads log4brains' "## Links" list: "- Supersedes [..](..)".
func (p *parser) linksSection(body string) {
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*+"))
		if line != "" {
			p.statusLinks(line, false)
		}
	}
}

var (
	statusRef = regexp.MustCompile(`(?i)\]\(([^)\s]+)\)|\bl?adr[-_ ]?0*(\d{1,6})\b`)
	linkDest  = regexp.MustCompile(`\]\(([^)\s]+)\)`)
)

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

// fileRefsIn lists the files in the same folder that a line links to.
func fileRefsIn(line string) []string {
	var out []string
	for _, m := range linkDest.FindAllStringSubmatch(line, -1) {
		if target, ok := localTarget(m[1]); ok && !strings.Contains(strings.TrimPrefix(target, "./"), "/") {
			out = append(out, path.Base(target))
		}
	}
	return out
}

// sampleFront notes how the front matter writes a record's fields.
func (p *parser) sampleFront(fm frontMatter) {
	for _, k := range p.f.lay.fm.keys {
		p.f.Sample.FrontKeys = append(p.f.Sample.FrontKeys, convention.KeyValue{Key: k.name, Value: k.scalar})
		if k.field != "" {
			p.f.Sample.FrontAlias[k.field] = k.name
			if k.field == "status" || k.field == "date" || k.field == "authors" {
				p.f.Sample.Placement[k.field] = convention.InFrontMatter
			}
		}
	}
	if fm.fields["date"] {
		p.f.Sample.Date = fm.rawDate
	}
}
