package main

import (
	"context"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

func TestSyncWithRejectedTokenSaysSoOnceAndHidesIt(t *testing.T) {
	t.Parallel() // waits on real time (a sync's requests, serve's file check); its own folder, database and fake
	w := newNotionWorld(t)
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	const secret = "secret_Wp4nR8sKd2LxQ7vTb9mYh3Jc6Fg1Ze5Ua0Ni"
	w.env["KAIGI_NOTION_TOKEN"] = secret
	out, errOut, err := runKaigi(t, w.env, "sync", "--rate", "100")
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("sync with a rejected token: %v", err)
	}
	line := oneLine(err)
	if !strings.Contains(line, "KAIGI_NOTION_TOKEN") {
		t.Fatalf("message %q does not say which setting to fix", line)
	}
	for _, s := range []string{out, errOut, line} {
		if strings.Contains(s, secret) || strings.Contains(s, secret[7:]) {
			t.Fatalf("the token leaked into the output:\n%s", s)
		}
	}
}

func TestAdoptCommandReportsAndWritesMapping(t *testing.T) {
	t.Parallel() // waits on real time (a sync's requests, serve's file check); its own folder, database and fake
	w := newNotionWorld(t)
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	tasks := mustConfigDB(t, w, "task")
	agendas := mustConfigDB(t, w, "agenda")
	// Adopting again (as after a schema change) keeps the other databases, so relations into them map.
	out, _, err := runKaigi(t, w.env, "notion", "adopt", "--tasks", tasks, "--agendas", agendas, "--dry-run", "--rate", "100")
	if err != nil {
		t.Fatalf("adopt --dry-run: %v\n%s", err, out)
	}
	for _, want := range []string{"Tasks: due → Due (date)", "Tasks: meeting → Meeting (relation)", "dry run: nothing changed",
		"values (saved with the database", "Tasks: state → Status (status): todo = Not started"} {
		if !strings.Contains(out, want) {
			t.Errorf("adopt output lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := runKaigi(t, w.env, "notion", "adopt", "--rate", "100"); err == nil || exitCode(err) != 2 {
		t.Fatalf("adopt without databases: %v", err)
	}
	out, _, err = runKaigi(t, w.env, "notion", "adopt", "--tasks", "0123456789abcdef0123456789abcdef", "--rate", "100")
	if err == nil || !strings.Contains(oneLine(err), "not shared with the integration") {
		t.Fatalf("adopt of a missing database: %v\n%s", err, out)
	}
}

// TestSyncExitsZeroWithProblemsListed: a record that cannot fully reach
// Notion (a person without a Notion account) is a problem the CLI lists, with
// what to do, and the sync still exits 0: the rest was synced.
func TestSyncExitsZeroWithProblemsListed(t *testing.T) {
	t.Parallel() // waits on real time (a sync's requests, serve's file check); its own folder, database and fake
	w := newNotionWorld(t)
	w.env["KAIGI_LANG"] = "ja"
	out, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100")
	if err != nil {
		t.Fatalf("notion init: %v", err)
	}
	if b, _, _ := runKaigi(t, w.env, "notion", "mapping"); !strings.Contains(b, `"ステータス"`) || !strings.Contains(b, `"lang": "ja"`) {
		t.Fatalf("KAIGI_LANG=ja did not make Japanese databases:\n%s", b)
	}
	if !strings.Contains(out, "Complete group") {
		t.Errorf("init does not say what the API could not do: %s", out)
	}
	ctx := context.Background()
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sr := data.Series{Name: "定例", Schedule: "0 10 * * TUE", TimeZone: "Asia/Tokyo"}
	p := data.Person{Name: "田中", Email: "tanaka@example.com"}
	for _, err := range []error{st.CreateSeries(ctx, &sr), st.CreatePerson(ctx, &p)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	task := data.Task{SeriesID: sr.ID, Title: "議事録", AssigneeID: p.ID}
	if err := st.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, errOut, err := runKaigi(t, w.env, "sync", "--rate", "100")
	if err != nil {
		t.Fatalf("sync with a problem exited with %v\n%s\n%s", err, out, errOut)
	}
	if !strings.Contains(errOut, "problem: kaigi person 田中") || !strings.Contains(errOut, "invite tanaka@example.com") || !strings.Contains(out, "problems 1") {
		t.Fatalf("the problem is not listed with its fix:\n%s\n%s", out, errOut)
	}
	if _, _, err := runKaigi(t, w.env, "notion", "migrate", "--dry-run", "--rate", "100"); err != nil {
		t.Fatalf("migrate --dry-run on databases init made now: %v", err)
	}
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--lang", "fr", "--parent", w.parent); err == nil || exitCode(err) != 2 {
		t.Fatalf("--lang fr: %v, want a usage error", err)
	}
}
