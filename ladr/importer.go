package ladr

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
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

// ImportOptions change what Import does; DryRun reads and reports without
// writing anything.
type ImportOptions struct {
	DryRun bool
}

// ImportResult is the convention Import found in the folder and what it
// did with each file.
type ImportResult struct {
	Convention convention.Convention
	Files      []FileReport
	Notes      []string // about the folder as a whole: its areas, records found below it
}

// Import reads every record file in dir and creates or updates one LADR
// per file. The file is the record's identity: a file imported before
// updates its own record, with what changed in the file since (the fields
// kaigi changed meanwhile stay kaigi's unless the file changed them too);
// a file whose bytes did not change is unchanged, so importing a folder
// again creates nothing. What the folder's files show of its convention
// is stored, so that writes into the folder follow it. A file that cannot
// be stored is reported as failed; the others still go in.
func Import(ctx context.Context, st *data.Store, dir string, opt ImportOptions) (ImportResult, error) {
	if _, err := os.Stat(dir); err != nil {
		return ImportResult{}, data.Invalid("dir", "cannot read LADR folder: %v", err)
	}
	fo, err := readFolder(ctx, dir, convention.Naming{})
	if err != nil {
		return ImportResult{}, err
	}
	im, err := newImporter(ctx, st, fo)
	if err != nil {
		return ImportResult{}, err
	}
	im.plan(ctx)
	res := ImportResult{Convention: fo.conv, Notes: fo.layoutNotes()}
	if !opt.DryRun {
		if err := im.write(ctx); err != nil {
			return res, err
		}
	}
	for _, it := range im.items {
		res.Files = append(res.Files, it.rep)
	}
	return res, nil
}

type importer struct {
	st        *data.Store
	fo        *folder
	records   map[data.LADRID]*data.LADR // live records, kept up to date in memory
	numbers   map[int]data.LADRID        // every number ever used
	withFiles map[data.LADRID]bool
	rows      map[string]data.LADRFile // this folder's files by path (legacy mappings as fallback)
	dates     map[string]data.Date     // first commit of each file, read when needed
	datesRead bool
	items     []*item

	pathIndex   map[string]*item
	numberIndex map[int][]*item
	guide       convention.Guide
}

// item is one file's way through an import.
type item struct {
	file    File
	src     []byte
	rep     FileReport
	rec     data.LADR
	row     *data.LADRFile // the file as kaigi last synced it
	old     *File          // that version, parsed
	create  bool
	later   bool              // its number is taken: numbered after the others
	write   bool              // the record changes
	changed bool              // the file changed since kaigi last synced it
	keep    func(*recordView) // kaigi's edits the file does not show yet
	number  int               // the file's new number, which the record takes
}

func newImporter(ctx context.Context, st *data.Store, fo *folder) (*importer, error) {
	im := &importer{st: st, fo: fo, records: map[data.LADRID]*data.LADR{}, rows: map[string]data.LADRFile{}, guide: fo.conv.Guide()}
	all, err := AllLADRs(ctx, st)
	if err != nil {
		return nil, err
	}
	for i := range all {
		im.records[all[i].ID] = &all[i]
	}
	if im.numbers, err = st.LADRNumbers(ctx); err != nil {
		return nil, err
	}
	if im.withFiles, err = st.LADRsWithFiles(ctx); err != nil {
		return nil, err
	}
	rows, err := st.LADRFiles(ctx, fo.key)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if prev, ok := im.rows[r.Path]; ok && prev.Folder == fo.key {
			continue // this folder's own mapping wins over a legacy one
		}
		im.rows[r.Path] = r
	}
	return im, nil
}

// plan decides, per file, what the import does.
func (im *importer) plan(ctx context.Context) {
	claimed := map[data.LADRID]string{}
	for i, f := range im.fo.files {
		it := &item{file: f, src: im.fo.srcs[i], rep: FileReport{Path: f.Path, Guesses: slices.Clone(f.Guesses)}}
		im.items = append(im.items, it)
		if err := im.fo.errs[i]; err != nil {
			it.rep.Action, it.rep.Error = Failed, err.Error()
			continue
		}
		it.file.Doc = im.clean(it.file.Doc, &it.rep)
		if row, ok := im.rows[f.Path]; ok && im.records[row.LADRID] != nil && claimed[row.LADRID] == "" {
			it.row, it.rec = &row, *im.records[row.LADRID]
			claimed[row.LADRID] = f.Path
			im.planKnown(ctx, it)
			continue
		}
		if l := im.byFileNumber(f, claimed); l != nil {
			it.rec = *l
			claimed[l.ID] = f.Path
			it.rep.Number, it.rep.Action, it.write = l.Number, Updated, true
			im.fromFile(ctx, &it.rec, it.file.Doc, &it.rep)
			if sameContent(*l, it.rec) {
				it.rep.Action = Unchanged
			}
			continue
		}
		it.create, it.rep.Action, it.write = true, Created, true
		n := f.Doc.Number
		if _, taken := im.numbers[n]; taken || !f.Numbered() {
			it.later = true
			switch {
			case f.Numbered():
				it.rep.Guesses = append(it.rep.Guesses, fmt.Sprintf("number %d is already used in kaigi; kaigi assigns a new number, the file keeps its name", n))
			default:
				it.rep.Guesses = append(it.rep.Guesses, "no number; kaigi assigns the next free one")
			}
		} else {
			im.numbers[n] = "" // taken by this file
			it.rec.Number = n
		}
		it.rec.Slug = f.Slug
		im.fromFile(ctx, &it.rec, it.file.Doc, &it.rep)
		if it.rec.Date.IsZero() {
			im.guessDate(ctx, it)
		}
	}
}

