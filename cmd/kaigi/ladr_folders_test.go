package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyShape copies one of package ladr's real-shaped folders.
func copyShape(t *testing.T, kind string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "ladr", "testdata", "folders", kind))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLADRFollowsAdrDir: with no folder named, the commands follow the
// .adr-dir file of the current directory, as adr-tools does.
func TestLADRFollowsAdrDir(t *testing.T) {
	env := testEnv(t)
	repo := copyShape(t, "adr-dir")
	t.Chdir(repo)
	if out, _, err := runKaigi(t, env, "ladr", "lint"); err != nil || out != "" {
		t.Fatalf("lint: %v\n%s", err, out)
	}
	if out, _, err := runKaigi(t, env, "ladr", "import", "."); err != nil || !strings.Contains(out, "4 created") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, _, err := runKaigi(t, env, "ladr", "new", "Use feature flags")
	if err != nil || strings.TrimSpace(out) != filepath.Join("architecture", "decisions", "0005-use-feature-flags.md") {
		t.Fatalf("new: %v\n%s", err, out)
	}
}

// TestLADRNewInAnArea: --area picks the subfolder; without it, one
// readable line and nothing written.
func TestLADRNewInAnArea(t *testing.T) {
	env := testEnv(t)
	dir := filepath.Join(copyShape(t, "areas-shared"), "docs", "adr")
	if _, _, err := runKaigi(t, env, "ladr", "new", "Use feature flags", dir); err == nil || strings.Contains(oneLine(err), "\n") ||
		!strings.Contains(err.Error(), "say which area") {
		t.Errorf("new without --area: %v", err)
	}
	out, _, err := runKaigi(t, env, "ladr", "new", "--area", "frontend", "Use feature flags", dir)
	if err != nil || strings.TrimSpace(out) != filepath.Join(dir, "frontend", "0006-use-feature-flags.md") {
		t.Fatalf("new --area: %v\n%s", err, out)
	}
}
