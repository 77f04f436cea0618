package ladr

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
)

// FileReport says what an import did with one file and what it guessed.
type FileReport struct {
	Path    string // relative to the imported folder, slash-separated
	Number  int
	Action  string // created, updated, unchanged or failed
	Error   string // why it failed
	Guesses []string
}

// Import actions.
const (
	Created   = "created"
	Updated   = "updated"
	Unchanged = "unchanged"
	Failed    = "failed"
)

// notRecords are files that live in decision-record folders without being
// records: indexes and the templates of adr-tools, MADR and log4brains.
var notRecords = []string{"readme.md", "index.md", "template.md", "adr-template.md", "ladr-template.md", "_template.md"}

// RecordFiles lists the Markdown files in dir that hold records, sorted.
func RecordFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, data.Invalid("dir", "cannot read LADR folder: %v", err)
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if e.IsDir() || (ext != ".md" && ext != ".markdown") || slices.Contains(notRecords, strings.ToLower(name)) ||
			strings.HasPrefix(name, ".") {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}

// Import reads every record file in dir and creates or updates one LADR
// per file. A file imported before updates the same record; a new file
// whose number belongs to an existing LADR updates that LADR. Importing
// the same folder twice changes nothing the second time. A file that
// cannot be stored is reported as failed; the others still go in.
func Import(ctx context.Context, st *data.Store, dir string) ([]FileReport, error) {
	names, err := RecordFiles(dir)
	if err != nil {
		return nil, err
	}
	im := importer{st: st, claimed: map[data.LADRID]string{}}
	files := make([]File, len(names))
	reports := make([]FileReport, len(names))
	ids := make([]data.LADRID, len(names))
	var later []int // files that need a new number, numbered after the rest
	for i, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			reports[i] = FileReport{Path: name, Action: Failed, Error: err.Error()}
			continue
		}
		files[i] = Parse(name, src)
		reports[i] = FileReport{Path: name, Guesses: files[i].Guesses}
		l, found, err := im.match(ctx, files[i], &reports[i])
		switch {
		case err != nil:
			reports[i].Action, reports[i].Error = Failed, data.ErrorMessage(err)
		case !found && im.numberTaken(ctx, files[i].Doc.Number):
			later = append(later, i)
		default:
			im.save(ctx, files[i], l, found, &reports[i], &ids[i])
		}
	}
	for _, i := range later {
		im.save(ctx, files[i], data.LADR{}, false, &reports[i], &ids[i])
	}
	if err := im.linkSupersedes(ctx, files, ids, reports); err != nil {
		return reports, err
	}
	return reports, nil
}

type importer struct {
	st      *data.Store
	claimed map[data.LADRID]string // records already matched by a file in this run
}

// match finds the record a file stands for: the one it was imported into
// before, else the one with its number.
func (im *importer) match(ctx context.Context, f File, rep *FileReport) (data.LADR, bool, error) {
	id, err := im.st.LADRForFile(ctx, f.Path)
	if err != nil {
		return data.LADR{}, false, err
	}
	if id != "" && im.claimed[id] == "" {
		l, err := im.st.LADR(ctx, id)
		return l, err == nil, err
	}
	if f.Doc.Number == 0 {
		return data.LADR{}, false, nil
	}
	l, err := im.st.LADRByNumber(ctx, f.Doc.Number)
	switch {
	case data.ErrorCode(err) == data.ENOTFOUND:
		return data.LADR{}, false, nil
	case err != nil:
		return data.LADR{}, false, err
	case im.claimed[l.ID] != "" || l.Deleted():
		other := im.claimed[l.ID]
		if other == "" {
			other = "a deleted LADR"
		}
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("number %d is already used by %s; kaigi assigns a new number", f.Doc.Number, other))
		return data.LADR{}, false, nil
	}
	return l, true, nil
}

// save stores one file's record and reports what it did.
func (im *importer) save(ctx context.Context, f File, old data.LADR, found bool, rep *FileReport, id *data.LADRID) {
	var err error
	if *id, err = im.store(ctx, f, old, found, rep); err != nil {
		rep.Action, rep.Error = Failed, data.ErrorMessage(err)
	}
	if *id != "" {
		im.claimed[*id] = f.Path
	}
}

func (im *importer) store(ctx context.Context, f File, old data.LADR, found bool, rep *FileReport) (data.LADRID, error) {
	var err error
	l := old
	d := f.Doc
	l.Title, l.State, l.Authors = d.Title, d.State, d.Authors
	if found && old.State == data.LADRSuperseded && len(old.SupersededBy) > 0 && d.State != data.LADRSuperseded {
		// kaigi marked it when a newer record superseded it; an older file
		// that does not say so yet must not undo that.
		l.State = data.LADRSuperseded
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("status %s in the file, but a newer LADR supersedes it; kept superseded", d.State))
	}
	l.Context, l.Specification, l.Decision, l.Consequences, l.Extra = d.Context, d.Specification, d.Decision, d.Consequences, d.Extra
	if !d.Date.IsZero() {
		l.Date = d.Date
	}
	if d.PRURL != "" {
		l.PRURL = d.PRURL
	}
	l.ReviewBy = d.ReviewBy
	if !l.ReviewBy.IsZero() && !l.Date.IsZero() && l.ReviewBy.Before(l.Date) {
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("review-by %s is before the date; dropped it", l.ReviewBy))
		l.ReviewBy = data.Date{}
	}
	if l.MeetingID, err = im.meeting(ctx, d.MeetingID, rep); err != nil {
		return "", err
	}
	if l.AgendaID, err = im.agenda(ctx, d.AgendaID, rep); err != nil {
		return "", err
	}
	if !found {
		l.Slug = f.Slug
		if !im.numberTaken(ctx, d.Number) {
			l.Number = d.Number
		}
		if l.Date.IsZero() {
			l.Date = data.DateOf(im.st.Now())
			rep.Guesses = append(rep.Guesses, "used today's date, "+l.Date.String())
		}
		if err := im.st.CreateLADR(ctx, &l); err != nil {
			return "", err
		}
		rep.Number, rep.Action = l.Number, Created
		return l.ID, im.st.SetLADRFile(ctx, f.Path, l.ID)
	}
	rep.Number = l.Number
	if l.Number != d.Number && d.Number != 0 {
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("the file says number %d, but it was imported as LADR %d before", d.Number, l.Number))
	}
	if sameContent(old, l) {
		rep.Action = Unchanged
	} else {
		if err := im.st.UpdateLADR(ctx, &l); err != nil {
			return "", err
		}
		rep.Action = Updated
	}
	return l.ID, im.st.SetLADRFile(ctx, f.Path, l.ID)
}

