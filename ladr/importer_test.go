package ladr

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

func importFixtures(t *testing.T, st *data.Store, dir string) []FileReport {
	t.Helper()
	res, err := Import(context.Background(), st, dir, ImportOptions{})
	must(t, err)
	return res.Files
}

// importCorpus copies testdata/import out of kaigi's own repository, so
// that no file's date is guessed from kaigi's history.
func importCorpus(t *testing.T) string {
	dir := t.TempDir()
	must(t, os.CopyFS(dir, os.DirFS("testdata/import")))
	return dir
}

// TestImportReport imports a folder of every supported style, including
// broken files, and checks the per-file report line by line.
func TestImportReport(t *testing.T) {
	st := openStore(t)
	dir := importCorpus(t)
	var buf bytes.Buffer
	must(t, WriteReport(&buf, importFixtures(t, st, dir)))
	golden(t, "import-report.golden", buf.Bytes())
}

func TestImportKeepsTitlesDatesStatusesAndSections(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := importCorpus(t)
	importFixtures(t, st, dir)
	get := func(n int) data.LADR {
		t.Helper()
		l, err := st.LADRByNumber(ctx, n)
		must(t, err)
		return l
	}
	cases := []struct {
		number       int
		title, date  string
		state        data.LADRState
		slug         string
		contextStart string
	}{
		{1, "Record architecture decisions", "2019-03-04", data.LADRAccepted, "record-architecture-decisions", "We need to record"},
		{2, "Use PostgreSQL", "2019-04-10", data.LADRSuperseded, "use-postgresql", "We need a database."},
		{3, "Use SQLite", "2020-01-20", data.LADRAccepted, "use-sqlite", "One server is enough"},
		{4, "Use Markdown Architectural Decision Records", "2017-12-01", data.LADRAccepted, "use-markdown-architectural-decision-records", "We want to record"},
		{5, "Use plain JUnit5 for advanced test assertions", "2022-06-01", data.LADRAccepted, "use-plain-junit5-for-tests", "How to write"},
		{6, "Choose a message broker", "2024-09-15", data.LADRProposed, "madr4-style", "Services need"},
		{8, "状態管理の方針", "2024-04-01", data.LADRAccepted, "状態管理の方針", "画面ごとに"},
	}
	for _, c := range cases {
		l := get(c.number)
		if l.Title != c.title || l.Date.String() != c.date || l.State != c.state || l.Slug != c.slug {
			t.Errorf("LADR %d = %q %s %s slug %q; want %q %s %s slug %q", c.number, l.Title, l.Date, l.State, l.Slug, c.title, c.date, c.state, c.slug)
		}
		if len(l.Context) < len(c.contextStart) || l.Context[:len(c.contextStart)] != c.contextStart {
			t.Errorf("LADR %d context = %q, want it to start with %q", c.number, l.Context, c.contextStart)
		}
	}
	if sqlite := get(3); len(sqlite.Supersedes) != 1 || sqlite.Supersedes[0] != get(2).ID {
		t.Errorf("LADR 3 supersedes %v, want LADR 2", sqlite.Supersedes)
	}
	if !bytes.Contains([]byte(get(3).Context), []byte("## this is a shell comment")) {
		t.Errorf("a heading-like line inside a code block was lost: %q", get(3).Context)
	}
	rakus := get(8)
	if !bytes.Contains([]byte(rakus.Specification), []byte("### What we will not do - やらないこと")) || rakus.Decision != "サーバー状態とUI状態を分ける。" {
		t.Errorf("Rakus-style sections not kept: spec %q decision %q", rakus.Specification, rakus.Decision)
	}
	madr := get(4)
	if len(madr.Authors) != 2 || len(madr.Extra) < 2 || madr.Extra[len(madr.Extra)-1].Heading != "Pros and Cons of the Options" {
		t.Errorf("MADR 2 deciders or extra sections lost: authors %q extra %+v", madr.Authors, madr.Extra)
	}
}

// TestReimportChangesNothing imports the same folder twice: the second run
// must report every file unchanged and add nothing to the change journal.
func TestReimportChangesNothing(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := importCorpus(t)
	importFixtures(t, st, dir)
	before, err := st.ChangesSince(ctx, 0, 10000)
	must(t, err)
	for _, r := range importFixtures(t, st, dir) {
		if r.Action != Unchanged {
			t.Errorf("second import: %s was %s, want unchanged (guesses %q)", r.Path, r.Action, r.Guesses)
		}
	}
	after, err := st.ChangesSince(ctx, 0, 10000)
	must(t, err)
	if len(after) != len(before) {
		t.Errorf("second import made %d changes, want none", len(after)-len(before))
	}
}