// planKnown handles a file kaigi synced before.
func (im *importer) planKnown(ctx context.Context, it *item) {
	it.rep.Number = it.rec.Number
	if len(it.row.Content) > 0 && bytes.Equal(it.row.Content, it.src) {
		it.rep.Action = Unchanged
		it.rep.Guesses = nil // guessed when the file was first read
		return
	}
	it.changed, it.write = true, true
	before := it.rec
	if len(it.row.Content) == 0 {
		// A mapping from before kaigi kept the file's bytes: the file says it all.
		im.fromFile(ctx, &it.rec, it.file.Doc, &it.rep)
	} else {
		old := Parse(it.row.Path, it.row.Content)
		old.Doc = im.clean(old.Doc, &FileReport{})
		it.old = &old
		base, _ := unmarshalView(it.row.Base)
		it.keep = mergeFile(&it.rec, base, old.Doc, it.file.Doc, &it.rep)
		im.followNumber(it, old)
	}
	it.rep.Action = Updated
	if sameContent(before, it.rec) && it.number == 0 {
		it.rep.Action = Unchanged
		it.write = false
	}
}

// followNumber gives the record the number its file now carries, when
// someone renumbered the file (its title line or front matter id) and the
// number is free in kaigi: a record's number follows its file.
func (im *importer) followNumber(it *item, old File) {
	n := it.file.Doc.Number
	if !it.file.Numbered() || !old.Numbered() || old.Doc.Number == n || n == it.rec.Number {
		return
	}
	if holder, taken := im.numbers[n]; taken && holder != it.rec.ID {
		it.rep.Guesses = append(it.rep.Guesses, fmt.Sprintf("the file now says %d, which another LADR has in kaigi; the record stays LADR %d", n, it.rec.Number))
		return
	}
	it.number = n
	it.rep.Guesses = append(it.rep.Guesses, fmt.Sprintf("the file now says %d; LADR %d is LADR %d in kaigi", n, it.rec.Number, n))
	im.numbers[n] = it.rec.ID
}

// clean drops from a document what is only the template's guidance.
func (im *importer) clean(d Document, rep *FileReport) Document {
	rep.Guesses = append(rep.Guesses, stripGuidance(&d, im.guide)...)
	return d
}

// byFileNumber finds the record a new file stands for by its number: one
// kaigi made (in the web app) that has no file anywhere yet.
func (im *importer) byFileNumber(f File, claimed map[data.LADRID]string) *data.LADR {
	id, ok := im.numbers[f.Doc.Number]
	if !ok || f.Doc.Number <= 0 || id == "" || im.withFiles[id] || claimed[id] != "" {
		return nil
	}
	return im.records[id]
}

// guessDate dates a record whose file has no date by the file's first
// commit, when the folder is in a git repository; else it stays undated.
func (im *importer) guessDate(ctx context.Context, it *item) {
	if !im.datesRead {
		im.dates, im.datesRead = firstCommitDates(ctx, im.fo.dir), true
	}
	if d, ok := im.dates[it.file.Path]; ok {
		it.rec.Date = d
		it.rep.Guesses = append(it.rep.Guesses, "no date; used the day of the file's first commit in git, "+d.String()+" (the file stays without one)")
		return
	}
	it.rep.Guesses = append(it.rep.Guesses, "no date; the record stays without one, as the file is")
}

