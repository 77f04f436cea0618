package ladr

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

func importFolder(t *testing.T, st *data.Store, dir string) ImportResult {
	t.Helper()
	res, err := Import(context.Background(), st, dir, ImportOptions{})
	must(t, err)
	for _, f := range res.Files {
		if f.Action == Failed {
			t.Fatalf("import of %s failed: %s", f.Path, f.Error)
		}
	}
	return res
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return string(b)
}

// TestNewFollowsTheFolder writes a record with `ladr new` into each
// folder: the name has the folder's number width or date, the title's own
// letters, and the file has the folder's metadata, headings and words.
func TestNewFollowsTheFolder(t *testing.T) {
	cases := []struct {
		kind, name string
		want       []string // lines the new file has, in order
	}{
		{"adr-tools", "0010-状態管理にはflowを採用する.md",
			[]string{"# 10. 状態管理にはFlowを採用する", "Date: 2026-01-05", "## Status", "Proposed", "## Context", "## Decision", "## Consequences"}},
		// MADR's 0000 record keeps its number, so the next one is 5.
		{"madr", "0005-状態管理にはflowを採用する.md",
			[]string{"---", "parent: Decisions", "nav_order: 5", "title: 状態管理にはFlowを採用する", "status: proposed", "date: 2026-01-05", "---", "# 状態管理にはFlowを採用する",
				"## Context and Problem Statement", "## Considered Options", "## Decision Outcome"}},
		{"log4brains", "20260105-状態管理にはflowを採用する.md",
			[]string{"# 状態管理にはFlowを採用する", "- Status: proposed", "- Date: 2026-01-05", "## Context and Problem Statement", "## Decision Outcome"}},
		{"rakus", "adr-005-状態管理にはFlowを採用する.md",
			[]string{"# 状態管理にはFlowを採用する", "## Date - 日付", "2026-01-05", "## Status - ステータス", "提案", "## Context - 文脈", "## Decision - 決定", "## Consequences - 結果"}},
		{"japanese", "006_状態管理にはFlowを採用する.md",
			[]string{"# ADR-006: 状態管理にはFlowを採用する", "- ステータス: 提案中", "- 日付: 2026-01-05", "## 背景 (Context)", "## 検討した選択肢 (Options)", "## 決定 (Decision)", "## 結果 (Consequences)"}},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			ctx := context.Background()
			repo, dir := gitFolder(t, c.kind)
			st := openStore(t)
			importFolder(t, st, dir)
			res, err := New(ctx, st, dir, NewOptions{Title: "状態管理にはFlowを採用する"})
			must(t, err)
			if res.Path != c.name {
				t.Fatalf("new wrote %q, want %q", res.Path, c.name)
			}
			text := readFile(t, filepath.Join(dir, res.Path))
			at := 0
			for _, w := range c.want {
				i := strings.Index(text[at:], w+"\n")
				if i < 0 {
					t.Fatalf("the new file lacks %q after byte %d:\n%s", w, at, text)
				}
				at += i + len(w)
			}
			if strings.HasSuffix(text, "\n\n") {
				t.Errorf("the new file ends in blank lines:\n%q", text)
			}
			if status := git(t, repo, "status", "--porcelain", "--untracked-files=all"); strings.Count(status, "\n") != 1 {
				t.Errorf("new changed more than its own file:\n%s", status)
			}
			again := importFolder(t, st, dir)
			if n := countActions(again.Files); n[Created] != 0 || n[Updated] != 0 {
				t.Errorf("importing the folder after new: %v, want nothing created or updated", n)
			}
		})
	}
}

// TestNewSupersedesAsAdrToolsDoes: "-s 2" marks record 2 superseded in
// kaigi and in its file, with the folder's own spelling, and links back.
func TestNewSupersedesAsAdrToolsDoes(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitFolder(t, "adr-tools")
	st := openStore(t)
	importFolder(t, st, dir)
	res, err := New(ctx, st, dir, NewOptions{Title: "Use DuckDB for reports", Supersedes: []string{"6"}})
	must(t, err)
	if res.Path != "0010-use-duckdb-for-reports.md" {
		t.Fatalf("new wrote %s", res.Path)
	}
	if got := changedLines(git(t, repo, "diff", "-U0", "--", "doc/adr/0006-log-as-json-lines.md")); got !=
		"-Deprecated\n+Superceded by [10. Use DuckDB for reports](0010-use-duckdb-for-reports.md)" {
		t.Errorf("the superseded file changed otherwise:\n%s", got)
	}
	if text := readFile(t, filepath.Join(dir, res.Path)); !strings.Contains(text, "## Status\n\nProposed\n\nSupercedes [6. Log as JSON lines](0006-log-as-json-lines.md)\n") {
		t.Errorf("the new file does not link the record it supersedes:\n%s", text)
	}
	old, err := st.LADRByNumber(ctx, 6)
	must(t, err)
	if old.State != data.LADRSuperseded || len(old.SupersededBy) != 1 || old.SupersededBy[0] != res.LADR.ID {
		t.Errorf("record 6 in kaigi: %s superseded by %v", old.State, old.SupersededBy)
	}
	if problems, err := Lint(ctx, dir); err != nil || len(problems) > 0 {
		t.Errorf("lint after new -s: %v %v", err, problems)
	}
}

