package ladr

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// planner decides what to write into one folder: for a record with a file
// there, that file with the fields kaigi changed since the last sync
// written in place; for a record with no file yet, a new file named and
// written the way the folder does.
type planner struct {
	st        *data.Store
	fo        *folder
	conv      convention.Convention
	renderer  *Renderer
	records   map[data.LADRID]data.LADR
	order     []data.LADRID // by number
	rows      map[data.LADRID]data.LADRFile
	names     map[data.LADRID]string // each record's file name in this folder, planned ones included
	taken     map[string]bool        // names in the folder
	elsewhere map[data.LADRID]bool
	pages     map[string]string
	propose   map[data.LADRID]bool // written as proposed (a pull request's own record)
	area      string               // of new files, in a folder split by area
	// fileNumbers are new files' numbers where they are not kaigi's.
	fileNumbers map[data.LADRID]int
	// otherNames are the names records have in other folders, kept by an
	// export of all records so that links between them keep working.
	otherNames map[data.LADRID]string
	checkGone  bool   // say that a record's file was deleted (export)
	writing    string // the file being written, which links start from
	today      data.Date
	read       func(name string) ([]byte, error)

	leftElsewhere int // records not written because their file is in another folder
	unchanged     int // records with a file that already says what kaigi has
}

// plannedFile is one file to write and what to remember of it.
type plannedFile struct {
	name    string
	content []byte
	id      data.LADRID
	base    recordView
	isNew   bool
	write   bool // the bytes differ from what is in the folder
	notes   []string

	translations []plannedFile // the status written into the translations beside it
	translation  bool          // this is one: written, not remembered (not a record's file)
}

func newPlanner(ctx context.Context, st *data.Store, fo *folder, conv convention.Convention, r *Renderer) (*planner, error) {
	p := &planner{st: st, fo: fo, conv: conv, renderer: r, records: map[data.LADRID]data.LADR{},
		rows: map[data.LADRID]data.LADRFile{}, names: map[data.LADRID]string{}, taken: map[string]bool{},
		propose: map[data.LADRID]bool{}, fileNumbers: map[data.LADRID]int{}, today: data.TeamDay(st.Now(), st.Zone())}
	p.read = func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(fo.dir, name)) }
	all, err := AllLADRs(ctx, st)
	if err != nil {
		return nil, err
	}
	for _, l := range all {
		p.records[l.ID] = l
		p.order = append(p.order, l.ID)
	}
	rows, err := st.LADRFiles(ctx, fo.key)
	if err != nil {
		return nil, err
	}
	inFolder := map[string]bool{}
	for _, n := range fo.names {
		inFolder[n] = true
	}
	for _, r := range rows {
		if prev, ok := p.rows[r.LADRID]; ok && prev.Folder == fo.key {
			continue
		}
		if r.Folder != fo.key && !inFolder[r.Path] {
			continue // a mapping from before folders were told apart, of another folder
		}
		p.rows[r.LADRID] = r
		p.names[r.LADRID] = r.Path
	}
	for _, n := range fo.names {
		p.taken[n] = true
	}
	if p.elsewhere, err = st.LADRsWithFiles(ctx); err != nil {
		return nil, err
	}
	if p.pages, err = syncdb.New(st).PageIDs(ctx, data.EntityLADR); err != nil {
		return nil, err
	}
	return p, nil
}

// view is a record as its file shows it.
func (p *planner) view(id data.LADRID) recordView {
	l := p.records[id]
	if p.propose[id] && l.State == data.LADRDraft {
		l.State = data.LADRProposed
	}
	return viewOf(l, notionURL(p.pages[string(id)]))
}