// fromFile sets every field a file holds.
func (im *importer) fromFile(ctx context.Context, l *data.LADR, d Document, rep *FileReport) {
	if l.ID != "" && l.State == data.LADRSuperseded && len(l.SupersededBy) > 0 && d.State != data.LADRSuperseded {
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("status %s in the file, but a newer LADR supersedes it; kept superseded", d.State))
		d.State = data.LADRSuperseded
	}
	l.Title, l.State, l.Authors = d.Title, d.State, d.Authors
	l.Context, l.Specification, l.Decision, l.Consequences, l.Extra = d.Context, d.Specification, d.Decision, d.Consequences, d.Extra
	if !d.Date.IsZero() {
		l.Date = d.Date
	}
	if d.PRURL != "" {
		l.PRURL = d.PRURL
	}
	if !d.ReviewBy.IsZero() {
		l.ReviewBy = d.ReviewBy
	}
	if !l.ReviewBy.IsZero() && !l.Date.IsZero() && l.ReviewBy.Before(l.Date) {
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("review-by %s is before the date; dropped it", l.ReviewBy))
		l.ReviewBy = data.Date{}
	}
	if d.MeetingID != "" {
		l.MeetingID = data.MeetingID(im.known(ctx, data.EntityMeeting, string(d.MeetingID), rep))
	}
	if d.AgendaID != "" {
		l.AgendaID = data.AgendaID(im.known(ctx, data.EntityAgenda, string(d.AgendaID), rep))
	}
}

// known keeps a link to a meeting or agenda this database has; files
// written by another kaigi name records that do not exist here.
func (im *importer) known(ctx context.Context, entity data.Entity, id string, rep *FileReport) string {
	var err error
	if entity == data.EntityMeeting {
		_, err = im.st.Meeting(ctx, data.MeetingID(id))
	} else {
		_, err = im.st.Agenda(ctx, data.AgendaID(id))
	}
	if err != nil {
		rep.Guesses = append(rep.Guesses, fmt.Sprintf("%s %s is not in this database; link dropped", entity, id))
		return ""
	}
	return id
}

// sameContent compares what an import may change.
func sameContent(a, b data.LADR) bool {
	return viewOf(a, "").equal(viewOf(b, "")) && a.Slug == b.Slug
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// write stores the planned records, links what they supersede, then
// remembers every file and the folder's convention.
func (im *importer) write(ctx context.Context) error {
	err := im.st.Atomically(ctx, func(ctx context.Context) error {
		for _, later := range []bool{false, true} {
			for _, it := range im.items {
				if it.write && it.later == later && it.rep.Action != Failed {
					im.save(ctx, it)
				}
			}
		}
		im.linkSupersedes(ctx)
		return nil
	})
	if err != nil {
		return err
	}
	return im.remember(ctx)
}

func (im *importer) save(ctx context.Context, it *item) {
	err := im.st.Try(ctx, func(ctx context.Context) error {
		if it.create {
			return im.st.CreateImportedLADR(ctx, &it.rec, !it.later) // later ones get the next free number
		}
		it.rec.Revision = 0 // kaigi's own edits since were merged above
		if it.number > 0 {
			if err := im.st.RenumberLADR(ctx, it.rec.ID, it.number); err != nil {
				return err
			}
		}
		return im.st.UpdateLADR(ctx, &it.rec)
	})
	if err != nil {
		it.rep.Action, it.rep.Error = Failed, data.ErrorMessage(err)
		return
	}
	it.rep.Number = it.rec.Number
	im.numbers[it.rec.Number] = it.rec.ID
	rec := it.rec
	im.records[rec.ID] = &rec
}

// remember stores, for every file that changed, its bytes and the record
// as it now is, and the folder's convention.
func (im *importer) remember(ctx context.Context) error {
	all, err := AllLADRs(ctx, im.st)
	if err != nil {
		return err
	}
	byID := map[data.LADRID]data.LADR{}
	for _, l := range all {
		byID[l.ID] = l
	}
	pages, err := syncdb.New(im.st).PageIDs(ctx, data.EntityLADR)
	if err != nil {
		return err
	}
	var rows []data.LADRFile
	for _, it := range im.items {
		if it.rep.Action == Failed || it.rec.ID == "" {
			continue
		}
		if it.row != nil && it.row.Folder == im.fo.key && bytes.Equal(it.row.Content, it.src) {
			continue // as kaigi last synced it
		}
		l, ok := byID[it.rec.ID]
		if !ok {
			continue
		}
		base := viewOf(l, notionURL(pages[string(l.ID)]))
		if it.keep != nil {
			it.keep(&base)
		}
		rows = append(rows, data.LADRFile{Folder: im.fo.key, Path: it.file.Path, LADRID: l.ID, Content: it.src, Base: base.marshal()})
	}
	if err := im.st.SaveLADRFiles(ctx, rows); err != nil {
		return err
	}
	return im.st.SaveLADRFolder(ctx, im.fo.key, im.fo.conv.Marshal())
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
