package ladr

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// recordView is what a file can hold of a record. kaigi keeps the view a
// file was last synced with as that file's base: an export writes the
// fields whose view changed in kaigi since, and only those.
type recordView struct {
	Number        int               `json:"number"`
	Title         string            `json:"title"`
	State         data.LADRState    `json:"state"`
	Date          data.Date         `json:"date"`
	Authors       []string          `json:"authors,omitempty"`
	Supersedes    []data.LADRID     `json:"supersedes,omitempty"`
	SupersededBy  []data.LADRID     `json:"superseded_by,omitempty"`
	Context       string            `json:"context,omitempty"`
	Specification string            `json:"specification,omitempty"`
	Decision      string            `json:"decision,omitempty"`
	Consequences  string            `json:"consequences,omitempty"`
	Extra         []data.Section    `json:"extra,omitempty"`
	MeetingID     data.MeetingID    `json:"meeting,omitempty"`
	AgendaID      data.AgendaID     `json:"agenda,omitempty"`
	DecisionIDs   []data.DecisionID `json:"decisions,omitempty"`
	ReviewBy      data.Date         `json:"review_by"`
	PRURL         string            `json:"pr,omitempty"`
	NotionURL     string            `json:"notion,omitempty"`
}

func viewOf(l data.LADR, notionURL string) recordView {
	return recordView{
		Number: l.Number, Title: l.Title, State: l.State, Date: l.Date, Authors: nilIfEmpty(l.Authors),
		Supersedes: sortedIDs(l.Supersedes), SupersededBy: sortedIDs(l.SupersededBy),
		Context: l.Context, Specification: l.Specification, Decision: l.Decision, Consequences: l.Consequences,
		Extra: nilIfEmpty(l.Extra), MeetingID: l.MeetingID, AgendaID: l.AgendaID, DecisionIDs: nilIfEmpty(l.DecisionIDs),
		ReviewBy: l.ReviewBy, PRURL: l.PRURL, NotionURL: notionURL,
	}
}

func sortedIDs(ids []data.LADRID) []data.LADRID {
	out := slices.Clone(ids)
	slices.Sort(out)
	return nilIfEmpty(slices.Compact(out))
}

func (v recordView) marshal() string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings, dates and slices of them
	}
	return string(b)
}

func unmarshalView(s string) (recordView, bool) {
	var v recordView
	if s == "" {
		return v, false
	}
	return v, json.Unmarshal([]byte(s), &v) == nil
}

func (v recordView) equal(o recordView) bool { return reflect.DeepEqual(v, o) }

// linker names other records in a file: the link a file writes to a
// record ("[2. Use PostgreSQL](0002-use-postgresql.md)") and its number.
type linker interface {
	link(id data.LADRID) string
	number(id data.LADRID) int
}

// applyChanges writes into a file the fields that differ between the
// record as the file was last synced (old) and as it is now (cur).
func applyChanges(e *editor, old, cur recordView, ln linker) {
	if old.Title != cur.Title {
		e.setTitle(cur.Number, cur.Title)
	}
	if old.State != cur.State || !slices.Equal(old.SupersededBy, cur.SupersededBy) {
		writeStatus(e, cur, ln)
	}
	if old.Date != cur.Date {
		e.setDate(cur.Date)
	}
	if !slices.Equal(old.Authors, cur.Authors) {
		e.setAuthors(cur.Authors)
	}
	if !slices.Equal(old.Supersedes, cur.Supersedes) {
		writeSupersedes(e, cur, ln)
	}
	bodies := [][3]string{
		{secContext, old.Context, cur.Context}, {secSpecification, old.Specification, cur.Specification},
		{secDecision, old.Decision, cur.Decision}, {secConsequences, old.Consequences, cur.Consequences},
	}
	for _, b := range bodies {
		if b[1] != b[2] {
			e.setBody(b[0], b[2])
		}
	}
	if !reflect.DeepEqual(old.Extra, cur.Extra) {
		e.setExtra(old.Extra, cur.Extra)
	}
	writeKaigiKeys(e, old, cur)
}

// writeStatus writes the status where the file has it: kaigi's files keep
// the state's name and a superseded-by list; other folders write their own
// word, and for a superseded record their "superseded by" and the links.
func writeStatus(e *editor, cur recordView, ln linker) {
	if writeNumbers(e, "superseded-by", cur.SupersededBy, ln) {
		e.setStatusWords(string(cur.State), templateStatus(cur.State, true))
		return
	}
	var links []string
	for _, id := range cur.SupersededBy {
		links = append(links, ln.link(id))
	}
	e.setStatus(e.conv.StatusText(cur.State, links))
}

func writeSupersedes(e *editor, cur recordView, ln linker) {
	if writeNumbers(e, "supersedes", cur.Supersedes, ln) {
		return
	}
	var links []string
	for _, id := range cur.Supersedes {
		links = append(links, ln.link(id))
	}
	e.setSupersedes(links)
}

// writeNumbers writes a front matter list of record numbers where the
// file has the key or is kaigi's own, and reports whether it did.
func writeNumbers(e *editor, key string, ids []data.LADRID, ln linker) bool {
	k, has := e.f.lay.key(key)
	if !has && !e.conv.IsKaigi() {
		return false
	}
	numbers := make([]string, 0, len(ids))
	for _, id := range ids {
		numbers = append(numbers, strconv.Itoa(ln.number(id)))
	}
	switch {
	case has:
		e.setKey(k, numbersValue(numbers))
	case len(numbers) > 0:
		e.addKey(key, numbersValue(numbers))
	}
	return true
}

// numbersValue is a [3, 5] list of plain numbers.
func numbersValue(ns []string) fmValue { return fmValue{list: ns, isList: true, plain: true} }

