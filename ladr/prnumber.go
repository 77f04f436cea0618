package ladr

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// digitRun is a number written in a name or a line.
var digitRun = regexp.MustCompile(`\d+`)

// renumberIfTaken gives the record the folder's next number when its
// number is used meanwhile by another file: in the folder, on another
// branch, or on the remote (after the fetch). own is the record's file
// when it has one; it is renamed and its title line and front matter say
// the new number. The records that link to it are planned afterwards and
// link the new name.
func (w *prWork) renumberIfTaken(ctx context.Context, own []plannedFile) error {
	p := w.p
	if p.conv.Naming.Dated() {
		return nil // records named by date do not collide by number
	}
	ownName := p.names[w.l.ID]
	used := numbersInFolder(ctx, w.g, w.dirRel)
	for name, n := range w.fo.numbers() {
		used[n] = append(used[n], usedNumber{name: name})
	}
	old := w.l.Number
	var clash []usedNumber
	for _, u := range used[old] {
		if u.name != ownName {
			clash = append(clash, u)
		}
	}
	if len(clash) == 0 {
		return nil
	}
	next, err := w.nextFreeNumber(ctx, used)
	if err != nil {
		return err
	}
	rec := p.records[w.l.ID]
	rec.Number = next
	p.records[w.l.ID], w.l.Number, w.renumberedFrom = rec, next, old
	width := w.width()
	w.notes = append(w.notes, fmt.Sprintf("LADR %0*d was taken meanwhile by %s, so this record is now LADR %0*d",
		width, old, clash[0], width, next))
	if len(own) == 0 {
		return nil
	}
	pf := &own[0]
	newName := renumberName(pf.name, old, next)
	if p.taken[newName] && newName != pf.name {
		return data.Errorf(data.ECONFLICT, "cannot renumber %s: %s is already in the folder; kaigi changed nothing", pf.name, newName)
	}
	w.ownOld = path.Join(w.dirRel, pf.name)
	pf.content = renumberText(pf.name, pf.content, p.conv, old, next)
	pf.name = newName
	p.names[w.l.ID], p.taken[newName] = newName, true
	pf.base = p.view(w.l.ID)
	return nil
}

// usedNumber is a file that has a number, and the branch it is on ("" is
// the work tree).
type usedNumber struct{ name, branch string }

func (u usedNumber) String() string {
	if u.branch == "" {
		return u.name
	}
	return u.name + " on " + u.branch
}

// nextFreeNumber is one more than every number the folder uses on any
// branch, skipping numbers kaigi has given to records with no file there.
func (w *prWork) nextFreeNumber(ctx context.Context, used map[int][]usedNumber) (int, error) {
	n := 0
	for k := range used {
		n = max(n, k)
	}
	n++
	inKaigi, err := w.st.LADRNumbers(ctx)
	if err != nil {
		return 0, err
	}
	for id, ok := inKaigi[n]; ok && id != w.l.ID; id, ok = inKaigi[n] {
		n++
	}
	return n, nil
}

// numbersInFolder reads the record numbers that the folder's files have on
// every local branch and every remote-tracking branch: the next number is
// the folder's, including records still under review elsewhere.
func numbersInFolder(ctx context.Context, g gitRepo, dirRel string) map[int][]usedNumber {
	used := map[int][]usedNumber{}
	refs, err := g.run(ctx, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes")
	if err != nil {
		return used
	}
	for _, ref := range strings.Fields(refs) {
		if strings.HasSuffix(ref, "/HEAD") {
			continue
		}
		out, err := g.run(ctx, "ls-tree", "-z", "--name-only", ref, "--", dirRel+"/")
		if err != nil {
			continue
		}
		for _, p := range strings.Split(out, "\x00") {
			name := path.Base(p)
			if p == "" || isTemplateName(name) || !isMarkdown(name) {
				continue
			}
			if n, ok := convention.NumberOf(name); ok {
				used[n] = append(used[n], usedNumber{name: name, branch: ref})
			}
		}
	}
	return used
}

// renumberName writes the new number where the name has the old one, in
// the same width.
func renumberName(name string, old, next int) string {
	done := false
	return digitRun.ReplaceAllStringFunc(name, func(d string) string {
		if done || !sameNumber(d, old) {
			return d
		}
		done = true
		return fmt.Sprintf("%0*d", len(d), next)
	})
}

func sameNumber(digits string, n int) bool {
	v, err := strconv.Atoi(digits)
	return err == nil && v == n
}

// renumberText writes the new number where the file shows the old one:
// its title line and its front matter's number or id.
func renumberText(name string, src []byte, conv convention.Convention, old, next int) []byte {
	e := newEditor(name, src, conv)
	lay := e.f.lay
	swap := func(start, end int) {
		line := e.text()[start:end]
		if fixed := renumberName(line, old, next); fixed != line {
			e.replace(start, end, fixed)
		}
	}
	if lay.title != nil {
		swap(lay.title.start, lay.title.end)
	}
	if lay.fm != nil {
		at := lay.fm.start
		for _, line := range strings.SplitAfter(e.text()[lay.fm.start:lay.fm.end], "\n") {
			key, _, ok := strings.Cut(strings.TrimSpace(line), ":")
			if ok && slices.Contains([]string{"number", "id", "adr", "adr_id", "no"}, strings.ToLower(strings.TrimSpace(key))) {
				swap(at, at+len(strings.TrimRight(line, "\n")))
			}
			at += len(line)
		}
	}
	return e.bytes()
}

// relink points the other files of the pull request (the records the
// renumbered record supersedes) at its new name and number: their links
// were written with the old ones.
func (w *prWork) relink(oldName string) {
	newName := w.p.names[w.l.ID]
	if w.renumberedFrom == 0 || oldName == "" || oldName == newName {
		return
	}
	title := w.p.records[w.l.ID].Title
	oldText := w.p.conv.RecordLink(w.renumberedFrom, title, oldName)
	newText := w.p.conv.RecordLink(w.l.Number, title, newName)
	for i := range w.planned {
		f := &w.planned[i]
		if f.id == w.l.ID {
			continue
		}
		b := bytes.ReplaceAll(f.content, []byte("["+oldText+"]"), []byte("["+newText+"]"))
		b = bytes.ReplaceAll(b, []byte("("+fileLink(oldName)+")"), []byte("("+fileLink(newName)+")"))
		if !bytes.Equal(b, f.content) {
			f.content, f.write = b, true
		}
	}
}