// TestDryRunReportsTheConventionAndWritesNothing.
func TestDryRunReportsTheConventionAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	_, dir := gitFolder(t, "rakus")
	st := openStore(t)
	res, err := Import(ctx, st, dir, ImportOptions{DryRun: true})
	must(t, err)
	desc := strings.Join(res.Convention.Describe(), "\n")
	for _, want := range []string{"Rakus LADR", "adr-{number:3}-{slug}.md (letter case kept)", `context = "Context - 文脈"`, `accepted = "承認"`, "template: template.md"} {
		if !strings.Contains(desc, want) {
			t.Errorf("dry run description lacks %q:\n%s", want, desc)
		}
	}
	if n := countActions(res.Files); n[Created] != 4 {
		t.Errorf("dry run plans %v, want 4 created", n)
	}
	all, err := AllLADRs(ctx, st)
	must(t, err)
	key, err := folderKey(ctx, dir)
	must(t, err)
	stored, err := st.LADRFolder(ctx, key)
	must(t, err)
	if len(all) > 0 || stored != "" {
		t.Errorf("a dry run stored %d records and convention %q", len(all), stored)
	}
}

// TestMissingDateStaysMissing: a log4brains record with no date gets the
// day of its first commit in kaigi, reported as a guess; the file keeps
// having no date, and outside git the record has none either.
func TestMissingDateStaysMissing(t *testing.T) {
	_, dir := gitFolder(t, "log4brains")
	st := openStore(t)
	res := importFolder(t, st, dir)
	var guess string
	for _, f := range res.Files {
		if f.Path == "use-idempotency-keys.md" {
			guess = strings.Join(f.Guesses, "; ")
		}
	}
	if !strings.Contains(guess, "first commit in git, 2024-10-01") {
		t.Errorf("the guessed date is not reported: %q", guess)
	}
	l := recordOfFile(t, st, dir, "use-idempotency-keys.md")
	if l.Date.String() != "2024-10-01" {
		t.Errorf("record date %s, want the first commit's day", l.Date)
	}

	plain := t.TempDir()
	must(t, os.WriteFile(filepath.Join(plain, "use-x.md"), []byte("# Use X\n\n- Status: accepted\n\n## Context\n\nWhy.\n"), 0o644))
	st2 := openStore(t)
	importFolder(t, st2, plain)
	if l := recordOfFile(t, st2, plain, "use-x.md"); !l.Date.IsZero() {
		t.Errorf("a record from an undated file outside git is dated %s", l.Date)
	}
}

func recordOfFile(t *testing.T, st *data.Store, dir, name string) data.LADR {
	t.Helper()
	ctx := context.Background()
	key, err := folderKey(ctx, dir)
	must(t, err)
	files, err := st.LADRFiles(ctx, key)
	must(t, err)
	for _, f := range files {
		if f.Path == name {
			l, err := st.LADR(ctx, f.LADRID)
			must(t, err)
			return l
		}
	}
	t.Fatalf("no record for %s", name)
	return data.LADR{}
}

// TestImportMergesFileAndKaigiEdits: a file edited in git after kaigi
// changed another field of its record updates only the file's field; the
// export afterwards writes kaigi's field into the file.
func TestImportMergesFileAndKaigiEdits(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitFolder(t, "japanese")
	st := openStore(t)
	importFolder(t, st, dir)
	l := recordOfFile(t, st, dir, "002_認証基盤にKeycloakを使う.md")
	l.State = data.LADRAccepted // in kaigi
	must(t, st.UpdateLADR(ctx, &l))
	path := filepath.Join(dir, "002_認証基盤にKeycloakを使う.md")
	edited := strings.Replace(readFile(t, path), "ログインが一か所にまとまる。", "ログインが一か所にまとまり、監査も楽になる。", 1)
	must(t, os.WriteFile(path, []byte(edited), 0o644))

	ex, err := Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if len(ex.Written) != 0 || len(ex.Skipped) != 1 || !strings.Contains(ex.Skipped[0], "run kaigi ladr import") {
		t.Fatalf("export over a file edited since the import wrote %q, skipped %q", ex.Written, ex.Skipped)
	}
	res := importFolder(t, st, dir)
	if n := countActions(res.Files); n[Updated] != 1 || n[Created] != 0 {
		t.Fatalf("import of the edited file: %v", n)
	}
	l = recordOfFile(t, st, dir, "002_認証基盤にKeycloakを使う.md")
	if l.State != data.LADRAccepted || !strings.Contains(l.Consequences, "監査も楽になる") {
		t.Errorf("after the merge: state %s, consequences %q", l.State, l.Consequences)
	}
	ex, err = Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if len(ex.Written) != 1 {
		t.Fatalf("export after the merge wrote %q (skipped %q)", ex.Written, ex.Skipped)
	}
	if got := changedLines(git(t, repo, "diff", "-U0")); got != "-- ステータス: 提案中\n+- ステータス: 承認済み\n"+
		"-ログインが一か所にまとまる。Keycloakのバージョンアップを運用チームが担う。\n+ログインが一か所にまとまり、監査も楽になる。Keycloakのバージョンアップを運用チームが担う。" {
		t.Errorf("diff after import and export:\n%s", got)
	}
}