// plan works out the files of the given records (all live records when
// ids is nil). Records whose file lives in another folder are left to it
// unless all is set or they are named in ids.
func (p *planner) plan(ids []data.LADRID, all bool) ([]plannedFile, []string) {
	var skipped []string
	chosen := ids
	if chosen == nil {
		chosen = p.order
	}
	var out []plannedFile
	var fresh []data.LADRID
	for _, id := range chosen {
		if _, ok := p.records[id]; !ok {
			continue
		}
		if _, has := p.rows[id]; has {
			continue
		}
		if p.elsewhere[id] && !all && ids == nil {
			p.leftElsewhere++
			continue
		}
		name, err := p.newName(id)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("LADR %d: %s", p.records[id].Number, data.ErrorMessage(err)))
			continue
		}
		p.names[id], p.taken[name] = name, true
		fresh = append(fresh, id)
	}
	for _, id := range chosen {
		if _, has := p.rows[id]; has {
			if pf, ok, why := p.planEdit(id); ok {
				out = append(out, pf)
				out = append(out, pf.translations...)
			} else if why != "" {
				skipped = append(skipped, why)
			} else {
				p.unchanged++
			}
		}
	}
	for _, id := range fresh {
		pf, err := p.planNew(id)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %s", p.names[id], data.ErrorMessage(err)))
			continue
		}
		out = append(out, pf)
	}
	return out, skipped
}

// newName names the file of a record that has none in this folder.
func (p *planner) newName(id data.LADRID) (string, error) {
	l := p.records[id]
	// A slug someone chose stays; kaigi's default one follows the folder's
	// way of writing names (letter case, separators).
	if other := p.otherNames[id]; other != "" && !p.taken[other] && checkRecordPath(other) == nil {
		return other, nil
	}
	slug := l.Slug
	if slug == "" || (slug == Slug(l.Title) && !p.conv.IsKaigi()) {
		slug = p.conv.Naming.Slug(l.Title)
	}
	name, err := p.newFileName(p.fileNumber(id), slug)
	if err != nil {
		return "", err
	}
	if !p.taken[name] {
		return name, nil
	}
	if !p.conv.Naming.Dated() {
		return "", data.Errorf(data.ECONFLICT, "%s is already in the folder and is not this record's file; run kaigi ladr import %s first", name, p.fo.dir)
	}
	ext := filepath.Ext(name)
	for i := 2; ; i++ {
		alt := fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), i, ext)
		if !p.taken[alt] {
			return alt, nil
		}
	}
}

// keepOtherNames reads the file names of the records whose file is in
// another folder: an export of all records writes them under the same
// names, so that links between records (log4brains' to 20200926-x.md)
// keep working.
func (p *planner) keepOtherNames(ctx context.Context) error {
	p.otherNames = map[data.LADRID]string{}
	for _, id := range p.order {
		if _, here := p.rows[id]; here || !p.elsewhere[id] {
			continue
		}
		rows, err := p.st.LADRFilesOf(ctx, id)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			p.otherNames[id] = rows[0].Path
		}
	}
	return nil
}

// newFileName names a new file, in its area's subfolder where the folder
// has them.
func (p *planner) newFileName(number int, slug string) (string, error) {
	if len(p.fo.areas) == 0 {
		return p.conv.Naming.NameIn(p.area, number, p.today, slug)
	}
	if p.area == "" {
		for _, n := range p.fo.names {
			if !strings.Contains(n, "/") { // the folder has records of its own: new ones go beside them
				return p.conv.Naming.Name(number, p.today, slug)
			}
		}
		return "", data.Invalid("area", "%s keeps its records in areas (%s); say which area the record is for", p.fo.dir, strings.Join(p.fo.areas, ", "))
	}
	if err := convention.CheckFileName(p.area); err != nil {
		return "", data.Invalid("area", "area %q must be one folder inside %s", p.area, p.fo.dir)
	}
	name, err := p.conv.Naming.Name(number, p.today, slug)
	return path.Join(p.area, name), err
}

