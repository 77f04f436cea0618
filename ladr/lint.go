package ladr

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Problem is one lint finding, printed as "file:line: message".
type Problem struct {
	Path    string
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message) }

var sectionTitles = map[string]string{
	secContext: "Context", secSpecification: "Specification", secDecision: "Decision", secConsequences: "Consequences",
}

// Lint checks a folder of LADR files the way CI should: duplicate or
// missing numbers, missing sections, unknown statuses, supersedes links to
// numbers no file has, broken relative links, and an index that does not
// match the files. Paths in problems are dir joined with the file name.
func Lint(dir string) ([]Problem, error) {
	files, err := ParseDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Problem
	add := func(f File, line int, format string, args ...any) {
		if line == 0 {
			line = 1
		}
		out = append(out, Problem{Path: filepath.Join(dir, f.Path), Line: line, Message: fmt.Sprintf(format, args...)})
	}
	owners := map[int][]string{}
	for _, f := range files {
		owners[f.Doc.Number] = append(owners[f.Doc.Number], f.Path)
	}
	for _, f := range files {
		numLine := f.Sections["number"]
		if f.Doc.Number == 0 {
			add(f, numLine, "no LADR number; let kaigi assign one (kaigi ladr pr) instead of numbering by hand")
		} else if others := slices.DeleteFunc(slices.Clone(owners[f.Doc.Number]), func(p string) bool { return p == f.Path }); len(others) > 0 {
			add(f, numLine, "number %d is also used by %s; numbers must be unique", f.Doc.Number, strings.Join(others, ", "))
		}
		for _, g := range f.Guesses {
			// A bad status value is reported below, with its line.
			if strings.HasPrefix(g, "front matter") && !strings.HasPrefix(g, "front matter status:") {
				add(f, 1, "%s", g)
			}
		}
		if f.UnknownStatus != "" {
			add(f, f.Sections[secStatus], "unknown status %q; use one of draft, proposed, accepted, rejected, on-hold, superseded, deprecated", f.UnknownStatus)
		} else if f.Sections[secStatus] == 0 {
			add(f, 1, "no status; add a status field or a Status section")
		}
		for _, key := range RequiredSections {
			if f.Sections[key] == 0 {
				add(f, 1, "missing section %q", sectionTitles[key])
			}
		}
		for _, ref := range []struct {
			key     string
			numbers []int
		}{{"supersedes", f.Doc.Supersedes}, {"superseded-by", f.Doc.SupersededBy}} {
			for _, n := range ref.numbers {
				if len(owners[n]) == 0 {
					line := f.Sections[ref.key]
					if line == 0 {
						line = f.Sections[secStatus]
					}
					add(f, line, "%s %d, but no file has that number", ref.key, n)
				}
			}
		}
		for _, l := range f.Links {
			if target, ok := localTarget(l.Dest); ok {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target))); err != nil {
					add(f, l.Line, "broken link to %s", l.Dest)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	index, err := os.ReadFile(filepath.Join(dir, IndexName))
	switch {
	case os.IsNotExist(err):
		out = append(out, Problem{filepath.Join(dir, IndexName), 1, "the index is missing; run kaigi ladr index " + dir})
	case err != nil:
		return nil, fmt.Errorf("read index: %w", err)
	case !bytes.Equal(index, Index(files)):
		out = append(out, Problem{filepath.Join(dir, IndexName), 1, "the index is out of date; run kaigi ladr index " + dir})
	}
	return out, nil
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
