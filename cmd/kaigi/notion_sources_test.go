package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// TestAdoptListsDataSourcesAndAsksWhich: `kaigi notion adopt --dry-run` on a
// database of two data sources lists both; without --data-source adopt
// refuses in one line naming them; with it, adopt maps the chosen source.
func TestAdoptListsDataSourcesAndAsksWhich(t *testing.T) {
	t.Parallel() // its own folder, database and fake
	w := newNotionWorld(t)
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	tasks := mustConfigDB(t, w, "task")
	second, err := w.fake.CopyDataSource(tasks, "Archive", w.person)
	if err != nil {
		t.Fatal(err)
	}
	first := w.fake.DataSources(tasks)[0]
	out, _, err := runKaigi(t, w.env, "notion", "adopt", "--tasks", tasks, "--dry-run", "--rate", "100")
	if err != nil {
		t.Fatalf("adopt --dry-run: %v\n%s", err, out)
	}
	if !strings.Contains(out, "data sources:") || !strings.Contains(out, first) || !strings.Contains(out, "Archive ("+second+")") {
		t.Fatalf("the dry run does not list both data sources:\n%s", out)
	}
	_, _, err = runKaigi(t, w.env, "notion", "adopt", "--tasks", tasks, "--rate", "100")
	if line := oneLine(err); err == nil || !strings.Contains(line, first) || !strings.Contains(line, second) || !strings.Contains(line, "--data-source") {
		t.Fatalf("adopt without a choice: %v", err)
	}
	out, _, err = runKaigi(t, w.env, "notion", "adopt", "--tasks", tasks, "--data-source", first, "--rate", "100")
	if err != nil || !strings.Contains(out, first+") ← kaigi syncs this one") || !strings.Contains(out, "mapping saved") {
		t.Fatalf("adopt --data-source: %v\n%s", err, out)
	}
	out, _, err = runKaigi(t, w.env, "sync", "--rate", "100")
	if err != nil {
		t.Fatalf("sync after adopting one of two sources: %v\n%s", err, out)
	}
}

// TestDataSourceWebhookThroughTheServer: the server's /webhooks/notion takes
// a 2025-09-03 subscription's data_source.content_updated event, signed,
// and the edit it names comes in.
func TestDataSourceWebhookThroughTheServer(t *testing.T) {
	t.Parallel() // waits on real time (the background sync); its own folder, database and fake
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newNotionWorld(t)
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
	task := data.Task{SeriesID: sr.ID, Title: "Order the cake"}
	if err := st.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runKaigi(t, w.env, "sync", "--rate", "100"); err != nil {
		t.Fatalf("sync: %v", err)
	}
	pages := w.fake.DatabasePages(mustConfigDB(t, w, "task"), false)
	if len(pages) != 1 {
		t.Fatalf("the tasks database has %d pages", len(pages))
	}
	page := pages[0]["id"].(string)

	cfg := serveConfig{config: config{DB: w.env["KAIGI_DB"], Logger: slog.New(slog.DiscardHandler)}}
	nc := notionConfig{config: cfg.config, ConfigPath: w.env["KAIGI_NOTION_CONFIG"], URL: w.env["KAIGI_NOTION_URL"], Rate: 100}
	if cfg.Notion, err = openNotionSync(ctx, st, nc, "*/5 * * * *", w.env, cfg.Logger, nil); err != nil || cfg.Notion == nil {
		t.Fatalf("open sync: %v", err)
	}
	defer cfg.Notion.wait()
	defer cancel()
	h, err := newHandler(ctx, st, cfg, w.env, stdio{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	token, err := w.fake.SubscribeWebhookAt(ctx, srv.URL+"/webhooks/notion", "2025-09-03")
	if err != nil {
		t.Fatalf("verification request: %v", err)
	}
	if err := w.fake.As(w.person).UpdateProperties(page, map[string]any{"Name": map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "Order the big cake"}}}}}); err != nil {
		t.Fatal(err)
	}
	var event []byte
	for _, ev := range w.fake.PendingWebhooks() {
		if ev.Type == "data_source.content_updated" {
			event, _ = json.Marshal(ev)
		}
	}
	w.fake.DiscardWebhooks() // only the data source's event arrives
	if event == nil {
		t.Fatal("no data_source.content_updated event")
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks/notion", bytes.NewReader(event))
	req.Header.Set("X-Notion-Signature", notionfake.Sign(event, token))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the event: %v %v", resp, err)
	}
	resp.Body.Close()
	waitFor(t, func() bool {
		got, _ := st.Task(ctx, task.ID)
		return got.Title == "Order the big cake"
	})
}
