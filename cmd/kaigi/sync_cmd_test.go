package main

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// notionWorldWithTask is a linked fake Notion and a database with one task
// that the next sync creates a page for.
func notionWorldWithTask(t *testing.T) *notionWorld {
	t.Helper()
	w := newNotionWorld(t)
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	ctx := context.Background()
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	task := data.Task{SeriesID: sr.ID, Title: "Order the cake"}
	if err := st.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestSyncVerboseShowsTheEnginesLog(t *testing.T) {
	t.Parallel() // waits on real time (a sync's requests, serve's file check); its own folder, database and fake
	for name, tc := range map[string]struct {
		args []string
		env  string
	}{
		"-v":                    {args: []string{"sync", "-v", "--rate", "100"}},
		"--verbose":             {args: []string{"sync", "--rate", "100", "--verbose"}},
		"KAIGI_LOG_LEVEL=debug": {args: []string{"sync", "--rate", "100"}, env: "debug"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := notionWorldWithTask(t)
			w.env["KAIGI_LOG_LEVEL"] = tc.env
			out, errOut, err := runKaigi(t, w.env, tc.args...)
			if err != nil {
				t.Fatalf("kaigi %v: %v\n%s", tc.args, err, errOut)
			}
			if !strings.Contains(out, "created 2") { // the series' page and the task's
				t.Errorf("summary %q does not count the created pages", out)
			}
			if !strings.Contains(errOut, "level=DEBUG msg=create entity=task") {
				t.Errorf("the engine's debug log is missing from stderr:\n%s", errOut)
			}
			if strings.Contains(out+errOut, w.token) || strings.Contains(out+errOut, w.token[len(w.token)-8:]) {
				t.Fatal("the token reached the log")
			}
		})
	}
	t.Run("quiet by default", func(t *testing.T) {
		t.Parallel()
		w := notionWorldWithTask(t)
		_, errOut, err := runKaigi(t, w.env, "sync", "--rate", "100")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(errOut, "level=") {
			t.Errorf("a plain sync printed log lines:\n%s", errOut)
		}
	})
}

// The fast version of this check is notion/api's
// TestFailedConnectionNamesTheAddressDialled; this one goes through run
// (about two seconds of real backoff: three quick tries, see dialAttempts).
func TestNotionErrorNamesTheConfiguredAddress(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	env := testEnv(t)
	env["KAIGI_NOTION_URL"] = "http://" + addr
	env["KAIGI_NOTION_TOKEN"] = "ntn_000000000000000000000000000000000000000000"
	env["KAIGI_NOTION_CONFIG"] = t.TempDir() + "/kaigi-notion.json"
	_, _, err = runKaigi(t, env, "notion", "init", "--parent", "0123456789abcdef0123456789abcdef")
	if err == nil {
		t.Fatal("init against a closed port succeeded")
	}
	line := oneLine(err)
	if !strings.Contains(line, addr) || strings.Contains(line, "api.notion.com") {
		t.Fatalf("error %q should name %s, where the request went, not api.notion.com", line, addr)
	}
}
