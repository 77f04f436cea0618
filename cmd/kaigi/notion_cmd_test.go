package main

import (
	"strings"
	"testing"
)

func TestSyncWithRejectedTokenSaysSoOnceAndHidesIt(t *testing.T) {
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
	for _, want := range []string{"Tasks: due → Due (date)", "Tasks: meeting → Meeting (relation)", "dry run: nothing changed"} {
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
