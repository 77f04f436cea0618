package ladr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr/convention"
)

// setState changes a record's status in kaigi, as the web app does.
func setState(t *testing.T, st *data.Store, dir, name string, state data.LADRState) {
	t.Helper()
	l := recordOfFile(t, st, dir, name)
	l.State = state
	must(t, st.UpdateLADR(context.Background(), &l))
}

// TestStatusKeepsTheTeamsNote: a status line with a note keeps the note
// when kaigi writes another status, and is read as the status it starts
// with.
func TestStatusKeepsTheTeamsNote(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitShape(t, "status-note")
	st := openStore(t)
	importFolder(t, st, dir)
	const name = "001-ログはjsonで出す.md"
	if l := recordOfFile(t, st, dir, name); l.State != data.LADRAccepted {
		t.Fatalf("the noted status read as %s", l.State)
	}
	setState(t, st, dir, name, data.LADRDeprecated)
	_, err := Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if got := changedLines(git(t, repo, "diff", "-U0")); got != "-- ステータス: 採用（2025-06-11 改訂: バッチ処理も対象にした）\n+- ステータス: 廃止（2025-06-11 改訂: バッチ処理も対象にした）" {
		t.Errorf("diff after the status change:\n%s", got)
	}
	lintClean(t, dir, "after the status change")
}

// TestEnglishStatusWordsInAJapaneseFolder: a Japanese folder whose records
// write English status words gets English words for states its records
// never used yet.
func TestEnglishStatusWordsInAJapaneseFolder(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitShape(t, "english-status-ja")
	st := openStore(t)
	importFolder(t, st, dir)
	setState(t, st, dir, "0002-デプロイは平日の日中に限る.md", data.LADRDeprecated)
	_, err := Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if got := changedLines(git(t, repo, "diff", "-U0")); got != "-Accepted\n+Deprecated" {
		t.Errorf("diff after the status change:\n%s", got)
	}
	lintClean(t, dir, "after the status change")
}

// TestSupersedeWritesNoLinkIntoYAML: a folder whose status is a front
// matter key gets "superseded by ADR-0005", which import reads back.
func TestSupersedeWritesNoLinkIntoYAML(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitShape(t, "front-matter-ids")
	st := openStore(t)
	importFolder(t, st, dir)
	res, err := New(ctx, st, dir, NewOptions{Title: "Use ARM runners for CI", Supersedes: []string{"4"}})
	must(t, err)
	if res.Path != "0005-use-arm-runners-for-ci.md" {
		t.Fatalf("new wrote %s", res.Path)
	}
	if got := changedLines(git(t, repo, "diff", "-U0", "--", "docs/adr/0004-use-spot-instances-for-ci-runners.md")); got != "-status: proposed\n+status: superseded by ADR-0005" {
		t.Errorf("the superseded record's front matter:\n%s", got)
	}
	lintClean(t, dir, "after new -s")
	f := Parse("x.md", []byte(readFile(t, filepath.Join(dir, "0004-use-spot-instances-for-ci-runners.md"))))
	if f.Doc.State != data.LADRSuperseded || len(f.Doc.SupersededBy) != 1 || f.Doc.SupersededBy[0] != 5 {
		t.Errorf("read back: %s superseded by %v", f.Doc.State, f.Doc.SupersededBy)
	}
}

// TestExportAllKeepsLinksBetweenRecords: exporting every record into
// another folder keeps log4brains' date-named files' names, so the links
// between them still lead somewhere.
func TestExportAllKeepsLinksBetweenRecords(t *testing.T) {
	ctx := context.Background()
	_, src := gitFolder(t, "log4brains")
	st := openStore(t)
	importFolder(t, st, src)
	dst := filepath.Join(t.TempDir(), "docs", "ladr")
	ex, err := Export(ctx, st, dst, ExportOptions{All: true})
	must(t, err)
	if !strings.Contains(strings.Join(ex.Written, "\n"), "20210315-use-log4brains-to-manage-the-adrs.md") {
		t.Fatalf("export --all wrote %q", ex.Written)
	}
	problems, err := Lint(ctx, dst)
	must(t, err)
	for _, p := range problems {
		if strings.Contains(p.Message, "broken link") {
			t.Errorf("lint of the exported folder: %s", p)
		}
	}
}

