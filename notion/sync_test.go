package notion

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

func TestSyncRoundTrip(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1, nil)
	a := data.Agenda{SeriesID: h.series, Title: "Choose a cache", Body: "## Options\n\n- Redis\n- memcached"}
	if err := h.store.CreateAgenda(ctx, &a, ""); err != nil {
		t.Fatal(err)
	}
	task := data.Task{SeriesID: h.series, Title: "Benchmark Redis", AgendaID: a.ID}
	if err := h.store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	sum := h.cycle()
	if sum.Created != 2 {
		t.Fatalf("first cycle created %d pages, want 2 (%s)", sum.Created, sum)
	}
	taskPage := h.pageOf(data.EntityTask, string(task.ID))
	p, _ := h.fake.Page(taskPage)
	if got := propText(p, "Name"); got != "Benchmark Redis" {
		t.Fatalf("task page title %q", got)
	}
	if ids := h.fake.RelationIDs(taskPage, "Agenda"); len(ids) != 1 || ids[0] != h.pageOf(data.EntityAgenda, string(a.ID)) {
		t.Fatalf("task page relation = %v", ids)
	}
	blocks := h.fake.Blocks(h.pageOf(data.EntityAgenda, string(a.ID)))
	if len(blocks) != 3 {
		t.Fatalf("agenda body has %d blocks, want 3", len(blocks))
	}

	// A person renames the task in Notion; kaigi picks it up.
	h.fake.Advance(time.Minute)
	if err := h.fake.As(h.person).UpdateProperties(taskPage, map[string]any{"Name": title("Benchmark Redis and memcached")}); err != nil {
		t.Fatal(err)
	}
	sum = h.cycle()
	got, _ := h.store.Task(ctx, task.ID)
	if got.Title != "Benchmark Redis and memcached" || sum.Pulled != 1 || sum.Pushed != 0 {
		t.Fatalf("after edit in Notion: title %q, %s", got.Title, sum)
	}

	// Deleting in kaigi trashes the page.
	if err := h.store.SetDeleted(ctx, data.EntityTask, string(task.ID), true); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	if p, _ := h.fake.Page(taskPage); p["in_trash"] != true {
		t.Fatalf("task page not trashed after local delete")
	}
}

func TestIdleCycleOnlyQueries(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 2, nil)
	for i := range 3 {
		a := data.Agenda{SeriesID: h.series, Title: "Agenda " + string(rune('A'+i)), Body: "text"}
		if err := h.store.CreateAgenda(ctx, &a, ""); err != nil {
			t.Fatal(err)
		}
	}
	h.cycle()
	h.fake.Advance(10 * time.Minute)
	h.cycle() // settles what the first cycle wrote
	h.fake.Advance(10 * time.Minute)
	rev, _, err := h.store.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := len(h.fake.Requests())
	h.cycle()
	reqs := h.fake.Requests()[before:]
	queries := 0
	for _, r := range reqs {
		if r.Method == "POST" && len(r.Path) > 6 && r.Path[len(r.Path)-6:] == "/query" {
			queries++
		}
	}
	if len(reqs) != len(h.cfg.Databases) || queries != len(h.cfg.Databases) {
		t.Fatalf("idle cycle made %d requests (%d queries), want exactly one query per database (%d): %v", len(reqs), queries, len(h.cfg.Databases), reqs)
	}
	if after, _, _ := h.store.LastChange(ctx); after != rev {
		t.Fatalf("idle cycle changed kaigi records (journal %d → %d)", rev, after)
	}
}
