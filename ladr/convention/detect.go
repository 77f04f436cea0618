package convention

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Sample is what one record file tells about its folder's convention;
// package ladr fills it while parsing.
type Sample struct {
	Name       string
	CRLF       bool
	FrontKeys  []KeyValue        // raw keys and scalar values, in file order
	Placement  map[string]string // field (status, date, authors) → InFrontMatter, InList, InLine or InSection
	ListMarker string            // "*" or "-" of header lines
	ListLabels map[string]string // field → label as written ("Deciders")
	ListOrder  []string          // fields of header lines, in file order
	FrontAlias map[string]string // field → front matter key as written
	TitleLine  string            // the "# ..." heading's text as written
	Title      string            // the title alone
	Number     int               // the record's number, 0 when it has none
	Headings   []string          // level-2 headings, as written, in order
	Keys       []string          // their standard keys ("" for the folder's own)
	Status     string            // the status as written
	Date       string            // the date as written
	Area       string            // the record's area: its subfolder, or the word in ADR-DATA-001-x.md
	NumberText string            // the front matter's number as written ("ADR-0012")
}

// Template is a folder's template file, parsed.
type Template struct {
	Name     string
	Text     string
	Sample   Sample
	Sections []Section
	Status   string // the status value as the template writes it ("{proposed | rejected | …}")
	// Optional fields: status, date, authors the template marks optional.
	Optional map[string]bool
}

// Detect learns a folder's convention from its record files and template
// (nil when it has none). With neither it is kaigi's own.
func Detect(samples []Sample, tpl *Template, fallback Naming) Convention {
	if len(samples) == 0 && tpl == nil {
		return Kaigi(fallback)
	}
	all := samples
	if tpl != nil {
		all = append([]Sample{tpl.Sample}, samples...)
	}
	c := Convention{Version: Version, Files: len(samples), Dates: ISODate, Headings: map[string]string{}}
	c.Naming = detectNaming(samples, fallback)
	c.PerArea = perArea(samples)
	c.Meta = detectMeta(all)
	c.Title = detectTitle(samples)
	c.CRLF = majority(samples, func(s Sample) bool { return s.CRLF })
	c.Japanese = majority(all, func(s Sample) bool { return HasJapanese(strings.Join(s.Headings, " ") + s.Status) })
	c.Capital = majority(samples, func(s Sample) bool { return startsUpper(s.Status) })
	c.Dates = mostCommon(samples, func(s Sample) string { _, l, _ := ParseDate(s.Date); return l })
	if c.Dates == "" {
		c.Dates = ISODate
	}
	detectHeadings(&c, all)
	detectFront(&c, samples, all)
	detectList(&c, all)
	c.Words = detectWords(samples)
	c.Kind = kindOf(c, all)
	if tpl != nil {
		c.Template, c.TemplateText, c.Sections = tpl.Name, tpl.Text, tpl.Sections
		var own []string
		c.Words.Allowed, c.Words.Open, own = choices(tpl.Status)
		c.Words.Own = append(c.Words.Own, own...)
		for _, s := range tpl.Sections {
			if s.Key != "" && c.Headings[s.Key] == "" {
				c.Headings[s.Key] = s.Heading
			}
		}
	} else {
		c.Sections = typicalSections(samples)
	}
	c.Required = required(c, tpl)
	if c.Kind == "kaigi" && tpl == nil {
		c.Required = Kaigi(c.Naming).Required
	}
	return c
}