// TestExportSaysAFileWasDeleted: a record whose file someone deleted is
// reported, not counted as unchanged.
func TestExportSaysAFileWasDeleted(t *testing.T) {
	ctx := context.Background()
	_, dir := gitFolder(t, "adr-tools")
	st := openStore(t)
	importFolder(t, st, dir)
	must(t, os.Remove(filepath.Join(dir, "0003-deploy-with-docker-compose.md")))
	ex, err := Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if len(ex.Skipped) != 1 || !strings.HasPrefix(ex.Skipped[0], "0003-deploy-with-docker-compose.md: deleted from the folder") || ex.Unchanged != 8 {
		t.Errorf("export after a delete: skipped %q, %d unchanged", ex.Skipped, ex.Unchanged)
	}
}

// TestNewTakesTheFoldersNumber: the number comes from the folder and its
// branches, never from kaigi's own numbering.
func TestNewTakesTheFoldersNumber(t *testing.T) {
	ctx := context.Background()
	t.Run("a number only kaigi gave", func(t *testing.T) {
		_, dir := gitFolder(t, "adr-tools")
		st := openStore(t)
		importFolder(t, st, dir)
		web := data.LADR{Title: "Made in the web app"} // no file yet: kaigi numbered it 10
		must(t, st.CreateLADR(ctx, &web))
		must(t, os.WriteFile(filepath.Join(dir, "notes-on-caching.md"), []byte("# Notes on caching\n\nDate: 2024-01-01\n\n## Status\n\nProposed\n"), 0o644))
		importFolder(t, st, dir) // an unnumbered file: kaigi numbers it 11
		res, err := New(ctx, st, dir, NewOptions{Title: "Cache with Redis"})
		must(t, err)
		if res.Path != "0010-cache-with-redis.md" {
			t.Fatalf("new wrote %s, want the folder's next number 10", res.Path)
		}
		if got, err := st.LADR(ctx, web.ID); err != nil || got.Number == 10 || !strings.Contains(strings.Join(res.Notes, "\n"), "LADR 10 was numbered by kaigi alone") {
			t.Errorf("the web record: %d %v; notes %q", got.Number, err, res.Notes)
		}
		if n, err := NextNumber(ctx, dir); err != nil || n != 11 {
			t.Errorf("NextNumber after new: %d %v", n, err)
		}
	})
	t.Run("a number on an open branch", func(t *testing.T) {
		repo, dir := gitFolder(t, "adr-tools")
		git(t, repo, "checkout", "--quiet", "-b", "ladr/0010-use-kafka")
		must(t, os.WriteFile(filepath.Join(dir, "0010-use-kafka.md"), []byte("# 10. Use Kafka\n"), 0o644))
		git(t, repo, "add", "-A")
		git(t, repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "kafka")
		git(t, repo, "checkout", "--quiet", "main")
		st := openStore(t)
		importFolder(t, st, dir)
		res, err := New(ctx, st, dir, NewOptions{Title: "Cache with Redis"})
		must(t, err)
		if res.Path != "0011-cache-with-redis.md" {
			t.Errorf("new wrote %s, want 0011 past the branch's 0010", res.Path)
		}
	})
	t.Run("a folder this machine cannot see", func(t *testing.T) {
		repo, dir := gitFolder(t, "adr-tools")
		st := openStore(t)
		importFolder(t, st, dir)
		must(t, os.RemoveAll(filepath.Join(repo, "doc")))
		if n, note, err := NumberForNew(ctx, st, dir); err != nil || n != 10 || note != "" {
			t.Errorf("number from what kaigi last synced: %d %q %v, want 10", n, note, err)
		}
	})
	t.Run("an area split folder needs the area", func(t *testing.T) {
		_, dir := gitShape(t, "areas-shared")
		st := openStore(t)
		_, err := New(ctx, st, dir, NewOptions{Title: "Cache with Redis"})
		if err == nil || !strings.Contains(data.ErrorMessage(err), "backend, frontend, platform") {
			t.Errorf("new without an area: %v", err)
		}
		if all, _ := AllLADRs(ctx, st); len(all) != 0 {
			t.Errorf("new without an area stored %d records", len(all))
		}
	})
}