func (im *importer) numberTaken(ctx context.Context, n int) bool {
	if n == 0 {
		return true
	}
	_, err := im.st.LADRByNumber(ctx, n)
	return data.ErrorCode(err) != data.ENOTFOUND
}

// meeting keeps a link to a meeting this database knows; files written by
// another kaigi name meetings that do not exist here.
func (im *importer) meeting(ctx context.Context, id data.MeetingID, rep *FileReport) (data.MeetingID, error) {
	if id == "" {
		return "", nil
	}
	_, err := im.st.Meeting(ctx, id)
	if data.ErrorCode(err) == data.ENOTFOUND {
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("meeting %s is not in this database; link dropped", id))
		return "", nil
	}
	return id, err
}

func (im *importer) agenda(ctx context.Context, id data.AgendaID, rep *FileReport) (data.AgendaID, error) {
	if id == "" {
		return "", nil
	}
	_, err := im.st.Agenda(ctx, id)
	if data.ErrorCode(err) == data.ENOTFOUND {
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("agenda %s is not in this database; link dropped", id))
		return "", nil
	}
	return id, err
}

// sameContent compares what an import may change.
func sameContent(a, b data.LADR) bool {
	return a.Title == b.Title && a.State == b.State && a.Date == b.Date && a.ReviewBy == b.ReviewBy &&
		slices.Equal(a.Authors, b.Authors) && a.Context == b.Context && a.Specification == b.Specification &&
		a.Decision == b.Decision && a.Consequences == b.Consequences && reflect.DeepEqual(nilIfEmpty(a.Extra), nilIfEmpty(b.Extra)) &&
		a.MeetingID == b.MeetingID && a.AgendaID == b.AgendaID && a.PRURL == b.PRURL && a.Slug == b.Slug
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// linkSupersedes sets, once every file has a record, which records each
// one supersedes, from both "supersedes" and "superseded-by" in the files.
func (im *importer) linkSupersedes(ctx context.Context, files []File, ids []data.LADRID, reports []FileReport) error {
	byNumber := map[int]data.LADRID{}
	for i, id := range ids {
		if id != "" {
			byNumber[reports[i].Number] = id
		}
	}
	resolve := func(n int, i int, what string) data.LADRID {
		if id, ok := byNumber[n]; ok {
			return id
		}
		if l, err := im.st.LADRByNumber(ctx, n); err == nil {
			return l.ID
		}
		reports[i].Guesses = append(reports[i].Guesses, fmt.Sprintf("%s LADR %d, which does not exist; link dropped", what, n))
		return ""
	}
	want := map[data.LADRID][]data.LADRID{}
	for i, f := range files {
		if ids[i] == "" {
			continue
		}
		for _, n := range f.Doc.Supersedes {
			if old := resolve(n, i, "supersedes"); old != "" && old != ids[i] {
				want[ids[i]] = append(want[ids[i]], old)
			}
		}
		for _, n := range f.Doc.SupersededBy {
			if newer := resolve(n, i, "superseded by"); newer != "" && newer != ids[i] {
				want[newer] = append(want[newer], ids[i])
			}
		}
	}
	for i, id := range ids {
		if id == "" {
			continue
		}
		l, err := im.st.LADR(ctx, id)
		if err != nil {
			return err
		}
		sup := want[id]
		slices.Sort(sup)
		sup = slices.Compact(sup)
		if slices.Equal(sup, nilIfEmpty(l.Supersedes)) {
			continue
		}
		l.Supersedes = sup
		if err := im.st.UpdateLADR(ctx, &l); err != nil {
			reports[i].Guesses = append(reports[i].Guesses, "could not link superseded records: "+data.ErrorMessage(err))
			continue
		}
		if reports[i].Action == Unchanged {
			reports[i].Action = Updated
		}
	}
	return nil
}

// WriteReport prints one line per file and its guesses below it.
func WriteReport(w io.Writer, reports []FileReport) error {
	for _, r := range reports {
		line := fmt.Sprintf("%s: %s", r.Path, r.Action)
		if r.Number > 0 && r.Action != Failed {
			line += fmt.Sprintf(" LADR %d", r.Number)
		}
		if r.Error != "" {
			line += ": " + r.Error
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
		for _, g := range r.Guesses {
			if _, err := fmt.Fprintf(w, "  guessed: %s\n", g); err != nil {
				return err
			}
		}
	}
	return nil
}
