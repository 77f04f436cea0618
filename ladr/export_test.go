package ladr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestExportIndexLint exports records, checks files and index, and lints
// the folder clean; then breaks it by hand and lints again.
func TestExportIndexLint(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	old := data.LADR{Title: "Use PostgreSQL", Slug: Slug("Use PostgreSQL"), State: data.LADRAccepted, Context: "Need a DB."}
	must(t, st.CreateLADR(ctx, &old))
	jp := data.LADR{Title: "状態管理の方針", Slug: Slug("状態管理の方針"), Context: "A | pipe", Supersedes: []data.LADRID{old.ID}}
	must(t, st.CreateLADR(ctx, &jp))
	dir := filepath.Join(t.TempDir(), "docs", "ladr")
	res, err := Export(ctx, st, dir, ExportOptions{Renderer: &Renderer{tmpl: defaultTemplate}})
	must(t, err)
	if written := res.Written; strings.Join(written, ",") != "0001-use-postgresql.md,0002-状態管理の方針.md,README.md" {
		t.Fatalf("export wrote %q", written)
	}
	index, err := os.ReadFile(filepath.Join(dir, IndexName))
	must(t, err)
	for _, want := range []string{
		"| 0001 | [Use PostgreSQL](0001-use-postgresql.md) | superseded | 2026-01-05 | [0002](0002-状態管理の方針.md) |",
		"| 0002 | [状態管理の方針](0002-状態管理の方針.md) | draft | 2026-01-05 |  |",
	} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index lacks row %s\n%s", want, index)
		}
	}
	problems, err := Lint(ctx, dir)
	must(t, err)
	if len(problems) > 0 {
		t.Fatalf("exported folder has lint problems: %v", problems)
	}
	again, err := Export(ctx, st, dir, ExportOptions{Renderer: &Renderer{tmpl: defaultTemplate}})
	must(t, err)
	if len(again.Written) > 0 {
		t.Errorf("second export rewrote %q", again.Written)
	}

	must(t, os.WriteFile(filepath.Join(dir, "0002-copy.md"), []byte("---\nnumber: 2\nstatus: maybe\nsupersedes: [9]\n---\n# Copy\n\n## Context\n\nSee [x](gone.md).\n"), 0o644))
	problems, err = Lint(ctx, dir)
	must(t, err)
	var got []string
	for _, p := range problems {
		got = append(got, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
	}
	want := []string{
		`0002-copy.md:1: missing section "Specification", which this folder's records have`,
		`0002-copy.md:1: missing section "Decision", which this folder's records have`,
		`0002-copy.md:1: missing section "Consequences", which this folder's records have`,
		`0002-copy.md:2: number 2 is also used by 0002-状態管理の方針.md; numbers must be unique`,
		`0002-copy.md:3: unknown status "maybe"; this folder uses draft, proposed, accepted, rejected, on-hold, superseded, deprecated`,
		`0002-copy.md:4: supersedes 9, but no file has that number`,
		`0002-copy.md:10: broken link to gone.md`,
		`0002-状態管理の方針.md:2: number 2 is also used by 0002-copy.md; numbers must be unique`,
		`README.md:1: the index is out of date; run kaigi ladr index ` + dir,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lint problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLintImportCorpus lints the hand-written corpus of mixed styles (a
// copy outside kaigi's repository, so that its branches play no part).
func TestLintImportCorpus(t *testing.T) {
	dir := importCorpus(t)
	problems, err := Lint(context.Background(), dir)
	must(t, err)
	var b strings.Builder
	for _, p := range problems {
		b.WriteString(strings.Replace(p.String(), dir, "testdata/import", 1) + "\n")
	}
	golden(t, "lint-import.golden", []byte(b.String()))
}