// planEdit writes into an existing file what changed in kaigi since it was
// last synced. ok is false when there is nothing to write; why says why a
// file that needed writing was left alone.
func (p *planner) planEdit(id data.LADRID) (pf plannedFile, ok bool, why string) {
	row := p.rows[id]
	cur := p.view(id)
	if p.checkGone && row.Folder == p.fo.key && !slices.Contains(p.fo.names, row.Path) {
		return pf, false, fmt.Sprintf("%s: deleted from the folder; kaigi does not write it again (LADR %d); restore the file, or delete the record in kaigi", row.Path, cur.Number)
	}
	base, hasBase := unmarshalView(row.Base)
	if hasBase && base.equal(cur) && row.Folder == p.fo.key {
		return pf, false, ""
	}
	disk, err := p.read(row.Path)
	if err != nil {
		return pf, false, fmt.Sprintf("%s: not in the folder any more; kaigi does not write it again (LADR %d)", row.Path, cur.Number)
	}
	if !hasBase {
		base = fileView(Parse(row.Path, disk).Doc, cur)
	}
	if len(row.Content) > 0 && !bytes.Equal(disk, row.Content) {
		// Writing kaigi's change into it would hide the file's own change
		// from the next import; the import merges both, then export writes.
		return pf, false, fmt.Sprintf("%s: changed in the folder since kaigi last read it; run kaigi ladr import %s first (kaigi wrote nothing)", row.Path, p.fo.dir)
	}
	e := newEditor(row.Path, disk, p.conv)
	p.writing = row.Path
	applyChanges(e, base, cur, p)
	out := e.bytes()
	return plannedFile{name: row.Path, content: out, id: id, base: cur, write: !bytes.Equal(out, disk), notes: e.notes,
		translations: p.planTranslations(row.Path, base.State, cur.State)}, true, ""
}

// planTranslations writes a record's new status into the translations
// beside its file (0003-x.ja.md), each in the words its language's
// translations use, so that they keep saying what the record says.
func (p *planner) planTranslations(name string, old, cur data.LADRState) []plannedFile {
	if old == cur || len(p.fo.translations[name]) == 0 {
		return nil
	}
	var out []plannedFile
	for _, tr := range p.fo.translations[name] {
		src, err := p.read(tr)
		if err != nil {
			continue
		}
		conv := p.translationConvention(languageOf(tr))
		e := newEditor(tr, src, conv)
		e.setStatus(conv.Words.Word(cur, conv.Japanese, conv.Capital))
		if b := e.bytes(); !bytes.Equal(b, src) {
			out = append(out, plannedFile{name: tr, content: b, write: true, translation: true})
		}
	}
	return out
}

// translationConvention is what the folder's translations in one
// language show of their words.
func (p *planner) translationConvention(lang string) convention.Convention {
	var samples []convention.Sample
	for _, trs := range p.fo.translations {
		for _, tr := range trs {
			if languageOf(tr) != lang {
				continue
			}
			if src, err := p.read(tr); err == nil {
				samples = append(samples, Parse(tr, src).Sample)
			}
		}
	}
	return convention.Detect(samples, nil, p.conv.Naming)
}

// languageOf is a translation's language tag: "ja" of 0003-x.ja.md.
func languageOf(name string) string {
	if m := translation.FindStringSubmatch(path.Base(name)); m != nil {
		return m[2]
	}
	return ""
}

// fileView is the record as a file shows it, for a mapping kept from
// before kaigi remembered what it wrote: links stay kaigi's.
func fileView(d Document, cur recordView) recordView {
	v := cur
	v.Title, v.State, v.Date, v.Authors = d.Title, d.State, d.Date, nilIfEmpty(d.Authors)
	v.Context, v.Specification, v.Decision, v.Consequences, v.Extra = d.Context, d.Specification, d.Decision, d.Consequences, nilIfEmpty(d.Extra)
	return v
}

