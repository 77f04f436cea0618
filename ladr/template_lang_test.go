package ladr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// TestNewInAnEmptyFolderSpeaksTheTeamsLanguage: with a Japanese team
// (KAIGI_LANG=ja) kaigi's template in an empty folder is the Japanese one
// (Rakus headings "Context - 文脈", Specification - 仕様 with やること and
// やらないこと); lint passes on it; importing it into another kaigi and
// exporting changes no byte; a later record, even from an English team,
// keeps the folder's Japanese shape; an English team's empty folder gets
// the English template.
func TestNewInAnEmptyFolderSpeaksTheTeamsLanguage(t *testing.T) {
	ctx := context.Background()
	ja, err := NewRenderer("", i18n.Japanese)
	must(t, err)
	en, err := NewRenderer("", i18n.English)
	must(t, err)

	repo := t.TempDir()
	git(t, repo, "init", "--quiet", "-b", "main")
	dir := filepath.Join(repo, "docs", "ladr")
	st := openStore(t)
	res, err := New(ctx, st, dir, NewOptions{Title: "状態管理にはFlowを採用する", Renderer: ja})
	must(t, err)
	text := readFile(t, filepath.Join(dir, res.Path))
	at := 0
	for _, h := range []string{"---\nnumber: 1\n", "status: proposed\n", "# 状態管理にはFlowを採用する\n", "## Date - 日付\n", "## Status - ステータス\n\n提案中\n",
		"## Context - 文脈\n", "## Specification - 仕様\n", "### やること\n", "### やらないこと\n", "## Decision - 決定\n", "## Consequences - 結果\n"} {
		i := strings.Index(text[at:], h)
		if i < 0 {
			t.Fatalf("the Japanese template lacks %q after offset %d:\n%s", h, at, text)
		}
		at += i
	}
	problems, err := Lint(ctx, dir)
	must(t, err)
	if len(problems) != 0 {
		t.Fatalf("lint of the new Japanese record: %v", problems)
	}
	git(t, repo, "add", "-A")
	git(t, repo, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "first record")

	other := openStore(t)
	imp := importFolder(t, other, dir)
	if n := countActions(imp.Files); n[Created] != 1 {
		t.Fatalf("import of the Japanese record: %v", imp.Files)
	}
	got := recordOfFile(t, other, dir, res.Path)
	if got.Title != "状態管理にはFlowを採用する" || got.State != data.LADRProposed || got.Context != "" || got.Specification != "" || got.Decision != "" {
		t.Errorf("imported as %+v", got)
	}
	for _, r := range []*Renderer{ja, en} {
		_, err := Export(ctx, other, dir, ExportOptions{Renderer: r, All: true})
		must(t, err)
		if diff := git(t, repo, "status", "--porcelain"); diff != "" {
			t.Fatalf("import then export changed files:\n%s\n%s", diff, git(t, repo, "diff"))
		}
	}

	second, err := New(ctx, other, dir, NewOptions{Title: "画面遷移はNavigationで行う", Renderer: en})
	must(t, err)
	if text := readFile(t, filepath.Join(dir, second.Path)); !strings.Contains(text, "## Context - 文脈\n") || strings.Contains(text, "## Context\n") {
		t.Errorf("a folder of Japanese records lost its shape for an English team:\n%s", text)
	}

	got.State = data.LADRAccepted
	must(t, other.UpdateLADR(ctx, &got))
	_, err = Export(ctx, other, dir, ExportOptions{Renderer: ja})
	must(t, err)
	if diff := changedLines(git(t, repo, "diff", "-U0", "--", filepath.Join(dir, res.Path))); diff != "-status: proposed\n+status: accepted\n-提案中\n+承認済み" {
		t.Errorf("accepting the record changed:\n%s", diff)
	}

	enDir := filepath.Join(t.TempDir(), "docs", "ladr")
	res, err = New(ctx, openStore(t), enDir, NewOptions{Title: "Use SQLite", Renderer: en})
	must(t, err)
	text = readFile(t, filepath.Join(enDir, res.Path))
	if !strings.Contains(text, "## Context\n") || !strings.Contains(text, "## Status\n\nproposed\n") || strings.Contains(text, "文脈") {
		t.Errorf("an English team's empty folder:\n%s", text)
	}
	if _, err := os.Stat(filepath.Join(enDir, IndexName)); err != nil {
		t.Error(err)
	}
}