// TestExportRefusesToOverwriteAnEditOnDisk: kaigi and a person changed
// the same field; export writes nothing and says to import first.
func TestExportRefusesToOverwriteAnEditOnDisk(t *testing.T) {
	ctx := context.Background()
	_, dir := gitFolder(t, "adr-tools")
	st := openStore(t)
	importFolder(t, st, dir)
	l := recordOfFile(t, st, dir, "0008-adopt-opentelemetry.md")
	l.State = data.LADRAccepted
	must(t, st.UpdateLADR(ctx, &l))
	path := filepath.Join(dir, "0008-adopt-opentelemetry.md")
	mine := strings.Replace(readFile(t, path), "Proposed", "Rejected", 1)
	must(t, os.WriteFile(path, []byte(mine), 0o644))
	ex, err := Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if len(ex.Written) != 0 || len(ex.Skipped) != 1 || !strings.Contains(ex.Skipped[0], "0008-adopt-opentelemetry.md: changed in the folder since kaigi last read it") {
		t.Fatalf("export: wrote %q, skipped %q", ex.Written, ex.Skipped)
	}
	if readFile(t, path) != mine {
		t.Error("the person's edit was overwritten")
	}
}

// TestTheFileFollowsThePR: the webhook accepts the record on merge, and
// the next export writes that status into the file, and nothing else.
func TestTheFileFollowsThePR(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitFolder(t, "madr")
	st := openStore(t)
	importFolder(t, st, dir)
	l := recordOfFile(t, st, dir, "0003-use-feature-flags-for-releases.md")
	h := NewGitHubWebhook(&PRFollower{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, hookSecret)
	body := prPayload("closed", true, PRBranch(l))
	if rec := deliver(t, h, "pull_request", body, sign(hookSecret, body)); rec.Code != http.StatusNoContent {
		t.Fatalf("webhook answered %d %s", rec.Code, rec.Body)
	}
	if l = recordOfFile(t, st, dir, "0003-use-feature-flags-for-releases.md"); l.State != data.LADRAccepted {
		t.Fatalf("after the merge the record is %s", l.State)
	}
	ex, err := Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if len(ex.Written) != 1 {
		t.Fatalf("export wrote %q", ex.Written)
	}
	if got := changedLines(git(t, repo, "diff", "-U0")); got != "-status: proposed\n+status: accepted" {
		t.Errorf("diff:\n%s", got)
	}
}

// changedLines are the removed and added lines of a git diff.
func changedLines(diff string) string {
	var out []string
	for _, l := range strings.Split(diff, "\n") {
		if (strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+")) && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestWebAndPRWriteWhatNewWrites: a record written in the web app (the
// store with kaigi's slug, as the server makes it) gets the file `ladr new`
// would write, by export and by `ladr pr`, and the pull request changes
// the superseded record's file in place.
func TestWebAndPRWriteWhatNewWrites(t *testing.T) {
	ctx := context.Background()
	const title = "状態管理にはFlowを採用する"
	_, viaNew := gitFolder(t, "adr-tools")
	stNew := openStore(t)
	importFolder(t, stNew, viaNew)
	made, err := New(ctx, stNew, viaNew, NewOptions{Title: title})
	must(t, err)

	repo, dir := gitFolder(t, "adr-tools")
	st := openStore(t)
	importFolder(t, st, dir)
	old := recordOfFile(t, st, dir, "0006-log-as-json-lines.md")
	web := data.LADR{Title: title, Slug: Slug(title), State: data.LADRProposed, Supersedes: []data.LADRID{old.ID}}
	must(t, st.CreateLADR(ctx, &web))
	pr, err := PR(ctx, st, web.ID, PROptions{Repo: repo, Layout: Layout{Dir: "doc/adr"}})
	must(t, err)
	if strings.Join(pr.Files, ",") != "doc/adr/0006-log-as-json-lines.md,doc/adr/"+made.Path {
		t.Fatalf("the pull request commits %q", pr.Files)
	}
	committed := git(t, repo, "show", "HEAD:doc/adr/"+made.Path)
	want := strings.Replace(readFile(t, filepath.Join(viaNew, made.Path)), "Proposed\n", "Proposed\n\nSupercedes [6. Log as JSON lines](0006-log-as-json-lines.md)\n", 1)
	if committed != want {
		t.Errorf("the web record's file differs from what new writes\n--- pr\n%s--- new\n%s", committed, want)
	}
	if got := changedLines(git(t, repo, "show", "-U0", "HEAD", "--", "doc/adr/0006-log-as-json-lines.md")); got !=
		"-Deprecated\n+Superceded by [10. 状態管理にはFlowを採用する](0010-状態管理にはflowを採用する.md)" {
		t.Errorf("the superseded file in the pull request:\n%s", got)
	}
	if !strings.Contains(pr.Body, "doc/adr/"+made.Path) {
		t.Errorf("the PR body does not name the file:\n%s", pr.Body)
	}
	git(t, repo, "checkout", "--quiet", "main")
	git(t, repo, "merge", "--quiet", "--ff-only", pr.Branch)
	res := importFolder(t, st, dir)
	if n := countActions(res.Files); n[Created] != 0 || n[Updated] != 0 {
		t.Errorf("import after merging the pull request: %v", n)
	}
}

// TestNewInAnEmptyFolderUsesKaigisTemplate: a folder with no records gets
// kaigi's own LADR template: the Rakus sections and Specification.
func TestNewInAnEmptyFolderUsesKaigisTemplate(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "docs", "ladr")
	st := openStore(t)
	res, err := New(ctx, st, dir, NewOptions{Title: "状態管理にはFlowを採用する"})
	must(t, err)
	if res.Path != "0001-状態管理にはflowを採用する.md" {
		t.Fatalf("new wrote %s", res.Path)
	}
	text := readFile(t, filepath.Join(dir, res.Path))
	at := 0
	for _, h := range []string{"---\nnumber: 1\n", "# 状態管理にはFlowを採用する", "## Date", "## Status", "## Context", "## Specification", "## Decision", "## Consequences"} {
		i := strings.Index(text[at:], h)
		if i < 0 {
			t.Fatalf("kaigi's template lacks %q:\n%s", h, text)
		}
		at += i
	}
	if _, err := os.Stat(filepath.Join(dir, IndexName)); err != nil {
		t.Errorf("kaigi's own folder has no index: %v", err)
	}
}

// TestEditKeepsAdrToolsLinks: the "Amended by" line under a status stays
// when the status changes, and the folder's convention is stored.
func TestEditKeepsAdrToolsLinks(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitFolder(t, "adr-tools")
	st := openStore(t)
	importFolder(t, st, dir)
	key, err := folderKey(ctx, dir)
	must(t, err)
	if stored, err := st.LADRFolder(ctx, key); err != nil || !strings.Contains(stored, `"kind":"adr-tools"`) {
		t.Fatalf("stored convention %q, %v", stored, err)
	}
	l := recordOfFile(t, st, dir, "0003-deploy-with-docker-compose.md")
	l.State = data.LADRDeprecated
	must(t, st.UpdateLADR(ctx, &l))
	_, err = Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if got := changedLines(git(t, repo, "diff", "-U0")); got != "-Accepted\n+Deprecated" {
		t.Errorf("diff:\n%s", got)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "0003-deploy-with-docker-compose.md")), "Deprecated\n\nAmended by [7. Pin image digests](0007-pin-image-digests.md)\n") {
		t.Error("the Amended by line was lost")
	}
}

func TestTemplatesAreNotRecords(t *testing.T) {
	for name, want := range map[string]bool{
		"template.md": true, "adr-template.md": true, "TEMPLATE.md": true, "adr-template-minimal.md": true, "_template.md": true,
		"000-ADR-template.md": true, "テンプレート.md": true, "0005-choose-a-template-engine.md": false, "0001-use-sqlite.md": false,
		"templates-for-emails.md": false,
	} {
		if got := isTemplateName(name); got != want {
			t.Errorf("isTemplateName(%q) = %v", name, got)
		}
	}
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "templates"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "templates", "template.md"), []byte("# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nContext here...\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "0001-x.md"), []byte("# 1. X\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n"), 0o644))
	fo, err := readFolder(context.Background(), dir, convention.Naming{})
	must(t, err)
	if fo.conv.Template != "templates/template.md" || len(fo.files) != 1 {
		t.Errorf("adr-tools' templates/template.md: template %q, %d records", fo.conv.Template, len(fo.files))
	}
}
