package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

func environ(env map[string]string) []string {
	out := []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// TestScheduledSyncAndCLISyncAtOnceNeverDuplicate runs the server's
// scheduled cycle and `kaigi sync` (a real second process on the same
// file) at the same moment, 50 times, with a new record on each side each
// time: one cycle runs, the other waits or says who is syncing, and no
// record or page is doubled.
func TestScheduledSyncAndCLISyncAtOnceNeverDuplicate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kaigi and runs 50 rounds of two syncs")
	}
	t.Parallel()
	bin := buildKaigi(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var requests atomic.Int64
	w := newNotionWorldWith(t, notionfake.Options{Seed: 3, Clock: notionfake.RealClock{},
		OnRequest: func(notionfake.RequestRecord) { requests.Add(1) }})
	// started waits until the cycle just begun has sent a request: it holds
	// the lease then, and its cycle is under way when the other starts.
	started := func(before int64) {
		for range 20000 {
			if requests.Load() > before {
				return
			}
			time.Sleep(time.Millisecond)
		}
		t.Fatal("the first sync sent no request")
	}
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	nc := notionConfig{config: config{DB: w.env["KAIGI_DB"], Logger: log}, ConfigPath: w.env["KAIGI_NOTION_CONFIG"], URL: w.env["KAIGI_NOTION_URL"], Rate: 100}
	n, err := openNotionSync(ctx, st, nc, "*/5 * * * *", w.env, log, nil)
	if err != nil || n == nil {
		t.Fatalf("open sync: %v", err)
	}
	defer n.wait()
	scheduled := n.syncJob(ctx, log)
	tasksDB := mustConfigDB(t, w, "task")

	const rounds = 50
	busy := 0
	for i := range rounds {
		local := data.Task{SeriesID: sr.ID, Title: fmt.Sprintf("kaigi task %02d", i)}
		if err := st.CreateTask(ctx, &local); err != nil {
			t.Fatal(err)
		}
		if _, err := w.fake.As(w.person).CreatePage(tasksDB, map[string]any{"Name": map[string]any{
			"title": []any{map[string]any{"text": map[string]any{"content": fmt.Sprintf("notion task %02d", i)}}}}}); err != nil {
			t.Fatal(err)
		}
		cli := exec.CommandContext(ctx, bin, "sync", "--rate", "100")
		cli.Env = environ(w.env)
		var cliOut strings.Builder
		cli.Stdout, cli.Stderr = &cliOut, &cliOut
		// Each side starts first in half the rounds; the other starts
		// while the first one's cycle runs.
		var wg sync.WaitGroup
		before := requests.Load()
		if i%2 == 0 {
			if err := cli.Start(); err != nil {
				t.Fatal(err)
			}
			started(before)
			wg.Go(scheduled)
		} else {
			wg.Go(scheduled)
			started(before)
			if err := cli.Start(); err != nil {
				t.Fatal(err)
			}
		}
		if err := cli.Wait(); err != nil {
			t.Fatalf("round %d: kaigi sync: %v\n%s", i, err, cliOut.String())
		}
		wg.Wait()
		if strings.Contains(cliOut.String(), "a sync is running (started by kaigi serve (schedule)") {
			busy++
		}
	}
	scheduled() // whatever a skipped cycle left
	scheduled()

	tasks, err := st.Tasks(ctx, data.TaskFilter{Page: data.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]int{}
	for _, task := range tasks {
		titles[task.Title]++
	}
	for title, c := range titles {
		if c > 1 {
			t.Errorf("%d kaigi records titled %q", c, title)
		}
	}
	pages := w.fake.DatabasePages(tasksDB, false)
	perID := map[string]int{}
	for _, pg := range pages {
		perID[pageText(pg, "kaigi ID")]++
	}
	for id, c := range perID {
		if c > 1 {
			t.Errorf("%d pages carry kaigi ID %q", c, id)
		}
	}
	if len(tasks) != 2*rounds || len(pages) != 2*rounds {
		t.Errorf("%d kaigi tasks and %d task pages, want %d each", len(tasks), len(pages), 2*rounds)
	}
	// The two did meet: the schedule found the CLI's cycle running (the
	// CLI, finding the server's, waits for it and then runs).
	skipped := strings.Count(logs.String(), "scheduled Notion sync skipped: a sync is running (started by kaigi sync (cli) on ")
	if skipped == 0 {
		t.Errorf("the scheduled sync never found kaigi sync's cycle running: the test did not run them at once")
	}
	t.Logf("the schedule skipped its cycle in %d rounds, kaigi sync gave up waiting in %d, of %d", skipped, busy, rounds)
}

// pageText is a page's rich-text or title property as plain text.
func pageText(pg map[string]any, prop string) string {
	props, _ := pg["properties"].(map[string]any)
	p, _ := props[prop].(map[string]any)
	var b strings.Builder
	for _, key := range []string{"rich_text", "title"} {
		items, _ := p[key].([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			s, _ := m["plain_text"].(string)
			b.WriteString(s)
		}
	}
	return b.String()
}

// TestSyncWhileAnotherHoldsTheLeaseSaysWhoAndExitsZero: `kaigi sync`
// waits briefly for a running cycle, then says who runs it and exits 0.
func TestSyncWhileAnotherHoldsTheLeaseSaysWhoAndExitsZero(t *testing.T) {
	t.Parallel() // waits the CLI's few seconds for the lease in real time
	w := notionWorldWithTask(t)
	ctx := context.Background()
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	held := syncdb.Lease{Token: "server", Owner: "kaigi serve (schedule) on app-1, pid 77", StartedAt: now, ExpiresAt: now.Add(time.Minute)}
	if _, ok, err := syncdb.New(st).TakeLease(ctx, held, now); err != nil || !ok {
		t.Fatalf("take the lease: %v %v", ok, err)
	}
	out, _, err := runKaigi(t, w.env, "sync", "--rate", "100")
	if err != nil {
		t.Fatalf("kaigi sync under another's lease: %v", err)
	}
	if !strings.Contains(out, "a sync is running (started by kaigi serve (schedule) on app-1, pid 77 at ") || strings.Count(out, "\n") != 1 {
		t.Fatalf("kaigi sync said %q, want one line naming the running sync", out)
	}
	if n := len(w.fake.DatabasePages(mustConfigDB(t, w, "task"), false)); n != 0 {
		t.Fatalf("kaigi sync wrote %d pages beside the running sync", n)
	}
}
