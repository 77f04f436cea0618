package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// folderWorld is a notionWorld whose kaigi database lives in a shared
// folder under the name given, with the mapping file at its default place
// (kaigi-notion.json in that folder) and the token read from a file.
func folderWorld(t *testing.T, dir, name string, seed int64) *notionWorld {
	t.Helper()
	w := newNotionWorldWith(t, notionfake.Options{Seed: seed, Clock: notionfake.RealClock{}})
	w.env["HOME"] = dir
	w.env["KAIGI_DB"] = filepath.Join(dir, name+".db")
	delete(w.env, "KAIGI_NOTION_CONFIG")
	tokenFile := filepath.Join(dir, name+".token")
	if err := os.WriteFile(tokenFile, []byte(w.token), 0o600); err != nil {
		t.Fatal(err)
	}
	delete(w.env, "KAIGI_NOTION_TOKEN")
	w.env["KAIGI_NOTION_TOKEN_FILE"] = tokenFile
	return w
}

// addTask adds a task to w's kaigi database, which the next sync sends.
func addTask(t *testing.T, w *notionWorld, title string) {
	t.Helper()
	ctx := context.Background()
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	series, err := st.ListSeries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if len(series) > 0 {
		sr = series[0]
	} else if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	task := data.Task{SeriesID: sr.ID, Title: title}
	if err := st.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
}

// taskTitles lists the titles of the pages in w's Notion tasks database.
func taskTitles(t *testing.T, w *notionWorld, tasksDB string) []string {
	t.Helper()
	var out []string
	for _, pg := range w.fake.DatabasePages(tasksDB, false) {
		out = append(out, pageText(pg, "Name"))
	}
	slices.Sort(out)
	return out
}

// serveCycle starts the Notion sync as `kaigi serve` does (openNotionSync),
// runs one cycle and stops it: a server's start, schedule tick and stop.
func serveCycle(t *testing.T, w *notionWorld, env map[string]string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	nc := notionConfig{config: config{DB: w.env["KAIGI_DB"], Logger: log}, ConfigPath: env["KAIGI_NOTION_CONFIG"], URL: env["KAIGI_NOTION_URL"], Rate: 100}
	n, err := openNotionSync(ctx, st, nc, "*/5 * * * *", env, log, nil)
	if err != nil || n == nil {
		t.Fatalf("start the sync: %v\n%s", err, logs.String())
	}
	sum, err := n.svc.Cycle(ctx, "schedule")
	if err != nil || sum.Problems != 0 {
		t.Fatalf("cycle: %s, %v\n%s", sum, err, logs.String())
	}
	cancel()
	n.wait()
	return logs.String()
}

// mappingOf is the database's mapping as 'kaigi notion mapping' prints it.
func mappingOf(t *testing.T, env map[string]string) (identity string, tasksDB string) {
	t.Helper()
	out, _, err := runKaigi(t, env, "notion", "mapping")
	if err != nil {
		t.Fatalf("notion mapping: %v", err)
	}
	var m struct {
		Database  string
		Databases map[string]struct{ ID string }
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("notion mapping printed %q: %v", out, err)
	}
	return m.Database, m.Databases["task"].ID
}

