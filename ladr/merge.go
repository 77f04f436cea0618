package ladr

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/kaigi-dev/kaigi/data"
)

// mergeFile applies to a record what changed in its file since kaigi last
// synced it (old → cur). Fields the file did not change keep kaigi's
// value, edits made in kaigi meanwhile included; a field both changed
// takes the file's (it is what was reviewed and merged), and the report
// names kaigi's value it replaced. It returns what the file still shows
// of kaigi's own edits: the new base keeps the old base's value there, so
// that the next export writes those edits into the file.
func mergeFile(l *data.LADR, base recordView, old, cur Document, rep *FileReport) func(*recordView) {
	mine := viewOf(*l, "")
	var keeps []func(v *recordView)
	take := func(name string, fileChanged, kaigiChanged bool, kaigiValue any, set func(), keep func(v *recordView)) {
		switch {
		case fileChanged && kaigiChanged:
			rep.Guesses = append(rep.Guesses, fmt.Sprintf("%s changed in the file and in kaigi; took the file's, kaigi had %v", name, kaigiValue))
			set()
		case fileChanged:
			set()
		case kaigiChanged:
			keeps = append(keeps, keep)
		}
	}
	take("title", old.Title != cur.Title, mine.Title != base.Title, mine.Title,
		func() { l.Title = cur.Title }, func(v *recordView) { v.Title = base.Title })
	take("status", old.State != cur.State, mine.State != base.State || !slices.Equal(mine.SupersededBy, base.SupersededBy), mine.State, func() {
		l.State = cur.State
		if len(l.SupersededBy) > 0 && cur.State != data.LADRSuperseded {
			rep.Guesses = append(rep.Guesses, fmt.Sprintf("status %s in the file, but a newer LADR supersedes it; kept superseded", cur.State))
			l.State = data.LADRSuperseded
		}
	}, func(v *recordView) { v.State, v.SupersededBy = base.State, base.SupersededBy })
	take("date", old.Date != cur.Date && !cur.Date.IsZero(), mine.Date != base.Date, mine.Date,
		func() { l.Date = cur.Date }, func(v *recordView) { v.Date = base.Date })
	take("authors", !slices.Equal(old.Authors, cur.Authors), !slices.Equal(mine.Authors, base.Authors), mine.Authors,
		func() { l.Authors = cur.Authors }, func(v *recordView) { v.Authors = base.Authors })
	bodies := []struct {
		name             string
		old, cur         string
		mineVal, baseVal string
		dst              *string
		view             func(v *recordView) *string
	}{
		{"context", old.Context, cur.Context, mine.Context, base.Context, &l.Context, func(v *recordView) *string { return &v.Context }},
		{"specification", old.Specification, cur.Specification, mine.Specification, base.Specification, &l.Specification,
			func(v *recordView) *string { return &v.Specification }},
		{"decision", old.Decision, cur.Decision, mine.Decision, base.Decision, &l.Decision, func(v *recordView) *string { return &v.Decision }},
		{"consequences", old.Consequences, cur.Consequences, mine.Consequences, base.Consequences, &l.Consequences,
			func(v *recordView) *string { return &v.Consequences }},
	}
	for _, b := range bodies {
		take(b.name, b.old != b.cur, b.mineVal != b.baseVal, fmt.Sprintf("%.60q", b.mineVal),
			func() { *b.dst = b.cur }, func(v *recordView) { *b.view(v) = b.baseVal })
	}
	take("the other sections", !reflect.DeepEqual(nilIfEmpty(old.Extra), nilIfEmpty(cur.Extra)),
		!reflect.DeepEqual(mine.Extra, base.Extra), fmt.Sprintf("%d sections", len(mine.Extra)),
		func() { l.Extra = cur.Extra }, func(v *recordView) { v.Extra = base.Extra })
	take("pull request", old.PRURL != cur.PRURL && cur.PRURL != "", mine.PRURL != base.PRURL, mine.PRURL,
		func() { l.PRURL = cur.PRURL }, func(v *recordView) { v.PRURL = base.PRURL })
	take("review-by", old.ReviewBy != cur.ReviewBy, mine.ReviewBy != base.ReviewBy, mine.ReviewBy,
		func() { l.ReviewBy = cur.ReviewBy }, func(v *recordView) { v.ReviewBy = base.ReviewBy })
	return func(v *recordView) {
		for _, k := range keeps {
			k(v)
		}
	}
}

// pair is one "newer supersedes older" link a file declares.
type pair struct{ newer, older data.LADRID }