func detectNaming(samples []Sample, fallback Naming) Naming {
	votes := map[string]int{}
	keep, lower, underscores, dashes := 0, 0, 0, 0
	for _, s := range samples {
		prefix, digits, sep, rest, ext, ok := Split(s.Name)
		if !ok {
			continue
		}
		var p string
		if m := areaWord.FindStringSubmatch(prefix); m != nil {
			prefix = strings.Replace(prefix, m[1], "{area}", 1)
		}
		switch {
		case IsDateDigits(digits) && strings.Contains(digits, "-"):
			p = prefix + "{date:iso}" + sep + "{slug}" + strings.ToLower(ext)
		case IsDateDigits(digits):
			p = prefix + "{date}" + sep + "{slug}" + strings.ToLower(ext)
		default:
			p = prefix + "{number:" + strconv.Itoa(min(len(digits), 9)) + "}" + sep + "{slug}" + strings.ToLower(ext)
		}
		votes[p]++
		if rest != strings.ToLower(rest) {
			keep++
		} else if rest != strings.ToUpper(rest) {
			lower++
		}
		underscores += strings.Count(rest, "_")
		dashes += strings.Count(rest, "-")
	}
	if len(votes) == 0 {
		if fallback.Pattern == "" {
			return KaigiNaming
		}
		return fallback
	}
	n := Naming{Pattern: top(votes), Words: "-", KeepCase: keep > lower}
	if underscores > dashes {
		n.Words = "_"
	}
	if strings.Contains(n.Pattern, "}-{slug}") && n.Dated() && strings.Count(n.Pattern, "-") == 1 {
		n.Words = "-"
	}
	return n
}

func detectMeta(all []Sample) Meta {
	votes := map[Meta]int{}
	for _, s := range all {
		where := s.Placement["status"]
		if where == "" {
			where = s.Placement["date"]
		}
		switch where {
		case InFrontMatter:
			votes[FrontMatter]++
		case InList:
			votes[List]++
		case InSection:
			if s.Placement["date"] == InSection {
				votes[Sections]++
			} else {
				votes[DateLine]++
			}
		case InLine:
			votes[DateLine]++
		}
	}
	if len(votes) == 0 {
		return List
	}
	best, bestN := Meta(""), -1
	for _, m := range []Meta{FrontMatter, DateLine, List, Sections} {
		if votes[m] > bestN {
			best, bestN = m, votes[m]
		}
	}
	return best
}

var digitRun = regexp.MustCompile(`\d+`)

func detectTitle(samples []Sample) string {
	votes := map[string]int{}
	for _, s := range samples {
		votes[titleFormat(s)]++
	}
	if len(votes) == 0 {
		return "{title}"
	}
	return top(votes)
}

func titleFormat(s Sample) string {
	i := strings.LastIndex(s.TitleLine, s.Title)
	if s.Title == "" || i < 0 {
		return "{title}"
	}
	prefix := s.TitleLine[:i]
	if prefix == "" || s.Number == 0 {
		return "{title}"
	}
	if a := AreaOf(s.Name); a != "" && strings.Contains(prefix, a) {
		prefix = strings.Replace(prefix, a, "{area}", 1)
	}
	found := false
	out := digitRun.ReplaceAllStringFunc(prefix, func(d string) string {
		n, _ := strconv.Atoi(d)
		if found || n != s.Number {
			return d
		}
		found = true
		if len(d) > 1 && d[0] == '0' {
			return "{number:" + strconv.Itoa(len(d)) + "}"
		}
		return "{number}"
	})
	if !found {
		return "{title}"
	}
	return out + "{title}"
}

func detectHeadings(c *Convention, all []Sample) {
	votes := map[string]map[string]int{}
	for _, s := range all {
		for i, h := range s.Headings {
			k := s.Keys[i]
			if k == "" {
				continue
			}
			if votes[k] == nil {
				votes[k] = map[string]int{}
			}
			votes[k][cleanHeading(h)]++
		}
	}
	for k, v := range votes {
		c.Headings[k] = top(v)
	}
}

// cleanHeading drops a template's "<!-- optional -->" from a heading.
func cleanHeading(h string) string {
	return strings.TrimSpace(htmlComment.ReplaceAllString(h, ""))
}

