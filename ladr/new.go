package ladr

import (
	"context"
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
	fo, p, err := openPlanner(ctx, st, dir, ExportOptions{Renderer: opt.Renderer, Naming: opt.Naming})
	if err != nil {
		return res, err
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
	if l.Number, err = nextNumber(ctx, st, fo); err != nil {
		return res, err
	}
	if err := st.CreateLADR(ctx, &l); err != nil {
		return res, err
	}
	ex, err := Export(ctx, st, dir, ExportOptions{Renderer: opt.Renderer, Naming: opt.Naming, Only: append([]data.LADRID{l.ID}, l.Supersedes...)})
	res.Written, res.Notes = ex.Written, ex.Notes
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

// nextNumber is one more than any number in kaigi or in the folder, so
// that a record numbered by hand on this branch is not reused either.
func nextNumber(ctx context.Context, st *data.Store, fo *folder) (int, error) {
	n, err := st.NextLADRNumber(ctx)
	if err != nil {
		return 0, err
	}
	for _, number := range fo.numbers() {
		if number >= n {
			n = number + 1
		}
	}
	for _, f := range fo.files { // numbers in titles and front matter, when the folder was read
		if f.Doc.Number >= n {
			n = f.Doc.Number + 1
		}
	}
	return n, nil
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