// TestTwoDatabasesInOneFolderEachSyncTheirOwnWorkspace: two kaigi databases
// in one folder, each linked with 'kaigi notion init' to its own Notion
// workspace, then started in turn as a server and as the CLI: each sends
// its tasks to its own workspace only.
func TestTwoDatabasesInOneFolderEachSyncTheirOwnWorkspace(t *testing.T) {
	t.Parallel() // waits on real time (the fakes' requests); its own folder, databases and fakes
	dir := t.TempDir()
	a, b := folderWorld(t, dir, "a", 3), folderWorld(t, dir, "b", 11)
	for _, w := range []*notionWorld{a, b} {
		if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
			t.Fatalf("notion init of %s: %v", w.env["KAIGI_DB"], err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "kaigi-notion.json")); !os.IsNotExist(err) {
		t.Fatalf("init wrote the folder's mapping file (%v)", err)
	}
	idA, tasksA := mappingOf(t, a.env)
	idB, tasksB := mappingOf(t, b.env)
	if idA == "" || idA == idB || tasksA == tasksB {
		t.Fatalf("mappings: a %s → %s, b %s → %s; want two identities and two tasks databases", idA, tasksA, idB, tasksB)
	}
	// Servers restarted in turn, a, b, a, b, each with a new task; the
	// servers get no token in their environment: each mapping names its file.
	want := map[*notionWorld][]string{}
	for round, w := range []*notionWorld{a, b, a, b} {
		title := []string{"a", "b"}[round%2] + " task " + string(rune('1'+round))
		addTask(t, w, title)
		want[w] = append(want[w], title)
		env := maps.Clone(w.env)
		delete(env, "KAIGI_NOTION_TOKEN_FILE")
		if logs := serveCycle(t, w, env); !strings.Contains(logs, "Notion sync is on") {
			t.Fatalf("server of %s: %s", w.env["KAIGI_DB"], logs)
		}
	}
	// The CLI in turn too.
	for i, w := range []*notionWorld{b, a} {
		title := []string{"b", "a"}[i] + " task by the CLI"
		addTask(t, w, title)
		want[w] = append(want[w], title)
		if out, errOut, err := runKaigi(t, w.env, "sync", "--rate", "100"); err != nil || !strings.Contains(out, "created 1") {
			t.Fatalf("kaigi sync of %s: %v\n%s\n%s", w.env["KAIGI_DB"], err, out, errOut)
		}
	}
	for w, tasksDB := range map[*notionWorld]string{a: tasksA, b: tasksB} {
		slices.Sort(want[w])
		if got := taskTitles(t, w, tasksDB); !slices.Equal(got, want[w]) {
			t.Errorf("%s's workspace has tasks %q, want %q", w.env["KAIGI_DB"], got, want[w])
		}
	}
	// Adopting again on b keeps b's mapping and leaves a's alone.
	if _, _, err := runKaigi(t, b.env, "notion", "adopt", "--tasks", tasksB, "--rate", "100"); err != nil {
		t.Fatalf("adopt on b: %v", err)
	}
	if id, tasks := mappingOf(t, a.env); id != idA || tasks != tasksA {
		t.Fatalf("adopt on b changed a's mapping: %s → %s", id, tasks)
	}
	if _, _, err := runKaigi(t, a.env, "notion", "init", "--parent", a.parent, "--rate", "100"); err == nil || exitCode(err) != 2 {
		t.Fatalf("init again on a: %v, want a usage error (it is linked)", err)
	}
}

