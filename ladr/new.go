package ladr

import (
	"context"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// NewOptions describe a record `kaigi ladr new` writes.
type NewOptions struct {
	Title      string
	Slug       string   // the name part of the file; empty makes it from the title
	Supersedes []string // records it supersedes: numbers, or parts of their file names
	Authors    []string
	Renderer   *Renderer         // kaigi's template, for a folder with no records
	Naming     convention.Naming // names in a folder with no records (--pattern)
	Area       string            // in a folder split by area: the subfolder or area word
}

// NewResult is the record New made and the files it wrote.
type NewResult struct {
	LADR    data.LADR
	Path    string   // the new file, inside the folder
	Written []string // every file written, the superseded records' included
	Notes   []string
}

// New creates a record in kaigi and writes its file into dir as the
// folder writes records (as adr-tools' "adr new" does): the next number,
// in the folder's width (or today's date for folders named by date), the
// folder's template and headings, the title in the name with its own
// letters. Superseded records are marked so in kaigi and in their files.
func New(ctx context.Context, st *data.Store, dir string, opt NewOptions) (NewResult, error) {
	var res NewResult
	if err := data.CheckNamePart("slug", opt.Slug); err != nil {
		return res, err
	}
	fo, p, err := openPlanner(ctx, st, dir, ExportOptions{Renderer: opt.Renderer, Naming: opt.Naming, Area: opt.Area})
	if err != nil {
		return res, err
	}
	if _, err := p.newFileName(0, "x"); err != nil {
		return res, err // no area where the folder needs one: say so before anything is stored
	}
	l := data.LADR{Title: opt.Title, State: data.LADRProposed, Date: data.TeamDay(st.Now(), st.Zone()), Authors: opt.Authors, Slug: opt.Slug}
	if l.Slug == "" {
		l.Slug = p.conv.Naming.Slug(opt.Title)
	}
	for _, ref := range opt.Supersedes {
		id, err := p.findRecord(ref)
		if err != nil {
			return res, err
		}
		l.Supersedes = append(l.Supersedes, id)
	}
	fileNumber := 0
	if p.conv.PerArea { // kaigi's numbers are unique across areas: the file's is its own
		if fileNumber, err = NextNumberIn(ctx, dir, opt.Area); err != nil {
			return res, err
		}
	} else {
		var note string
		if l.Number, note, err = numberForNew(ctx, st, dir, true); err != nil {
			return res, err
		}
		if note != "" {
			res.Notes = append(res.Notes, note)
		}
	}
	if err := st.CreateLADR(ctx, &l); err != nil {
		return res, err
	}
	ex, err := Export(ctx, st, dir, ExportOptions{Renderer: opt.Renderer, Naming: opt.Naming, Area: opt.Area, FileNumber: fileNumber,
		Only: append([]data.LADRID{l.ID}, l.Supersedes...)})
	res.Written, res.Notes = ex.Written, append(res.Notes, ex.Notes...)
	if err != nil {
		return res, err
	}
	if len(ex.Skipped) > 0 {
		return res, data.Errorf(data.ECONFLICT, "LADR %d is in kaigi, but: %s", l.Number, strings.Join(ex.Skipped, "; "))
	}
	files, err := st.LADRFiles(ctx, fo.key)
	if err != nil {
		return res, err
	}
	for _, f := range files {
		if f.LADRID == l.ID && f.Folder == fo.key {
			res.Path = f.Path
		}
	}
	if res.LADR, err = st.LADR(ctx, l.ID); err != nil {
		return res, err
	}
	return res, nil
}

// NextNumber is the number the folder's next record takes: one more than
// any number its record files carry (in their names, title lines or front
// matter ids) or that the folder's files carry on the repository's other
// branches (open ladr/* branches included). Duplicate and unnumbered files
// add nothing, and kaigi's database is not asked. In a folder whose areas
// number their own records, it is the next of the area (see NextNumberIn).
func NextNumber(ctx context.Context, dir string) (int, error) {
	return NextNumberIn(ctx, dir, "")
}

// NextNumberIn is NextNumber for a record of one area: a subfolder, or the
// area word of names like ADR-DATA-001-x.md.
func NextNumberIn(ctx context.Context, dir, area string) (int, error) {
	fo, err := readFolder(ctx, dir, convention.Naming{})
	if err != nil {
		return 0, err
	}
	return fo.nextNumber(ctx, area), nil
}

func (fo *folder) nextNumber(ctx context.Context, area string) int {
	next := 1
	take := func(name string, n int) {
		if (!fo.conv.PerArea || areaOf(name) == area) && n >= next {
			next = n + 1
		}
	}
	for i, f := range fo.files {
		if fo.errs[i] == nil && f.Numbered() {
			take(f.Path, f.Doc.Number)
		}
	}
	for _, name := range branchNames(ctx, fo) {
		if n, ok := convention.NumberOf(path.Base(name)); ok {
			take(name, n)
		}
	}
	return next
}

// NumberForNew is the number a record made in the web app takes for the
// folder dir: NextNumber, made free in kaigi (see freeInKaigi). A folder
// this machine cannot see (the web server's) is read as kaigi last synced
// it. It is 0, for kaigi to assign, in folders named by date, in folders
// whose areas number their own records, and for a folder kaigi never saw.
// note says what moved.
func NumberForNew(ctx context.Context, st *data.Store, dir string) (n int, note string, err error) {
	return numberForNew(ctx, st, dir, false)
}

// numberForNew is NumberForNew; takeFromPending is set when the record's
// file is written now (ladr new), so it takes its number from a record
// still waiting for its file.
func numberForNew(ctx context.Context, st *data.Store, dir string, takeFromPending bool) (n int, note string, err error) {
	fo, err := readFolder(ctx, dir, convention.Naming{})
	if err != nil {
		return 0, "", err
	}
	if _, statErr := os.Stat(fo.dir); statErr == nil {
		if fo.conv.Naming.Dated() || fo.conv.PerArea || len(fo.names) == 0 && fo.below != "" {
			return 0, "", nil
		}
		n = fo.nextNumber(ctx, "")
	} else {
		stored, err := st.LADRFolder(ctx, fo.key)
		if err != nil {
			return 0, "", err
		}
		rows, err := st.LADRFiles(ctx, fo.key)
		if err != nil || stored == "" {
			return 0, "", err
		}
		if conv, err := convention.Unmarshal(stored); err == nil && (conv.Naming.Dated() || conv.PerArea) {
			return 0, "", nil
		}
		n = 1
		for _, r := range rows {
			if num, ok := convention.NumberOf(path.Base(r.Path)); ok && r.Folder == fo.key && num >= n {
				n = num + 1
			}
		}
	}
	return freeInKaigi(ctx, st, n, takeFromPending)
}

// freeInKaigi makes the folder's number n free in kaigi, whose numbers are
// unique across folders. A record holding n only in kaigi moves to a
// number of its own: its files carry another number (kaigi numbered an
// unnumbered or duplicate file), or, with takeFromPending, it has no file
// yet. A record whose file carries n, or one waiting for its file when a
// web record is made, keeps it, and the new record takes the next number
// free in both, which the note says.
func freeInKaigi(ctx context.Context, st *data.Store, n int, takeFromPending bool) (int, string, error) {
	numbers, err := st.LADRNumbers(ctx)
	if err != nil {
		return 0, "", err
	}
	want := n
	for {
		id, taken := numbers[n]
		if !taken {
			break
		}
		rows, err := st.LADRFilesOf(ctx, id)
		if err != nil {
			return 0, "", err
		}
		carried := len(rows) == 0 && !takeFromPending
		for _, r := range rows {
			if fn, ok := convention.NumberOf(path.Base(r.Path)); ok && fn == n {
				carried = true
			}
		}
		if !carried {
			moved, err := st.MoveLADRNumber(ctx, id)
			if err != nil {
				return 0, "", err
			}
			return n, fmt.Sprintf("LADR %d was numbered by kaigi alone (no file carries that number); it is LADR %d now", n, moved), nil
		}
		n++
	}
	if n != want {
		return n, fmt.Sprintf("LADR %d is taken in kaigi (another folder's file, or a record waiting for its file); this record is %d", want, n), nil
	}
	return n, "", nil
}

// findRecord reads a reference to a record as adr-tools' "-s" does: a
// number (the folder's own first, then kaigi's), or part of a file name.
func (p *planner) findRecord(ref string) (data.LADRID, error) {
	if n, err := strconv.Atoi(strings.TrimLeft(ref, "#")); err == nil {
		for name, number := range p.fo.numbers() {
			if number == n {
				if id := p.idOfFile(name); id != "" {
					return id, nil
				}
			}
		}
		for _, id := range p.order {
			if p.records[id].Number == n {
				return id, nil
			}
		}
		return "", data.Errorf(data.ENOTFOUND, "no LADR number %d to supersede", n)
	}
	var found []string
	var id data.LADRID
	for _, name := range p.fo.names {
		if strings.Contains(name, ref) {
			found = append(found, name)
			id = p.idOfFile(name)
		}
	}
	switch {
	case len(found) == 0:
		return "", data.Errorf(data.ENOTFOUND, "no LADR file in %s matches %q", p.fo.dir, ref)
	case len(found) > 1:
		return "", data.Invalid("supersedes", "%q matches %s; give more of the name", ref, strings.Join(found, ", "))
	case id == "":
		return "", data.Errorf(data.ENOTFOUND, "%s is not in kaigi yet; run kaigi ladr import %s first", found[0], p.fo.dir)
	}
	return id, nil
}

func (p *planner) idOfFile(name string) data.LADRID {
	for id, n := range p.names {
		if n == name {
			return id
		}
	}
	return ""
}
