package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLADRCommands imports a folder, exports it elsewhere, lints the
// export clean, breaks it and lints again: the CI contract is exit 1 with
// file:line lines, exit 0 when clean.
func TestLADRCommands(t *testing.T) {
	env := testEnv(t)
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "0001-use-sqlite.md"), []byte("# 1. Use SQLite\n\nDate: 2020-01-20\n\n## Status\n\nAccepted\n\n## Context\n\nOne server.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runKaigi(t, env, "ladr", "import", src)
	if err != nil || !strings.Contains(out, "0001-use-sqlite.md: created LADR 1") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	dir := filepath.Join(t.TempDir(), "docs", "ladr")
	if out, _, err := runKaigi(t, env, "ladr", "export", "--all", dir); err != nil || !strings.Contains(out, "0001-use-sqlite.md") {
		t.Fatalf("export: %v\n%s", err, out)
	}
	if out, _, err := runKaigi(t, env, "ladr", "lint", dir); err != nil || out != "" {
		t.Fatalf("lint of a fresh export: %v\n%s", err, out)
	}
	rendered, _, err := runKaigi(t, env, "ladr", "render", "1", dir)
	if err != nil || !strings.Contains(rendered, "title: Use SQLite") {
		t.Fatalf("render: %v\n%s", err, rendered)
	}
	if err := os.WriteFile(filepath.Join(dir, "0001-copy.md"), []byte(rendered), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err = runKaigi(t, env, "ladr", "lint", dir)
	if err == nil || exitCode(err) != 1 || !strings.Contains(out, filepath.Join(dir, "0001-copy.md")+":2: number 1 is also used by 0001-use-sqlite.md") {
		t.Fatalf("lint of a duplicate: err %v (exit %d)\n%s", err, exitCode(err), out)
	}
	if _, _, err := runKaigi(t, env, "ladr", "index", dir); err != nil {
		t.Fatalf("index: %v", err)
	}
	if _, _, err := runKaigi(t, env, "ladr", "pr", "1"); err == nil || exitCode(err) != 2 {
		t.Fatalf("pr without --repo: err %v, want a usage error", err)
	}
	if _, _, err := runKaigi(t, env, "ladr", "export", "--pattern", "{slug}.md", dir); err == nil || exitCode(err) != 2 {
		t.Fatalf("a pattern without {number}: err %v, want a usage error", err)
	}
}