// TestOlderMappingFileIsImportedOnFirstStart: a kaigi-notion.json as older
// kaigi wrote it (no database identity) beside the database is read into
// the database at the server's first start and renamed; later starts and
// the CLI use the database's mapping.
func TestOlderMappingFileIsImportedOnFirstStart(t *testing.T) {
	t.Parallel() // waits on real time (the fake's requests); its own folder, databases and fake
	dir := t.TempDir()
	w := folderWorld(t, dir, "kaigi", 3)
	// The Notion databases an older kaigi made, and its file.
	scratch := maps.Clone(w.env)
	scratch["KAIGI_DB"] = filepath.Join(t.TempDir(), "scratch.db")
	if _, _, err := runKaigi(t, scratch, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	out, _, err := runKaigi(t, scratch, "notion", "mapping")
	if err != nil {
		t.Fatal(err)
	}
	var legacy map[string]any
	if err := json.Unmarshal([]byte(out), &legacy); err != nil {
		t.Fatal(err)
	}
	delete(legacy, "database")
	file := filepath.Join(dir, "kaigi-notion.json")
	raw, _ := json.MarshalIndent(legacy, "", "  ")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	addTask(t, w, "carried over")

	logs := serveCycle(t, w, w.env)
	if !strings.Contains(logs, "imported the Notion mapping from "+file) {
		t.Fatalf("the first start did not say it imported the file:\n%s", logs)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatal("the imported file is still in place")
	}
	if b, _ := os.ReadFile(file + ".migrated"); !bytes.Equal(b, raw) {
		t.Fatal("the file was not kept as kaigi-notion.json.migrated")
	}
	id, tasksDB := mappingOf(t, w.env)
	if id == "" || tasksDB != legacy["databases"].(map[string]any)["task"].(map[string]any)["id"] {
		t.Fatalf("stored mapping: %s → %s", id, tasksDB)
	}
	if logs := serveCycle(t, w, w.env); strings.Contains(logs, "imported") {
		t.Fatalf("the second start imported again:\n%s", logs)
	}
	addTask(t, w, "after the move")
	out, errOut, err := runKaigi(t, w.env, "sync", "--rate", "100")
	if err != nil || strings.Contains(errOut, "imported") || !strings.Contains(out, "created 1") {
		t.Fatalf("kaigi sync after the import: %v\n%s\n%s", err, out, errOut)
	}
	if got := taskTitles(t, w, tasksDB); !slices.Equal(got, []string{"after the move", "carried over"}) {
		t.Fatalf("tasks in Notion: %q", got)
	}
}

// TestMappingOfAnotherDatabaseIsRefused: a mapping file that names another
// kaigi database stops the server and the CLI (real processes) with one
// line naming both databases, and changes nothing.
func TestMappingOfAnotherDatabaseIsRefused(t *testing.T) {
	t.Parallel() // builds kaigi; its own folder, databases and fake
	bin := buildKaigi(t)
	dir := t.TempDir()
	a := folderWorld(t, dir, "a", 3)
	if _, _, err := runKaigi(t, a.env, "notion", "init", "--parent", a.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	idA, _ := mappingOf(t, a.env)
	exported, _, err := runKaigi(t, a.env, "notion", "mapping")
	if err != nil {
		t.Fatal(err)
	}
	// b: a second database in the folder, where a's mapping lies as the
	// folder's kaigi-notion.json.
	b := maps.Clone(a.env)
	b["KAIGI_DB"] = filepath.Join(dir, "b.db")
	b["KAIGI_ADDR"] = "127.0.0.1:0"
	file := filepath.Join(dir, "kaigi-notion.json")
	if err := os.WriteFile(file, []byte(exported), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := data.Open(ctx, b["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	idB, err := st.Identity(ctx)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"serve"}, {"sync", "--rate", "100"}, {"notion", "adopt", "--tasks", "0123456789abcdef0123456789abcdef"}} {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = environ(b)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() == 0 {
			t.Fatalf("kaigi %v with a's mapping: %v, want a non-zero exit", args, err)
		}
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
			if strings.HasPrefix(l, "kaigi: ") {
				lines = append(lines, l)
			}
		}
		if len(lines) != 1 || !strings.Contains(lines[0], idA) || !strings.Contains(lines[0], string(idB)) || !strings.Contains(lines[0], file) {
			t.Fatalf("kaigi %v: want one line naming %s, %s and the file; stderr:\n%s", args, idA, idB, stderr.String())
		}
		if _, err := os.Stat(file); err != nil {
			t.Fatalf("kaigi %v moved the refused file: %v", args, err)
		}
	}
	// b has no mapping; a still syncs with its own (and takes its export back).
	bNoFile := maps.Clone(b)
	bNoFile["KAIGI_NOTION_CONFIG"] = filepath.Join(dir, "none.json")
	if _, _, err := runKaigi(t, bNoFile, "notion", "mapping"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("b's mapping after the refusals: %v, want none", err)
	}
	if out, errOut, err := runKaigi(t, a.env, "sync", "--rate", "100"); err != nil {
		t.Fatalf("a's sync: %v\n%s\n%s", err, out, errOut)
	}
}
