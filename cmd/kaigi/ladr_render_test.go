package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestLADRPageShowsTheRecordsOwnFile: the web page of a record imported
// from an adr-tools folder shows that file, as an export would leave it,
// even where the server cannot see the folder; the PR body names it where
// it is in the repository (doc/adr, not the server's KAIGI_LADR_DIR).
func TestLADRPageShowsTheRecordsOwnFile(t *testing.T) {
	ctx := context.Background()
	env := testEnv(t)
	repo := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	dir := filepath.Join(repo, "doc", "adr")
	if err := os.CopyFS(dir, os.DirFS("../../ladr/testdata/folders/adr-tools/doc/adr")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runKaigi(t, env, "ladr", "import", dir); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil { // the server's machine has no checkout
		t.Fatal(err)
	}
	st, err := data.Open(ctx, env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	render, err := ladrRenderer(st, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := st.LADRByNumber(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	doc, body, err := render(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(doc), "# 2. Use PostgreSQL for orders\n\nDate: 2019-04-10\n\n## Status\n\nSuperceded by [5. Use SQLite for orders](0005-use-sqlite-for-orders.md)\n") {
		t.Errorf("the page shows:\n%s", doc)
	}
	if !strings.Contains(body, "[`doc/adr/0002-use-postgresql-for-orders.md`](doc/adr/0002-use-postgresql-for-orders.md)") {
		t.Errorf("the PR body does not name the file:\n%s", body)
	}
}
