package ladr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestIndexNeverOverwritesAPersonsFile: with a hand-written README kaigi
// writes its own file; with its markers in the README, only between them.
func TestIndexNeverOverwritesAPersonsFile(t *testing.T) {
	ctx := context.Background()
	_, dir := gitFolder(t, "log4brains")
	readme := readFile(t, filepath.Join(dir, "README.md"))
	name, changed, err := WriteIndex(ctx, dir)
	must(t, err)
	if name != kaigiIndexName || !changed || readFile(t, filepath.Join(dir, "README.md")) != readme {
		t.Fatalf("index went to %s (changed %v); README kept: %v", name, changed, readFile(t, filepath.Join(dir, "README.md")) == readme)
	}
	if ix := readFile(t, filepath.Join(dir, kaigiIndexName)); !strings.Contains(ix, "[Use Stripe for card payments](20210402-use-stripe-for-card-payments.md) | accepted | 2021-04-02 |") {
		t.Errorf("kaigi's index:\n%s", ix)
	}
	must(t, os.Remove(filepath.Join(dir, kaigiIndexName)))

	marked := readme + "\n## Records\n\n" + indexBegin + "\nold table\n" + indexEnd + "\n\nThanks for writing decisions down.\n"
	must(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte(marked), 0o644))
	name, _, err = WriteIndex(ctx, dir)
	must(t, err)
	got := readFile(t, filepath.Join(dir, "README.md"))
	if name != "README.md" || !strings.HasPrefix(got, readme+"\n## Records\n\n"+indexBegin+"\n| Number |") ||
		!strings.HasSuffix(got, indexEnd+"\n\nThanks for writing decisions down.\n") || strings.Contains(got, "old table") {
		t.Errorf("README with markers became:\n%s", got)
	}
	if problems, err := Lint(ctx, dir); err != nil || len(problems) > 0 {
		t.Errorf("lint with kaigi's index: %v %v", err, problems)
	}
}

// TestLintChecksTheFolderConvention breaks consistent folders the ways
// teams do and reads lint's findings.
func TestLintChecksTheFolderConvention(t *testing.T) {
	ctx := context.Background()
	write := func(dir, name, text string) { must(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)) }
	_, rakus := gitFolder(t, "rakus")
	write(rakus, "adr-005-承認フロー.md", "# 承認フロー\n\n## Date - 日付\n\n2024-03-01\n\n## Status - ステータス\n\nApproved\n\n## Context - 文脈\n\nこの決定が必要になった背景を書く。\n\n## Decision - 決定\n\n承認は二人で行う。\n")
	_, ja := gitFolder(t, "japanese")
	write(ja, "006_キャッシュ.md", "# ADR-006: キャッシュ\n\n- ステータス: 承認済み\n- 日付: 2024-10-01\n\n## 背景 (Context)\n\n遅い。\n\n## 決定 (Decision)\n\nRedisを使う。\n\n## 結果 (Consequences)\n\n"+
		"What becomes easier or more difficult to do because of this change?\n\n詳しくは[別の記録](007_なし.md)。\n")
	var got []string
	for _, dir := range []string{rakus, ja} {
		problems, err := Lint(ctx, dir)
		must(t, err)
		for _, p := range problems {
			got = append(got, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
		}
	}
	want := []string{
		`adr-005-承認フロー.md:1: missing section "Consequences - 結果", which this folder's template requires`,
		`adr-005-承認フロー.md:7: status "Approved" is not one of this folder's template (提案, 承認, 却下, 廃止, 置換)`,
		`adr-005-承認フロー.md:11: section "Context - 文脈" still holds the template's guidance text; write it or remove the section`,
		`006_キャッシュ.md:1: missing section "検討した選択肢 (Options)", which this folder's template requires`,
		`006_キャッシュ.md:14: section "結果 (Consequences)" still holds the template's guidance text; write it or remove the section`,
		`006_キャッシュ.md:18: broken link to 007_なし.md`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lint:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLintFindsANumberTakenOnAnotherBranch: two branches each added
// record 10; lint on the feature branch says to renumber its record.
func TestLintFindsANumberTakenOnAnotherBranch(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitFolder(t, "adr-tools")
	commit := func(name, title string) {
		must(t, os.WriteFile(filepath.Join(dir, name), []byte("# 10. "+title+"\n\nDate: 2024-01-01\n\n## Status\n\nProposed\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n"), 0o644))
		git(t, repo, "add", "-A")
		git(t, repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", title)
	}
	git(t, repo, "checkout", "--quiet", "-b", "feature/cache")
	commit("0010-use-redis.md", "Use Redis")
	git(t, repo, "checkout", "--quiet", "main")
	commit("0010-use-kafka.md", "Use Kafka")
	git(t, repo, "checkout", "--quiet", "feature/cache")
	problems, err := Lint(ctx, dir)
	must(t, err)
	want := filepath.Join(dir, "0010-use-redis.md") + ":1: number 10 is also used by 0010-use-kafka.md on branch main; renumber this record to 0011 (kaigi ladr new assigns numbers that do not collide)"
	if len(problems) != 1 || problems[0].String() != want {
		t.Errorf("lint on the branch: %v\nwant %s", problems, want)
	}
}

// TestExportNeverWritesOutsideTheFolder: a slug stored before slugs were
// checked (an older kaigi's API took any) cannot make export write outside
// the folder: that record is skipped and reported, the others go out, and
// the writer itself refuses any name that is not a file in the folder.
func TestExportNeverWritesOutsideTheFolder(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	good := data.LADR{Title: "Fine", Slug: "fine"}
	must(t, st.CreateLADR(ctx, &good))
	bad := data.LADR{Title: "Escape", Slug: "escape"}
	must(t, st.CreateLADR(ctx, &bad))
	for _, slug := range []string{"../../../../outside", "a\x00b", "a/b", ".."} {
		root := t.TempDir()
		dir := filepath.Join(root, "repo", "docs", "ladr")
		_, p, err := openPlanner(ctx, st, dir, ExportOptions{})
		must(t, err)
		old := p.records[bad.ID]
		old.Slug = slug // as an older kaigi stored it
		p.records[bad.ID] = old
		files, skipped := p.plan(nil, true)
		written, err := p.write(ctx, files)
		must(t, err)
		if len(skipped) != 1 || !strings.Contains(skipped[0], "LADR 2: slug") {
			t.Errorf("slug %q: skipped %q", slug, skipped)
		}
		if strings.Join(written, ",") != "0001-fine.md" {
			t.Errorf("slug %q: wrote %q", slug, written)
		}
		if _, err := p.write(ctx, []plannedFile{{name: "../outside.md", content: []byte("x"), id: bad.ID, write: true}}); err == nil {
			t.Error("the writer took a name outside the folder")
		}
		var outside []string
		must(t, filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Dir(path) != dir {
				outside = append(outside, path)
			}
			return err
		}))
		if len(outside) > 0 {
			t.Errorf("slug %q: files outside the folder %q", slug, outside)
		}
	}
}