func detectFront(c *Convention, samples, all []Sample) {
	c.FrontKeys = map[string]string{}
	aliases := map[string]map[string]int{}
	for _, s := range all {
		for field, key := range s.FrontAlias {
			if aliases[field] == nil {
				aliases[field] = map[string]int{}
			}
			aliases[field][key]++
		}
	}
	for f, v := range aliases {
		c.FrontKeys[f] = top(v)
	}
	if len(samples) == 0 {
		return
	}
	c.FrontFields = frontFields(samples)
	c.NumberFormat = mostCommon(samples, numberFormat)
	// Keys that are not record fields: the same value everywhere is the
	// folder's (Just the Docs' "parent: Decisions"); the number is too.
	type stat struct {
		values  map[string]int
		numbers int
		count   int
		order   int
	}
	stats := map[string]*stat{}
	for _, s := range samples {
		for i, kv := range s.FrontKeys {
			if isFieldKey(s, kv.Key) {
				continue
			}
			st := stats[kv.Key]
			if st == nil {
				st = &stat{values: map[string]int{}, order: i}
				stats[kv.Key] = st
			}
			st.count++
			st.values[kv.Value]++
			if n, err := strconv.Atoi(kv.Value); err == nil && n == s.Number && s.Number > 0 {
				st.numbers++
			}
		}
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return stats[keys[i]].order < stats[keys[j]].order || stats[keys[i]].order == stats[keys[j]].order && keys[i] < keys[j]
	})
	for _, k := range keys {
		st := stats[k]
		if st.count*2 < len(samples) {
			continue
		}
		switch {
		case len(st.values) == 1:
			c.FixedKeys = append(c.FixedKeys, KeyValue{k, top(st.values)})
		case st.numbers*2 >= st.count:
			c.NumberKeys = append(c.NumberKeys, k)
		}
	}
}

func isFieldKey(s Sample, key string) bool {
	for _, k := range s.FrontAlias {
		if k == key {
			return true
		}
	}
	return false
}

func detectList(c *Convention, all []Sample) {
	markers := map[string]int{}
	labels := map[string]map[string]int{}
	var order []string
	for _, s := range all {
		if s.ListMarker != "" {
			markers[s.ListMarker]++
		}
		for f, l := range s.ListLabels {
			if labels[f] == nil {
				labels[f] = map[string]int{}
			}
			labels[f][l]++
		}
		if len(s.ListOrder) > len(order) {
			order = s.ListOrder
		}
	}
	if len(markers) > 0 {
		c.ListMarker = top(markers)
	}
	if len(labels) > 0 {
		c.ListLabels = map[string]string{}
		for f, v := range labels {
			c.ListLabels[f] = top(v)
		}
		c.ListOrder = append([]string(nil), order...)
	}
}

// frontFields are the record fields that at least four in five records'
// front matter has, in their usual order.
func frontFields(samples []Sample) []string {
	count, pos := map[string]int{}, map[string]int{}
	for _, s := range samples {
		i := 0
		for _, kv := range s.FrontKeys {
			for field, key := range s.FrontAlias {
				if key == kv.Key {
					count[field]++
					pos[field] += i
					i++
				}
			}
		}
	}
	var out []string
	for f, n := range count {
		if mostHave(n, len(samples)) {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		pi, pj := float64(pos[out[i]])/float64(count[out[i]]), float64(pos[out[j]])/float64(count[out[j]])
		return pi < pj || pi == pj && out[i] < out[j]
	})
	return out
}

// numberFormat is how a record's front matter writes its number, when it
// is not the plain number ("ADR-{number:4}").
func numberFormat(s Sample) string {
	if s.NumberText == "" || s.Number == 0 {
		return ""
	}
	if _, err := strconv.Atoi(s.NumberText); err == nil {
		return ""
	}
	found := false
	out := digitRun.ReplaceAllStringFunc(s.NumberText, func(d string) string {
		n, _ := strconv.Atoi(d)
		if found || n != s.Number {
			return d
		}
		found = true
		return "{number:" + strconv.Itoa(len(d)) + "}"
	})
	if !found {
		return ""
	}
	return out
}

// mostHave is the share of records a shape must have to be the folder's:
// four in five, so one older record without a section does not make it
// optional.
func mostHave(n, of int) bool { return of > 0 && n*5 >= of*4 }

// perArea reports whether each area numbers its own records: a number
// comes back in two areas, never twice in one.
func perArea(samples []Sample) bool {
	seen := map[string]bool{}
	areasOf := map[int]int{}
	for _, s := range samples {
		if s.Area == "" || s.Number == 0 {
			continue
		}
		k := s.Area + "\x00" + strconv.Itoa(s.Number)
		if seen[k] {
			return false
		}
		seen[k] = true
		areasOf[s.Number]++
	}
	for _, n := range areasOf {
		if n > 1 {
			return true
		}
	}
	return false
}
