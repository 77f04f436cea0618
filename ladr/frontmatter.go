package ladr

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// writeFrontMatter renders the YAML block between the two "---" lines.
// Values go through the YAML encoder, so titles with ":", "#", "---",
// quotes or line breaks are quoted as needed and read back unchanged.
func writeFrontMatter(d Document) (string, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	}
	add("number", intNode(d.Number))
	add("title", strNode(d.Title))
	add("status", strNode(string(d.State)))
	add("date", dateNode(d.Date))
	add("authors", strList(d.Authors))
	add("supersedes", intList(d.Supersedes))
	add("superseded-by", intList(d.SupersededBy))
	if d.MeetingID != "" {
		add("meeting", strNode(string(d.MeetingID)))
	}
	if d.AgendaID != "" {
		add("agenda", strNode(string(d.AgendaID)))
	}
	if len(d.DecisionIDs) > 0 {
		ids := make([]string, len(d.DecisionIDs))
		for i, id := range d.DecisionIDs {
			ids[i] = string(id)
		}
		add("decisions", strList(ids))
	}
	if !d.ReviewBy.IsZero() {
		add("review-by", dateNode(d.ReviewBy))
	}
	if d.NotionURL != "" {
		add("notion", strNode(d.NotionURL))
	}
	if d.PRURL != "" {
		add("pr", strNode(d.PRURL))
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return "", fmt.Errorf("encode front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return "", fmt.Errorf("encode front matter: %w", err)
	}
	return "---\n" + buf.String() + "---", nil
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func intNode(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}

// dateNode writes a date unquoted, as people write it by hand.
func dateNode(d data.Date) *yaml.Node {
	if d.IsZero() {
		return strNode("")
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d.String()}
}

func strList(list []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range list {
		n.Content = append(n.Content, strNode(s))
	}
	return n
}

func intList(list []int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range list {
		n.Content = append(n.Content, intNode(v))
	}
	return n
}

// splitFrontMatter separates a leading "---" block from the Markdown. It
// returns the YAML text, the Markdown body and the number of lines before
// the body; ok is false when the file has no front matter.
func splitFrontMatter(src string) (yamlText, body string, bodyLine int, ok bool) {
	first, rest, found := strings.Cut(src, "\n")
	if !found || strings.TrimRight(first, " \t") != "---" {
		return "", src, 0, false
	}
	line := 1
	for off := 0; off < len(rest); {
		end := strings.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
		}
		cur := strings.TrimRight(rest[off:next], " \t\n")
		line++
		if cur == "---" || cur == "..." {
			return rest[:off], rest[next:], line, true
		}
		off = next
	}
	return "", src, 0, false
}

// frontMatter is what a file's YAML block said, read field by field so
// that one odd value costs that value only, with a note, not the file.
type frontMatter struct {
	fields    map[string]bool // canonical keys present
	lines     map[string]int  // canonical key → line in the file
	notes     []string
	rawStatus string // the status as written
	rawDate   string
	rawNumber string
}

// fieldAliases maps the keys used by kaigi, MADR and others to one name.
var fieldAliases = map[string]string{
	"number": "number", "id": "number", "adr": "number",
	"title": "title", "name": "title",
	"status": "status", "state": "status",
	"date": "date", "created": "date", "decided": "date",
	"authors": "authors", "author": "authors", "deciders": "authors", "decision-makers": "authors",
	"supersedes": "supersedes", "replaces": "supersedes",
	"superseded-by": "superseded-by", "superseded_by": "superseded-by", "supersededby": "superseded-by",
	"meeting": "meeting", "agenda": "agenda", "decisions": "decisions",
	"review-by": "review-by", "review_by": "review-by", "reviewby": "review-by",
	"notion": "notion", "notion-url": "notion", "notion_url": "notion",
	"pr": "pr", "pull-request": "pr", "pr-url": "pr",
}

// readFrontMatter fills d from YAML text whose first line is line firstLine
// of the file.
func readFrontMatter(text string, firstLine int, d *Document) frontMatter {
	fm := frontMatter{fields: map[string]bool{}, lines: map[string]int{}}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(text), &root); err != nil {
		fm.notes = append(fm.notes, "front matter is not valid YAML, ignored it: "+firstLineOf(err.Error()))
		return fm
	}
	if root.Kind == 0 {
		return fm
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		fm.notes = append(fm.notes, "front matter is not a list of key: value lines, ignored it")
		return fm
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key, known := fieldAliases[strings.ToLower(strings.TrimSpace(k.Value))]
		if !known || fm.fields[key] {
			continue // the folder's own key (parent, nav_order…): kept in the file as it is
		}
		fm.fields[key] = true
		switch key {
		case "status":
			fm.rawStatus = strings.TrimSpace(scalar(v))
		case "date":
			fm.rawDate = strings.TrimSpace(scalar(v))
		case "number":
			fm.rawNumber = strings.TrimSpace(scalar(v))
		}
		fm.lines[key] = firstLine + k.Line - 1
		if err := fm.set(key, v, d); err != nil {
			fm.notes = append(fm.notes, fmt.Sprintf("front matter %s: %v", k.Value, err))
		}
	}
	return fm
}