// declared lists the links a file declares, resolved to records: its own
// "supersedes" and the newer records of its "superseded by".
func (im *importer) declared(self data.LADRID, d Document, rep *FileReport) []pair {
	var out []pair
	add := func(id data.LADRID, newer bool) {
		if id == "" || id == self {
			return
		}
		if newer {
			out = append(out, pair{id, self})
		} else {
			out = append(out, pair{self, id})
		}
	}
	for _, n := range d.Supersedes {
		add(im.resolveNumber(n, rep, "supersedes"), false)
	}
	for _, name := range d.SupersedesFiles {
		add(im.resolveFile(name), false)
	}
	for _, n := range d.SupersededBy {
		add(im.resolveNumber(n, rep, "superseded by"), true)
	}
	for _, name := range d.SupersededByFiles {
		add(im.resolveFile(name), true)
	}
	slices.SortFunc(out, func(a, b pair) int {
		if a.newer != b.newer {
			return compareIDs(a.newer, b.newer)
		}
		return compareIDs(a.older, b.older)
	})
	return slices.Compact(out)
}

func compareIDs(a, b data.LADRID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// resolveFile finds the record of a file in this folder.
func (im *importer) resolveFile(name string) data.LADRID {
	if it := im.byPath()[name]; it != nil && it.rec.ID != "" {
		return it.rec.ID
	}
	if row, ok := im.rows[name]; ok {
		return row.LADRID
	}
	return ""
}

// resolveNumber finds the record with a number: a file of this folder
// with it, else kaigi's record with it.
func (im *importer) resolveNumber(n int, rep *FileReport, what string) data.LADRID {
	for _, it := range im.byNumber()[n] {
		if it.rec.ID != "" {
			return it.rec.ID
		}
	}
	if id := im.numbers[n]; id != "" && im.records[id] != nil {
		return id
	}
	rep.Guesses = append(rep.Guesses, fmt.Sprintf("%s LADR %d, which does not exist; link dropped", what, n))
	return ""
}

// byPath and byNumber index the items once the records are saved.
func (im *importer) byPath() map[string]*item {
	if im.pathIndex == nil {
		im.pathIndex = map[string]*item{}
		for _, it := range im.items {
			im.pathIndex[it.file.Path] = it
		}
	}
	return im.pathIndex
}

func (im *importer) byNumber() map[int][]*item {
	if im.numberIndex == nil {
		im.numberIndex = map[int][]*item{}
		for _, it := range im.items {
			im.numberIndex[it.file.Doc.Number] = append(im.numberIndex[it.file.Doc.Number], it)
		}
	}
	return im.numberIndex
}

// linkSupersedes applies the links files added or removed since kaigi last
// read them; links in unchanged files, and links kaigi made itself, stay.
func (im *importer) linkSupersedes(ctx context.Context) {
	add, remove := map[pair]bool{}, map[pair]bool{}
	for _, it := range im.items {
		if it.rec.ID == "" || it.rep.Action == Failed || !(it.write || it.changed) {
			continue
		}
		now := im.declared(it.rec.ID, it.file.Doc, &it.rep)
		var before []pair
		if it.old != nil {
			before = im.declared(it.rec.ID, it.old.Doc, &FileReport{})
		}
		for _, p := range now {
			if !slices.Contains(before, p) {
				add[p] = true
			}
		}
		for _, p := range before {
			if !slices.Contains(now, p) {
				remove[p] = true
			}
		}
	}
	want := map[data.LADRID][]data.LADRID{}
	touch := func(id data.LADRID) {
		if _, ok := want[id]; !ok {
			if l := im.records[id]; l != nil {
				want[id] = sortedIDs(l.Supersedes)
			}
		}
	}
	for p := range add {
		touch(p.newer)
		if _, ok := want[p.newer]; ok && !slices.Contains(want[p.newer], p.older) && im.records[p.older] != nil {
			want[p.newer] = append(want[p.newer], p.older)
		}
	}
	for p := range remove {
		touch(p.newer)
		want[p.newer] = slices.DeleteFunc(want[p.newer], func(id data.LADRID) bool { return id == p.older })
	}
	ids := make([]data.LADRID, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		l := *im.records[id]
		sup := sortedIDs(want[id])
		if slices.Equal(sup, sortedIDs(l.Supersedes)) {
			continue
		}
		l.Supersedes, l.Revision = sup, 0
		err := im.st.Try(ctx, func(ctx context.Context) error { return im.st.UpdateLADR(ctx, &l) })
		if err != nil {
			im.noteOn(id, "could not link superseded records: "+data.ErrorMessage(err))
			continue
		}
		im.records[id] = &l
		for _, old := range sup {
			if o := im.records[old]; o != nil && o.State != data.LADRSuperseded {
				o.State = data.LADRSuperseded
			}
		}
		for _, it := range im.items {
			if it.rec.ID == id && it.rep.Action == Unchanged {
				it.rep.Action = Updated
				break
			}
		}
	}
}

func (im *importer) noteOn(id data.LADRID, note string) {
	for _, it := range im.items {
		if it.rec.ID == id {
			it.rep.Guesses = append(it.rep.Guesses, note)
			return
		}
	}
}
