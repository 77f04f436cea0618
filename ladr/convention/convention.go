// Package convention says how a team writes its decision records — file
// names and number width, where the metadata goes, section headings in the
// team's own words and language, status words, date format, template —
// learns that from the files already in a folder, and writes names, words
// and dates the same way. It reads and writes no files itself.
package convention

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
)

// Meta is where a folder writes a record's status, date and authors.
type Meta string

const (
	// FrontMatter is a YAML block at the top (MADR 3 and 4, kaigi).
	FrontMatter Meta = "front-matter"
	// DateLine is adr-tools': "Date: 2020-01-01" under the title and a
	// "## Status" section.
	DateLine Meta = "date-line"
	// List is header lines under the title: "* Status: accepted" (MADR 2,
	// log4brains), "- ステータス: 承認済み".
	List Meta = "list"
	// Sections is one section each: "## Date - 日付", "## Status" (Rakus).
	Sections Meta = "sections"
)

// Where a sample file wrote a field.
const (
	InFrontMatter = "front-matter"
	InList        = "list"
	InLine        = "line"
	InSection     = "section"
)

// Section is one section of the folder's template, or of its typical
// record when it has no template.
type Section struct {
	Heading  string `json:"heading"`
	Key      string `json:"key,omitempty"` // standard key, "" for the folder's own sections
	Optional bool   `json:"optional,omitempty"`
	Guidance string `json:"guidance,omitempty"` // the template's text under the heading
}

// KeyValue is a front matter key and its value as written.
type KeyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Version is the version of what Detect learns: a convention stored by a
// kaigi that learned less (before area folders, front matter ids and the
// like) is learned again from the folder's files.
const Version = 2

// Convention is everything kaigi learned about one folder.
type Convention struct {
	Version  int               `json:"version,omitempty"`
	Kind     string            `json:"kind"`  // for people: "adr-tools", "MADR", "log4brains", "Rakus LADR", "kaigi"
	Files    int               `json:"files"` // records it was learned from; 0 for kaigi's own
	Naming   Naming            `json:"naming"`
	Meta     Meta              `json:"meta"`
	Title    string            `json:"title"`              // title line: "{number}. {title}", "ADR-{number:3}: {title}", "{title}"
	Headings map[string]string `json:"headings,omitempty"` // standard key → heading as the folder writes it
	Sections []Section         `json:"sections,omitempty"` // the template's sections, in order

	FrontKeys  map[string]string `json:"front_keys,omitempty"`  // field → front matter key ("authors" → "decision-makers")
	FixedKeys  []KeyValue        `json:"fixed_keys,omitempty"`  // keys every record has with one value ("parent: Decisions")
	NumberKeys []string          `json:"number_keys,omitempty"` // keys holding the record's number ("nav_order")
	// NumberFormat is how the front matter's number key writes it:
	// "ADR-{number:4}" for "id: ADR-0012"; "" is the plain number.
	NumberFormat string `json:"number_format,omitempty"`
	// FrontFields are the record fields (number, title, status, date,
	// authors) that most records' front matter has, in their order.
	FrontFields []string `json:"front_fields,omitempty"`
	// PerArea says that each area (subfolder, or the word in
	// ADR-DATA-001-x.md) numbers its records from 1; else numbers are
	// shared by the whole folder.
	PerArea bool `json:"per_area,omitempty"`

	ListMarker string            `json:"list_marker,omitempty"` // "*" or "-"
	ListLabels map[string]string `json:"list_labels,omitempty"` // field → label ("status" → "ステータス")
	ListOrder  []string          `json:"list_order,omitempty"`

	Words    Words  `json:"words"`
	Dates    string `json:"dates,omitempty"` // Go layout of dates
	Japanese bool   `json:"japanese,omitempty"`
	Capital  bool   `json:"capital,omitempty"` // status words start upper case

	Template     string `json:"template,omitempty"` // the template's file name in the folder
	TemplateText string `json:"template_text,omitempty"`
	CRLF         bool   `json:"crlf,omitempty"`

	// Required lists what lint asks of every record: standard keys, and
	// Status when a record must say it.
	Required []string `json:"required,omitempty"`
}

// Kaigi is the convention of a folder with no records yet: kaigi's own
// template (the Rakus LADR sections with Specification) and front matter.
func Kaigi(naming Naming) Convention {
	if naming.Pattern == "" {
		naming = KaigiNaming
	}
	return Convention{
		Version: Version, Kind: "kaigi", Naming: naming, Meta: FrontMatter, Title: "{title}",
		Headings: map[string]string{Date: "Date", Status: "Status", Context: "Context", Specification: "Specification",
			Decision: "Decision", Consequences: "Consequences"},
		FrontKeys: map[string]string{Authors: "authors", Status: "status", Date: "date"},
		Dates:     ISODate,
		Required:  []string{Status, Context, Specification, Decision, Consequences},
	}
}

// IsKaigi reports whether the folder is written in kaigi's own format, the
// only one whose front matter has room for kaigi's links (meeting, agenda,
// decisions, review-by, Notion page, pull request).
func (c Convention) IsKaigi() bool { return c.Kind == "kaigi" }

// Heading is the folder's heading for a standard section, or def.
func (c Convention) Heading(key, def string) string {
	if h := c.Headings[key]; h != "" {
		return h
	}
	if c.Japanese {
		if h := japaneseHeadings[key]; h != "" {
			return h
		}
	}
	return def
}

