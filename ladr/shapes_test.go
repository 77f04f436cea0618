package ladr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// folderShape is one of the layouts real teams' decision folders have, in
// testdata/folders, and what `ladr new` must write into it.
type folderShape struct {
	open    string   // the folder the user names, inside the repository
	records int      // record files (translations are not records)
	area    string   // --area of ladr new
	title   string   // of the new record
	newPath string   // the new file, inside the folder
	want    []string // lines the new file has, in order
	absent  []string // text the new file must not have
}

var folderShapes = map[string]folderShape{
	"areas-shared": {open: "docs/adr", records: 5, area: "frontend", title: "Adopt feature flags for releases",
		newPath: "frontend/0006-adopt-feature-flags-for-releases.md",
		want:    []string{"# 6. Adopt feature flags for releases", "Date: 2026-01-05", "## Status", "Proposed", "## Context", "## Decision", "## Consequences"}},
	"areas-per-area": {open: "docs/decisions", records: 5, area: "payments", title: "Adopt feature flags for releases",
		newPath: "payments/0003-adopt-feature-flags-for-releases.md",
		want:    []string{"# Adopt feature flags for releases", "* Status: proposed", "* Date: 2026-01-05", "## Context and Problem Statement", "## Decision Outcome"}},
	"translations": {open: "docs/adr", records: 3, title: "Adopt feature flags for releases",
		newPath: "0004-adopt-feature-flags-for-releases.md",
		want:    []string{"# 4. Adopt feature flags for releases", "Date: 2026-01-05", "## Status", "Proposed", "## Context", "## Decision", "## Consequences"}},
	"adr-dir": {open: ".", records: 4, title: "Adopt feature flags for releases",
		newPath: "0005-adopt-feature-flags-for-releases.md",
		want:    []string{"# 5. Adopt feature flags for releases", "Date: 2026-01-05", "## Status", "Proposed", "## Context", "## Decision", "## Consequences"}},
	"front-matter-ids": {open: "docs/adr", records: 4, title: "Adopt feature flags for releases",
		newPath: "0005-adopt-feature-flags-for-releases.md",
		want: []string{"---", "id: ADR-0005", "title: Adopt feature flags for releases", "status: proposed", "date: 2026-01-05", "---",
			"# ADR-0005: Adopt feature flags for releases", "## Context", "## Decision", "## Consequences"}},
	"area-names": {open: "docs/adr", records: 5, area: "API", title: "Adopt feature flags for releases",
		newPath: "ADR-API-003-adopt-feature-flags-for-releases.md",
		want: []string{"# ADR-API-003: Adopt feature flags for releases", "## Status", "Proposed", "## Date", "2026-01-05",
			"## Context", "## Decision", "## Consequences"}},
	"dated-iso": {open: "docs/adr", records: 4, title: "Adopt feature flags for releases",
		newPath: "2026-01-05-adopt-feature-flags-for-releases.md",
		want:    []string{"# Adopt feature flags for releases", "- Status: proposed", "## Context and Problem Statement", "## Decision Outcome"},
		absent:  []string{"Date", "2026"}},
	"missing-section": {open: "doc/adr", records: 6, title: "Adopt feature flags for releases",
		newPath: "0007-adopt-feature-flags-for-releases.md",
		want:    []string{"# 7. Adopt feature flags for releases", "Date: 2026-01-05", "## Status", "Proposed", "## Context", "## Decision", "## Consequences"}},
	"status-note": {open: "docs/adr", records: 4, title: "機能フラグでリリースする",
		newPath: "005-機能フラグでリリースする.md",
		want:    []string{"# 005. 機能フラグでリリースする", "- ステータス: 提案中", "- 日付: 2026-01-05", "## 背景", "## 決定", "## 結果"}},
	"english-status-ja": {open: "docs/adr", records: 4, title: "機能フラグでリリースする",
		newPath: "0005-機能フラグでリリースする.md",
		want:    []string{"# 機能フラグでリリースする", "## ステータス", "Proposed", "## 背景", "## 決定", "## 影響"}},
}

// gitShape copies a testdata repository into a new git repository with one
// commit on main and returns the repository and the folder a user names.
func gitShape(t testing.TB, kind string) (repo, dir string) {
	t.Helper()
	repo = t.TempDir()
	must(t, os.CopyFS(repo, os.DirFS(filepath.Join("testdata", "folders", kind))))
	git(t, repo, "init", "--quiet", "-b", "main")
	git(t, repo, "add", "-A")
	git(t, repo, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "records as the team wrote them")
	return repo, filepath.Join(repo, filepath.FromSlash(folderShapes[kind].open))
}

func lintClean(t *testing.T, dir, when string) {
	t.Helper()
	problems, err := Lint(context.Background(), dir)
	must(t, err)
	for _, p := range problems {
		t.Errorf("lint %s: %s", when, p)
	}
}

// TestFolderShapes takes each layout through what a team does on day one:
// lint of the untouched folder passes; import then export leaves git clean;
// a second import creates nothing; `ladr new` writes the folder's next
// number with its sections, title line and metadata; lint still passes.
func TestFolderShapes(t *testing.T) {
	for kind, c := range folderShapes {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			repo, dir := gitShape(t, kind)
			lintClean(t, dir, "of the untouched folder")
			st := openStore(t)
			res := importFolder(t, st, dir)
			if n := countActions(res.Files); n[Created] != c.records || len(res.Files) != c.records {
				var b strings.Builder
				must(t, WriteReport(&b, res.Files))
				t.Fatalf("first import: %v, want %d records created\n%s", n, c.records, b.String())
			}
			ex, err := Export(ctx, st, dir, ExportOptions{})
			must(t, err)
			if len(ex.Written) > 0 || len(ex.Skipped) > 0 {
				t.Errorf("export of unchanged records wrote %q, skipped %q", ex.Written, ex.Skipped)
			}
			if status := git(t, repo, "status", "--porcelain", "--untracked-files=all"); status != "" {
				t.Errorf("git status after import and export:\n%s%s", status, git(t, repo, "diff"))
			}
			if n := countActions(importFolder(t, st, dir).Files); n[Created] != 0 || n[Updated] != 0 {
				t.Errorf("second import: %v, want nothing created or updated", n)
			}

			nr, err := New(ctx, st, dir, NewOptions{Title: c.title, Area: c.area})
			must(t, err)
			if filepath.ToSlash(nr.Path) != c.newPath {
				t.Fatalf("new wrote %q, want %q", nr.Path, c.newPath)
			}
			text := readFile(t, filepath.Join(resolveDir(dir), filepath.FromSlash(nr.Path)))
			at := 0
			for _, w := range c.want {
				i := strings.Index(text[at:], w+"\n")
				if i < 0 {
					t.Fatalf("the new file lacks %q after byte %d:\n%s", w, at, text)
				}
				at += i + len(w)
			}
			for _, a := range c.absent {
				if strings.Contains(text, a) {
					t.Errorf("the new file has %q, which the folder's records do not:\n%s", a, text)
				}
			}
			if status := git(t, repo, "status", "--porcelain", "--untracked-files=all"); strings.Count(status, "\n") != 1 {
				t.Errorf("new changed more than its own file:\n%s", status)
			}
			lintClean(t, dir, "with the new record")
			if n := countActions(importFolder(t, st, dir).Files); n[Created] != 0 || n[Updated] != 0 {
				t.Errorf("import after new: %v, want nothing created or updated", n)
			}
		})
	}
}
