package ladr

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// Problem is one lint finding, printed as "file:line: message".
type Problem struct {
	Path    string
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message) }

// Lint checks a folder of LADR files against the folder's own convention,
// the way CI should: duplicate numbers, numbers another branch uses for
// another record, statuses outside the folder's words, sections its
// template requires, sections still holding the template's guidance,
// links to records or files that do not exist, and kaigi's index where
// the folder has one. A consistent folder of any kind lints clean. Paths
// in problems are dir joined with the file name.
func Lint(ctx context.Context, dir string) ([]Problem, error) {
	fo, err := readFolder(ctx, dir, convention.Naming{})
	if err != nil {
		return nil, err
	}
	dir = fo.dir // .adr-dir followed
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("LADR folder %s: %w", dir, err)
	}
	l := linter{fo: fo, conv: fo.conv, guide: fo.conv.Guide(), dir: dir, owners: map[string][]string{}, names: map[string]bool{},
		baseline: baseline(ctx, dir)}
	for i, f := range fo.files {
		if fo.errs[i] != nil {
			l.add(f, 1, "cannot read the file: %v", fo.errs[i])
			continue
		}
		if f.Numbered() {
			k := l.owner(f.Path, f.Doc.Number)
			l.owners[k] = append(l.owners[k], f.Path)
		}
		l.names[f.Path] = true
	}
	for i, f := range fo.files {
		if fo.errs[i] == nil {
			l.file(f)
		}
	}
	sort.SliceStable(l.out, func(i, j int) bool {
		if l.out[i].Path != l.out[j].Path {
			return l.out[i].Path < l.out[j].Path
		}
		return l.out[i].Line < l.out[j].Line
	})
	l.index()
	l.out = append(l.out, branchCollisions(ctx, fo)...)
	return l.out, nil
}

type linter struct {
	fo       *folder
	conv     convention.Convention
	guide    convention.Guide
	dir      string
	owners   map[string][]string // files by number (by area and number where areas number their own)
	names    map[string]bool
	baseline map[string]bool // files taken as they are (see baseline)
	out      []Problem
}