// TestImportOfAParentSaysWhereTheRecordsAre.
func TestImportOfAParentSaysWhereTheRecordsAre(t *testing.T) {
	repo, _ := gitFolder(t, "adr-tools")
	st := openStore(t)
	res := importFolder(t, st, repo)
	if len(res.Files) != 0 || !strings.Contains(strings.Join(res.Notes, "\n"), "9 record files are in "+filepath.Join(repo, "doc", "adr")) {
		t.Errorf("import of the repository: %d files, notes %q", len(res.Files), res.Notes)
	}
}

// TestLintRequiresSectionsOfNewAndChangedRecordsOnly: the record the
// folder always had without a Decision passes; a new one, and the old one
// once changed on a branch, do not.
func TestLintRequiresSectionsOfNewAndChangedRecordsOnly(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitShape(t, "missing-section")
	git(t, repo, "checkout", "--quiet", "-b", "feature")
	must(t, os.WriteFile(filepath.Join(dir, "0007-use-redis.md"), []byte("# 7. Use Redis\n\nDate: 2024-01-01\n\n## Status\n\nProposed\n\n## Context\n\nc\n\n## Consequences\n\ne\n"), 0o644))
	old := filepath.Join(dir, "0002-use-mysql.md")
	must(t, os.WriteFile(old, []byte(strings.Replace(readFile(t, old), "Accepted", "Deprecated", 1)), 0o644))
	git(t, repo, "add", "-A")
	git(t, repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "redis")
	problems, err := Lint(ctx, dir)
	must(t, err)
	var got []string
	for _, p := range problems {
		got = append(got, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
	}
	want := `0002-use-mysql.md:1: missing section "Decision", which this folder's records have` + "\n" +
		`0007-use-redis.md:1: missing section "Decision", which this folder's records have`
	if strings.Join(got, "\n") != want {
		t.Errorf("lint on the branch:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestLintTakesTheFoldersOwnStatusWords: words kaigi has no state for
// are the folder's when its template offers them or its records share them.
func TestLintTakesTheFoldersOwnStatusWords(t *testing.T) {
	dir := t.TempDir()
	rec := func(name, status string) {
		must(t, os.WriteFile(filepath.Join(dir, name), []byte("# "+name+"\n\n* Status: "+status+"\n\n## Context\n\nc\n\n## Decision\n\nd\n"), 0o644))
	}
	must(t, os.WriteFile(filepath.Join(dir, "template.md"), []byte("# Title\n\n* Status: proposed | accepted | experimental | superseded\n\n## Context\n\n## Decision\n"), 0o644))
	rec("0001-a.md", "accepted")
	rec("0002-b.md", "experimental")
	rec("0003-c.md", "Sunset")
	rec("0004-d.md", "sunset")
	rec("0005-e.md", "retired")
	problems, err := Lint(context.Background(), dir)
	must(t, err)
	if len(problems) != 1 || !strings.Contains(problems[0].String(), `0005-e.md:3: unknown status "retired"`) {
		t.Errorf("lint: %v", problems)
	}
}

// TestTranslationsFollowTheRecordsStatus: kaigi writes a status change
// into the record and into its translation beside it, in the words the
// folder's translations use; import still sees one record.
func TestTranslationsFollowTheRecordsStatus(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitShape(t, "translations")
	st := openStore(t)
	importFolder(t, st, dir)
	setState(t, st, dir, "0002-publish-events-to-kafka.md", data.LADRAccepted)
	ex, err := Export(ctx, st, dir, ExportOptions{})
	must(t, err)
	if strings.Join(ex.Written, ",") != "0002-publish-events-to-kafka.md,0002-publish-events-to-kafka.ja.md" {
		t.Errorf("export wrote %q", ex.Written)
	}
	if got := changedLines(git(t, repo, "diff", "-U0")); got != "-提案中\n+承認済み\n-Proposed\n+Accepted" {
		t.Errorf("diff after the status change:\n%s", got)
	}
	if n := countActions(importFolder(t, st, dir).Files); n[Created] != 0 || n[Updated] != 0 || n[Unchanged] != 3 {
		t.Errorf("import after the export: %v", n)
	}
	lintClean(t, dir, "after the status change")
}

// TestSupersedeAcrossAreas: links between records in two area subfolders
// go through "..", and lint finds them.
func TestSupersedeAcrossAreas(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitShape(t, "areas-shared")
	st := openStore(t)
	importFolder(t, st, dir)
	res, err := New(ctx, st, dir, NewOptions{Title: "Call services through gRPC", Area: "frontend", Supersedes: []string{"2"}})
	must(t, err)
	if res.Path != "frontend/0006-call-services-through-grpc.md" {
		t.Fatalf("new wrote %s", res.Path)
	}
	if text := readFile(t, filepath.Join(dir, "frontend", "0006-call-services-through-grpc.md")); !strings.Contains(text, "Supercedes [2. Write services in Go](../backend/0002-write-services-in-go.md)") {
		t.Errorf("the new record's link:\n%s", text)
	}
	if got := changedLines(git(t, repo, "diff", "-U0")); got != "-Accepted\n+Superceded by [6. Call services through gRPC](../frontend/0006-call-services-through-grpc.md)" {
		t.Errorf("the superseded record:\n%s", got)
	}
	lintClean(t, dir, "after new -s across areas")
}

// TestRecordNumberFollowsItsFile: a file renumbered by hand (its title
// line and front matter id) renumbers its record in kaigi on import.
func TestRecordNumberFollowsItsFile(t *testing.T) {
	ctx := context.Background()
	_, dir := gitShape(t, "front-matter-ids")
	st := openStore(t)
	importFolder(t, st, dir)
	const name = "0004-use-spot-instances-for-ci-runners.md"
	text := readFile(t, filepath.Join(dir, name))
	text = strings.ReplaceAll(text, "ADR-0004", "ADR-0007")
	must(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	res := importFolder(t, st, dir)
	if n := countActions(res.Files); n[Updated] != 1 || n[Created] != 0 {
		t.Fatalf("import of the renumbered file: %v", n)
	}
	if l := recordOfFile(t, st, dir, name); l.Number != 7 {
		t.Errorf("the record is LADR %d, want 7 as its file says", l.Number)
	}
	if _, err := st.LADRByNumber(ctx, 4); err == nil {
		t.Error("LADR 4 is still in kaigi")
	}
}

// TestArchiveSubfolderBesideRecords: a subfolder of older records beside
// the folder's own is part of the folder; a new record goes beside the
// folder's own, numbered past both.
func TestArchiveSubfolderBesideRecords(t *testing.T) {
	ctx := context.Background()
	repo, dir := gitFolder(t, "adr-tools")
	must(t, os.MkdirAll(filepath.Join(dir, "archive"), 0o755))
	git(t, repo, "mv", "doc/adr/0004-write-the-api-in-go.md", "doc/adr/archive/0004-write-the-api-in-go.md")
	git(t, repo, "mv", "doc/adr/0009-keep-secrets-in-sops-files.md", "doc/adr/archive/0009-keep-secrets-in-sops-files.md")
	git(t, repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "archive")
	lintClean(t, dir, "of the folder with an archive")
	st := openStore(t)
	if n := countActions(importFolder(t, st, dir).Files); n[Created] != 9 {
		t.Fatalf("import: %v, want 9 records", n)
	}
	res, err := New(ctx, st, dir, NewOptions{Title: "Cache with Redis"})
	must(t, err)
	if res.Path != "0010-cache-with-redis.md" {
		t.Errorf("new wrote %s", res.Path)
	}
	lintClean(t, dir, "with the new record")
}

// TestConventionOfAnOlderKaigiIsLearnedAgain: a folder imported by a kaigi
// that did not learn front matter ids gets them at the next ladr new.
func TestConventionOfAnOlderKaigiIsLearnedAgain(t *testing.T) {
	ctx := context.Background()
	_, dir := gitShape(t, "front-matter-ids")
	st := openStore(t)
	importFolder(t, st, dir)
	key, err := folderKey(ctx, dir)
	must(t, err)
	stored, err := st.LADRFolder(ctx, key)
	must(t, err)
	old, err := convention.Unmarshal(stored)
	must(t, err)
	old.Version, old.FrontFields, old.NumberFormat = 0, nil, ""
	must(t, st.SaveLADRFolder(ctx, key, old.Marshal()))
	res, err := New(ctx, st, dir, NewOptions{Title: "Use ARM runners"})
	must(t, err)
	if text := readFile(t, filepath.Join(dir, res.Path)); !strings.HasPrefix(text, "---\nid: ADR-0005\ntitle: Use ARM runners\n") {
		t.Errorf("new after an older kaigi's import:\n%s", text)
	}
}