// writeKaigiKeys writes kaigi's own links (meeting, agenda, decisions,
// review-by, Notion page, pull request) into kaigi's front matter, or into
// another folder's only where its file already has the key.
func writeKaigiKeys(e *editor, old, cur recordView) {
	ids := func(ds []data.DecisionID) []string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = string(d)
		}
		return out
	}
	keys := []struct {
		field    string
		old, cur fmValue
	}{
		{"meeting", scalarValue(string(old.MeetingID)), scalarValue(string(cur.MeetingID))},
		{"agenda", scalarValue(string(old.AgendaID)), scalarValue(string(cur.AgendaID))},
		{"decisions", listValue(ids(old.DecisionIDs)), listValue(ids(cur.DecisionIDs))},
		{"review-by", plainValue(old.ReviewBy.String()), plainValue(cur.ReviewBy.String())},
		{"notion", scalarValue(old.NotionURL), scalarValue(cur.NotionURL)},
		{"pr", scalarValue(old.PRURL), scalarValue(cur.PRURL)},
	}
	for _, k := range keys {
		if reflect.DeepEqual(k.old, k.cur) {
			continue
		}
		empty := k.cur.scalar == "" && len(k.cur.list) == 0
		if fk, ok := e.f.lay.key(k.field); ok {
			if empty {
				e.replace(fk.start, fk.end, "")
			} else {
				e.setKey(fk, k.cur)
			}
		} else if e.conv.IsKaigi() && e.f.HasFrontMatter && !empty {
			e.addKey(k.field, k.cur)
		}
	}
}

// setExtra writes the folder's own sections: a changed body in place, a
// new section after the one before it, a removed one out.
func (e *editor) setExtra(old, cur []data.Section) {
	type occ struct {
		heading string
		n       int
	}
	index := func(list []data.Section) map[occ]int {
		m := map[occ]int{}
		seen := map[string]int{}
		for i, s := range list {
			m[occ{s.Heading, seen[s.Heading]}] = i
			seen[s.Heading]++
		}
		return m
	}
	oldAt, curAt := index(old), index(cur)
	fileSec := map[occ]sectionSpan{}
	seen := map[string]int{}
	for _, s := range e.f.lay.sections {
		if s.key == "" {
			fileSec[occ{oneLine(s.heading), seen[oneLine(s.heading)]}] = s
			seen[oneLine(s.heading)]++
		}
	}
	var prev *sectionSpan
	seenCur := map[string]int{}
	for _, s := range cur {
		o := occ{s.Heading, seenCur[s.Heading]}
		seenCur[s.Heading]++
		if s.Heading == summaryHeading && o.n == 0 {
			if i, ok := oldAt[o]; !ok || old[i].Body != s.Body {
				e.setSummary(s.Body)
			}
			continue
		}
		fs, inFile := fileSec[o]
		i, inOld := oldAt[o]
		switch {
		case inFile && (!inOld || old[i].Body != s.Body):
			e.setSectionBody(fs, sectionText(s.Body))
		case !inFile && prev != nil && prev.body.end < len(e.text()):
			e.replace(prev.body.end, prev.body.end, "## "+atxText(s.Heading)+"\n\n"+sectionText(s.Body)+"\n\n")
		case !inFile:
			e.appendText("## " + atxText(s.Heading) + "\n\n" + sectionText(s.Body) + "\n")
		}
		if inFile {
			prev = &fs
		}
	}
	for o := range oldAt {
		if _, still := curAt[o]; still {
			continue
		}
		if o.heading == summaryHeading && o.n == 0 {
			e.setSummary("")
		} else if fs, ok := fileSec[o]; ok {
			e.removeSection(fs)
		}
	}
}

// setSummary rewrites the text between the title and the first section,
// keeping the metadata lines there.
func (e *editor) setSummary(body string) {
	p := e.f.lay.preamble
	t := e.text()
	var kept []string
	for off := p.start; off < p.end; {
		end := min(endOfLine(t, off), p.end)
		for _, fs := range e.f.lay.fields {
			if fs.line.start == off {
				kept = append(kept, t[off:end])
			}
		}
		off = end
	}
	out := "\n"
	if len(kept) > 0 {
		out += joinLines(kept) + "\n"
	}
	if body = sectionText(body); body != "" {
		out += body + "\n\n"
	}
	if p.end == len(t) {
		out = trimTrailingBlank(out)
	}
	e.replace(p.start, p.end, out)
}

func joinLines(lines []string) string {
	out := ""
	for _, l := range lines {
		if l != "" && l[len(l)-1] != '\n' {
			l += "\n"
		}
		out += l
	}
	return out
}

func trimTrailingBlank(s string) string {
	for len(s) > 1 && s[len(s)-1] == '\n' && s[len(s)-2] == '\n' {
		s = s[:len(s)-1]
	}
	return s
}

// stripGuidance empties sections that still hold their template's
// guidance: that text belongs to the template, not to the record.
func stripGuidance(d *Document, guide convention.Guide) []string {
	var notes []string
	for _, b := range []struct {
		key  string
		body *string
	}{{secContext, &d.Context}, {secSpecification, &d.Specification}, {secDecision, &d.Decision}, {secConsequences, &d.Consequences}} {
		if *b.body != "" && guide.Is(b.key, "", *b.body) {
			*b.body = ""
			notes = append(notes, "section "+b.key+" still holds the template's guidance; the record keeps it empty")
		}
	}
	var extra []data.Section
	for _, s := range d.Extra {
		if s.Body != "" && guide.Is("", s.Heading, s.Body) {
			s.Body = ""
		}
		extra = append(extra, s)
	}
	d.Extra = extra
	return notes
}