// planNew writes the file of a record that has none in this folder.
func (p *planner) planNew(id data.LADRID) (plannedFile, error) {
	l := p.records[id]
	cur := p.view(id)
	if p.propose[id] && l.State == data.LADRDraft {
		l.State = data.LADRProposed
	}
	doc := NewDocument(l, p.links(l))
	base := cur
	doc.Number, cur.Number = p.fileNumber(id), p.fileNumber(id)
	p.writing = p.names[id]
	out, notes, err := newFile(p.conv, p.renderer, doc, cur, p, convention.AreaOf(path.Base(p.names[id])))
	if err != nil {
		return plannedFile{}, err
	}
	return plannedFile{name: p.names[id], content: out, id: id, base: base, isNew: true, write: true, notes: notes}, nil
}

// fileNumber is the number a record's new file carries: kaigi's, unless
// the file's own was given.
func (p *planner) fileNumber(id data.LADRID) int {
	if n, ok := p.fileNumbers[id]; ok {
		return n
	}
	return p.records[id].Number
}

// links are the numbers of the records l supersedes and is superseded by.
func (p *planner) links(l data.LADR) Links {
	links := Links{NotionURL: notionURL(p.pages[string(l.ID)])}
	for _, id := range l.Supersedes {
		links.Supersedes = append(links.Supersedes, p.records[id].Number)
	}
	for _, id := range l.SupersededBy {
		links.SupersededBy = append(links.SupersededBy, p.records[id].Number)
	}
	return links
}

// link is how a file in this folder links another record: a Markdown link
// to its file when it has one here, else its name alone.
func (p *planner) link(id data.LADRID) string {
	l, ok := p.records[id]
	if !ok {
		return ""
	}
	name := p.names[id]
	text := p.conv.RecordLink(l.Number, l.Title, path.Base(name))
	if name == "" {
		return text
	}
	return "[" + text + "](" + fileLink(relativeTo(path.Dir(p.writing), name)) + ")"
}

// relativeTo is a record's path as a link from a file in folder from
// (areas link each other through "..").
func relativeTo(from, name string) string {
	if from == "." || from == "" {
		return name
	}
	if dir, base := path.Split(name); path.Clean(dir) == from {
		return base
	}
	return strings.Repeat("../", strings.Count(from, "/")+1) + name
}

func (p *planner) number(id data.LADRID) int { return p.records[id].Number }

// write puts planned files into the folder (every name checked to stay
// inside it) and remembers them.
func (p *planner) write(ctx context.Context, files []plannedFile) ([]string, error) {
	var written []string
	for _, pf := range files {
		if err := checkRecordPath(pf.name); err != nil {
			return written, err
		}
		if pf.write {
			at := filepath.Join(p.fo.dir, filepath.FromSlash(path.Dir(pf.name)))
			if err := os.MkdirAll(at, 0o755); err != nil {
				return written, fmt.Errorf("create %s: %w", at, err)
			}
			if err := os.WriteFile(filepath.Join(p.fo.dir, filepath.FromSlash(pf.name)), pf.content, 0o644); err != nil {
				return written, fmt.Errorf("write %s: %w", pf.name, err)
			}
			written = append(written, pf.name)
		}
	}
	return written, p.remember(ctx, files)
}

// remember stores each planned file's bytes and record as kaigi wrote them.
func (p *planner) remember(ctx context.Context, files []plannedFile) error {
	if len(files) == 0 {
		return nil
	}
	rows := make([]data.LADRFile, 0, len(files))
	for _, pf := range files {
		if pf.translation {
			continue
		}
		rows = append(rows, data.LADRFile{Folder: p.fo.key, Path: pf.name, LADRID: pf.id, Content: pf.content, Base: pf.base.marshal()})
	}
	return p.st.SaveLADRFiles(ctx, rows)
}

// checkRecordPath refuses a record path that is not a file of the folder
// or of one area subfolder in it.
func checkRecordPath(name string) error {
	area, base, split := strings.Cut(name, "/")
	if !split {
		return convention.CheckFileName(name)
	}
	if err := convention.CheckFileName(area); err != nil {
		return err
	}
	return convention.CheckFileName(base)
}