var japaneseHeadings = map[string]string{
	Date: "日付", Status: "ステータス", Context: "背景", Specification: "仕様", Decision: "決定", Consequences: "結果",
}

// StatusText is what a file says for a state: the folder's word, or for a
// superseded record the folder's "superseded by" words and the links.
func (c Convention) StatusText(st data.LADRState, supersededBy []string) string {
	if st == data.LADRSuperseded && len(supersededBy) > 0 {
		return c.SupersededByWords() + " " + strings.Join(supersededBy, ", ")
	}
	return c.Words.Word(st, c.Japanese, c.Capital)
}

// SupersededByWords start a superseded record's status.
func (c Convention) SupersededByWords() string {
	if c.Words.SupersededBy != "" {
		return c.Words.SupersededBy
	}
	switch {
	case c.Japanese && !c.Words.english() && c.Words.Word(data.LADRSuperseded, true, false) != "":
		return c.Words.Word(data.LADRSuperseded, true, false)
	case c.Meta == DateLine:
		return "Superceded by" // what adr-tools writes
	case c.Capital:
		return "Superseded by"
	}
	return "superseded by"
}

// SupersedesWords start the newer record's line that links the older.
func (c Convention) SupersedesWords() string {
	if c.Words.Supersedes != "" {
		return c.Words.Supersedes
	}
	if c.Meta == DateLine && c.Words.SupersededBy == "" || strings.HasPrefix(strings.ToLower(c.Words.SupersededBy), "superceded") {
		return "Supercedes"
	}
	return "Supersedes"
}

// TitleLine writes a record's title heading text in the folder's format.
func (c Convention) TitleLine(number int, title string) string {
	return c.TitleLineIn("", number, title)
}

// TitleLineIn is TitleLine for a record of an area ("ADR-{area}-{number:3}:
// {title}").
func (c Convention) TitleLineIn(area string, number int, title string) string {
	f := c.Title
	if f == "" || (area == "" && strings.Contains(f, "{area}")) {
		f = "{title}"
	}
	return fillNumber(strings.ReplaceAll(strings.ReplaceAll(f, "{title}", title), "{area}", area), number)
}

// fillNumber writes number into the {number} and {number:N} of a format.
func fillNumber(f string, number int) string {
	return placeholder.ReplaceAllStringFunc(f, func(p string) string {
		m := placeholder.FindStringSubmatch(p)
		if !strings.HasPrefix(m[1], "number") {
			return p
		}
		if m[2] != "" {
			w, _ := strconv.Atoi(m[2])
			return fmt.Sprintf("%0*d", w, number)
		}
		return strconv.Itoa(number)
	})
}

// NumberText is a record's number as its front matter writes it: "12",
// or "ADR-0012" in a folder whose ids look so.
func (c Convention) NumberText(number int) string {
	if c.NumberFormat == "" {
		return strconv.Itoa(number)
	}
	return fillNumber(c.NumberFormat, number)
}

// RecordLink is the text of a link to another record, as the folder writes
// it: adr-tools "2. Use PostgreSQL", log4brains the file's slug, others
// "ADR-0002".
func (c Convention) RecordLink(number int, title, file string) string {
	switch {
	case c.Meta == DateLine:
		return fmt.Sprintf("%d. %s", number, title)
	case c.Naming.Dated():
		return strings.TrimSuffix(file, ".md")
	}
	return fmt.Sprintf("ADR-%0*d", max(c.Naming.Width(), 1), number)
}

// Requires reports whether lint asks every record for a key.
func (c Convention) Requires(key string) bool {
	for _, k := range c.Required {
		if k == key {
			return true
		}
	}
	return false
}

// Marshal and Unmarshal keep a convention in the database.
func (c Convention) Marshal() string {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // only strings, maps and slices of them
	}
	return string(b)
}

// Unmarshal reads a stored convention.
func Unmarshal(s string) (Convention, error) {
	var c Convention
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return c, fmt.Errorf("read stored LADR folder convention: %w", err)
	}
	return c, nil
}

// Describe is the convention in a few lines for people (import --dry-run).
func (c Convention) Describe() []string {
	lines := []string{
		fmt.Sprintf("convention: %s, learned from %d record files", c.Kind, c.Files),
		"file names: " + c.Naming.Pattern + map[bool]string{true: " (letter case kept)", false: ""}[c.Naming.KeepCase],
		"metadata: " + string(c.Meta),
		"title line: # " + c.Title,
	}
	var hs []string
	for _, k := range append([]string{Date, Status}, BodyKeys...) {
		if h := c.Headings[k]; h != "" {
			hs = append(hs, k+" = \""+h+"\"")
		}
	}
	if len(hs) > 0 {
		lines = append(lines, "headings: "+strings.Join(hs, ", "))
	}
	var ws []string
	for _, st := range data.LADRStates {
		if w, ok := c.Words.ByState[st]; ok {
			ws = append(ws, string(st)+" = \""+w+"\"")
		}
	}
	if len(ws) > 0 {
		lines = append(lines, "status words: "+strings.Join(ws, ", "))
	}
	if c.Words.SupersededBy != "" {
		lines = append(lines, "superseded: \""+c.Words.SupersededBy+" …\"")
	}
	if c.Template != "" {
		lines = append(lines, "template: "+c.Template)
	}
	if c.Dates != "" && c.Dates != ISODate {
		lines = append(lines, "dates: "+c.Dates)
	}
	if c.CRLF {
		lines = append(lines, "line endings: CRLF")
	}
	return lines
}