func (fm *frontMatter) set(key string, v *yaml.Node, d *Document) error {
	switch key {
	case "number":
		n, err := scalarInt(v)
		if err != nil { // an id as the folder writes it: "ADR-0012"
			if n = numberIn(scalar(v)); n > 0 {
				err = nil
			}
		}
		d.Number = n
		return err
	case "title":
		d.Title = oneLine(scalar(v))
	case "status":
		st, ok := convention.ParseStatus(scalar(v))
		if !ok {
			return fmt.Errorf("%q is not a known status", scalar(v))
		}
		d.State = st
	case "date":
		return setDate(&d.Date, scalar(v))
	case "review-by":
		return setDate(&d.ReviewBy, scalar(v))
	case "authors":
		d.Authors = nonEmpty(list(v))
	case "supersedes", "superseded-by":
		ns, err := numberList(v)
		if key == "supersedes" {
			d.Supersedes = ns
		} else {
			d.SupersededBy = ns
		}
		return err
	case "meeting":
		d.MeetingID = data.MeetingID(scalar(v))
	case "agenda":
		d.AgendaID = data.AgendaID(scalar(v))
	case "decisions":
		d.DecisionIDs = nil
		for _, s := range nonEmpty(list(v)) {
			d.DecisionIDs = append(d.DecisionIDs, data.DecisionID(s))
		}
	case "notion":
		d.NotionURL = scalar(v)
	case "pr":
		d.PRURL = scalar(v)
	}
	return nil
}

func scalar(v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return ""
	}
	return v.Value
}

func scalarInt(v *yaml.Node) (int, error) {
	s := strings.TrimSpace(scalar(v))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return n, nil
}

// list reads a YAML list or a single value or a comma-separated line.
func list(v *yaml.Node) []string {
	if v.Kind == yaml.SequenceNode {
		var out []string
		for _, c := range v.Content {
			out = append(out, scalar(c))
		}
		return out
	}
	return strings.Split(scalar(v), ",")
}

// numberList reads LADR references: 3, "0003", "ADR-3" or a file name.
func numberList(v *yaml.Node) ([]int, error) {
	var out []int
	var bad []string
	for _, s := range nonEmpty(list(v)) {
		if n := numberIn(s); n > 0 {
			out = append(out, n)
		} else {
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		return sortedNumbers(out), fmt.Errorf("no LADR number in %q", strings.Join(bad, ", "))
	}
	return sortedNumbers(out), nil
}

func setDate(dst *data.Date, s string) error {
	d, ok := looseDate(s)
	if !ok {
		return fmt.Errorf("%q is not a date like 2026-01-31", s)
	}
	*dst = d
	return nil
}

func firstLineOf(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// fmKey is one top-level key of a front matter block and the lines it
// takes, found line by line so that a block YAML cannot read (a template's
// "{proposed | rejected}") still has keys to fill.
type fmKey struct {
	name   string // as written
	field  string // canonical field, "" for the folder's own keys
	start  int    // offset of the key's line in the file
	end    int    // offset after its value's last line
	scalar string // the value on the key's line, unquoted
	flow   bool   // a [a, b] list
	block  bool   // a list on the lines below, "- a"
	indent string // of the block list's items
	quote  byte   // the quote of a quoted scalar
}

var topKey = regexp.MustCompile(`^([^\s#:'"\-{}\[\]][^:]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$`)

// frontKeys finds the top-level keys of YAML text that starts at offset
// start of the file.
func frontKeys(yamlText string, start int) []fmKey {
	var keys []fmKey
	off := 0
	lines := strings.SplitAfter(yamlText, "\n")
	for _, line := range lines {
		lineStart := off
		off += len(line)
		content := strings.TrimRight(line, "\n")
		m := topKey.FindStringSubmatch(content)
		if m == nil {
			if len(keys) > 0 && content != "" && (content[0] == ' ' || content[0] == '\t' || content[0] == '-') {
				k := &keys[len(keys)-1]
				k.end = start + off // the value goes on
				if t := strings.TrimLeft(content, " \t"); strings.HasPrefix(t, "- ") || t == "-" {
					k.block, k.indent = true, content[:len(content)-len(t)]
				}
			}
			continue
		}
		k := fmKey{name: m[1], field: fieldAliases[strings.ToLower(m[1])], start: start + lineStart, end: start + off}
		v := m[2]
		switch {
		case strings.HasPrefix(v, "["):
			k.flow = true
		case len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0]:
			k.quote, v = v[0], v[1:len(v)-1]
		}
		k.scalar = v
		keys = append(keys, k)
	}
	return keys
}