// owner keys a number: per area where each area numbers its own records.
func (l *linter) owner(name string, n int) string {
	if l.conv.PerArea {
		return areaOf(name) + "\x00" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func (l *linter) add(f File, line int, format string, args ...any) {
	if line == 0 {
		line = 1
	}
	l.out = append(l.out, Problem{Path: filepath.Join(l.dir, f.Path), Line: line, Message: fmt.Sprintf(format, args...)})
}

func (l *linter) file(f File) {
	numbered := !l.conv.Naming.Dated()
	switch {
	case numbered && !f.Numbered():
		l.add(f, f.Sections["number"], "no number; let kaigi assign one (kaigi ladr new, kaigi ladr pr) instead of numbering by hand")
	case f.Numbered():
		others := slices.DeleteFunc(slices.Clone(l.owners[l.owner(f.Path, f.Doc.Number)]), func(p string) bool { return p == f.Path })
		if len(others) > 0 {
			l.add(f, f.Sections["number"], "number %d is also used by %s; numbers must be unique", f.Doc.Number, strings.Join(others, ", "))
		}
	}
	for _, g := range f.Guesses {
		if strings.HasPrefix(g, "front matter") && !strings.HasPrefix(g, "front matter status:") {
			l.add(f, 1, "%s", g)
		}
	}
	l.status(f)
	if !l.baseline[f.Path] {
		l.sections(f)
	}
	l.references(f)
}

func (l *linter) status(f File) {
	words := l.statusWords()
	switch {
	case f.UnknownStatus != "" && !l.conv.Words.IsOwn(f.UnknownStatus):
		l.add(f, f.Sections[secStatus], "unknown status %q; this folder uses %s", f.UnknownStatus, words)
	case f.UnknownStatus == "" && f.RawStatus != "" && !l.conv.Words.Known(f.RawStatus):
		l.add(f, f.Sections[secStatus], "status %q is not one of this folder's template (%s)", f.RawStatus, words)
	case f.Sections[secStatus] == 0 && l.conv.Requires(secStatus) && !l.baseline[f.Path]:
		l.add(f, 1, "no status; add %s as this folder's records do", l.statusPlace())
	}
}

func (l *linter) statusWords() string {
	if len(l.conv.Words.Allowed) > 0 {
		return strings.Join(l.conv.Words.Allowed, ", ")
	}
	var ws []string
	if l.conv.IsKaigi() {
		for _, st := range data.LADRStates {
			ws = append(ws, string(st))
		}
		return strings.Join(ws, ", ")
	}
	for _, st := range data.LADRStates {
		ws = append(ws, l.conv.Words.Word(st, l.conv.Japanese, l.conv.Capital))
	}
	return strings.Join(ws, ", ")
}

func (l *linter) statusPlace() string {
	switch l.conv.Meta {
	case convention.FrontMatter:
		return "a status: key"
	case convention.List:
		return "a \"" + l.conv.ListMarker + " " + l.label("status") + ": …\" line"
	}
	return "a \"" + l.conv.Heading(secStatus, "Status") + "\" section"
}

func (l *linter) label(field string) string {
	if s := l.conv.ListLabels[field]; s != "" {
		return s
	}
	return defaultLabels[field][0]
}

// sections checks what the folder's template requires and what still
// holds its guidance.
func (l *linter) sections(f File) {
	whose := "records have" // without a template, Required is what the folder's kind always has
	if l.conv.Template != "" {
		whose = "template requires"
	}
	for _, key := range l.conv.Required {
		if key == secStatus || key == secDate || key == secTitle {
			continue
		}
		if f.Sections[key] == 0 {
			l.add(f, 1, "missing section %q, which this folder's %s", l.conv.Heading(key, sectionTitles[key]), whose)
		}
	}
	for _, s := range l.conv.Sections {
		if s.Optional || s.Key != "" || l.conv.Template == "" {
			continue
		}
		if !hasHeading(f, s.Heading) {
			l.add(f, 1, "missing section %q, which this folder's template requires", s.Heading)
		}
	}
	for _, s := range f.lay.sections {
		if s.key == secStatus || s.key == secDate {
			continue
		}
		if l.guide.Holds(s.key, s.heading, s.text) || IsGuidance(s.text) {
			l.add(f, f.lineAt(s.head.start), "section %q still holds the template's guidance text; write it or remove the section", cleanHeading(s.heading))
		}
	}
}

func hasHeading(f File, heading string) bool {
	for _, s := range f.lay.sections {
		if cleanHeading(s.heading) == heading {
			return true
		}
	}
	return false
}

// references checks links to other records and relative links.
func (l *linter) references(f File) {
	for _, ref := range []struct {
		key     string
		numbers []int
		files   []string
	}{{"supersedes", f.Doc.Supersedes, f.Doc.SupersedesFiles}, {"superseded-by", f.Doc.SupersededBy, f.Doc.SupersededByFiles}} {
		line := f.Sections[ref.key]
		if line == 0 {
			line = f.Sections[secStatus]
		}
		for _, n := range ref.numbers {
			if len(l.owners[l.owner(f.Path, n)]) == 0 && !slices.ContainsFunc(ref.files, func(name string) bool { return l.names[name] }) {
				l.add(f, line, "%s %d, but no file has that number", ref.key, n)
			}
		}
	}
	for _, link := range f.Links {
		if target, ok := localTarget(link.Dest); ok {
			if _, err := os.Stat(filepath.Join(l.dir, filepath.FromSlash(path.Dir(f.Path)), filepath.FromSlash(target))); err != nil {
				l.add(f, link.Line, "broken link to %s", link.Dest)
			}
		}
	}
}

// index checks kaigi's index where the folder has one.
func (l *linter) index() {
	ix := l.fo.index
	if ix.name == "" {
		if l.conv.IsKaigi() && !ix.readme {
			l.out = append(l.out, Problem{filepath.Join(l.dir, IndexName), 1, "the index is missing; run kaigi ladr index " + l.dir})
		}
		return
	}
	var files []File
	for i, f := range l.fo.files {
		if l.fo.errs[i] == nil {
			files = append(files, f)
		}
	}
	if !bytes.Equal(ix.content, indexContent(ix, indexTable(files, l.conv))) {
		l.out = append(l.out, Problem{filepath.Join(l.dir, ix.name), 1, "the index is out of date; run kaigi ladr index " + l.dir})
	}
}

// localTarget returns the file a relative link points to, or false for
// links to the web, to anchors in the same file, or to absolute paths.
func localTarget(dest string) (string, bool) {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "/") {
		return "", false
	}
	u, err := url.Parse(dest)
	if err != nil {
		return dest, true // unparsable: report it as broken
	}
	if u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	return u.Path, true
}

// lineAt is the file line of an offset into the normalized text.
func (f File) lineAt(off int) int {
	return strings.Count(f.lay.text[:min(off, len(f.lay.text))], "\n") + 1
}
