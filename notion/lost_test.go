package notion

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// TestEditToPageWhoseCreateAnswerWasLost: kaigi creates a page, the answer
// is lost, a person edits the new page in Notion before kaigi finds it by
// its kaigi ID. The person's edit is an edit, not the base: it wins.
func TestEditToPageWhoseCreateAnswerWasLost(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 21, nil)
	task := newTask(t, h, "Order the cables")
	h.fake.InjectFault(notionfake.Fault{Kind: notionfake.FaultLostResponse, Method: "POST", PathPrefix: "/v1/pages", Count: 1})
	h.cycle()
	h.fake.ClearFaults()
	if _, linked, _ := h.state().LinkByLocal(ctx, data.EntityTask, string(task.ID)); linked {
		t.Fatalf("the create's answer was lost, yet kaigi recorded the page")
	}
	pages := h.fake.DatabasePages(h.db(data.EntityTask), false)
	if len(pages) != 1 {
		t.Fatalf("%d task pages, want the 1 whose answer was lost", len(pages))
	}
	h.fake.Advance(5 * time.Minute)
	if err := h.fake.As(h.person).UpdateProperties(pages[0]["id"].(string), h.optionWrite(data.EntityTask, "state", "done")); err != nil {
		t.Fatal(err)
	}
	sum := h.cycle()
	got, _ := h.store.Task(ctx, task.ID)
	if got.State != data.TaskState("done") || sum.Conflicts != 0 || sum.Created != 0 {
		t.Fatalf("task state %q after the person set done, %s", got.State, sum)
	}
	if n := len(h.fake.DatabasePages(h.db(data.EntityTask), true)); n != 1 {
		t.Fatalf("%d task pages, want 1", n)
	}
}

// TestPageCopiedInNotionBecomesItsOwnRecord: a page duplicated in Notion
// carries the original's kaigi ID. It becomes a new record; the original
// keeps its page.
func TestPageCopiedInNotionBecomesItsOwnRecord(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 22, nil)
	task := newTask(t, h, "Book the room")
	h.cycle()
	original := h.pageOf(data.EntityTask, string(task.ID))
	h.fake.Advance(5 * time.Minute)
	dc := h.cfg.Databases[data.EntityTask]
	copyID, err := h.fake.As(h.person).CreatePage(dc.ID, map[string]any{
		dc.Properties["title"]:            title("Book the room (copy)"),
		dc.Properties[codec.IDField.Name]: map[string]any{"rich_text": blocks.TextItems(string(task.ID))},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.cycle()
	h.cycle()
	if got := h.pageOf(data.EntityTask, string(task.ID)); got != original {
		t.Fatalf("the original task moved to page %s", got)
	}
	l, ok, err := h.state().LinkByPage(ctx, copyID)
	if err != nil || !ok || l.LocalID == string(task.ID) {
		t.Fatalf("copy linked %v to %q (err %v), want a record of its own", ok, l.LocalID, err)
	}
	copied, err := h.store.Task(ctx, data.TaskID(l.LocalID))
	if err != nil || copied.Title != "Book the room (copy)" {
		t.Fatalf("copy's record: %+v, %v", copied, err)
	}
	p, _ := h.fake.Page(copyID)
	if got := propText(p, dc.Properties[codec.IDField.Name]); got != l.LocalID {
		t.Fatalf("copy's kaigi ID property %q, want its own record's ID %s", got, l.LocalID)
	}
	if errs := lastRunErrors(t, h); errs != "" {
		t.Fatalf("second cycle reported %q", errs)
	}
}

// crashAfter is a network that lets a request matching method and path
// prefix reach Notion, then kills the cycle, as a crash would.
type crashAfter struct {
	method, prefix string
	cancel         context.CancelFunc
}

func (c crashAfter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && req.Method == c.method && strings.HasPrefix(req.URL.Path, c.prefix) {
		resp.Body.Close()
		c.cancel()
		return nil, context.Canceled
	}
	return resp, err
}

// TestEditAfterUnansweredUpdateIsNotLost: kaigi's update reaches Notion but
// the process dies before storing the answer; a person, seeing kaigi's
// value, sets the field back. Their edit must not be overwritten silently.
func TestEditAfterUnansweredUpdateIsNotLost(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 23, nil)
	task := newTask(t, h, "Call the venue")
	h.cycle()
	page := h.pageOf(data.EntityTask, string(task.ID))
	h.fake.Advance(5 * time.Minute)
	task.State, task.Revision = data.TaskState("done"), 0
	if err := h.store.UpdateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	crashCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr, err := api.NewTransport(api.TransportOptions{Base: crashAfter{method: "PATCH", prefix: "/v1/pages/", cancel: cancel},
		BaseURL: h.url, Clock: h.clock, Burst: 10})
	if err != nil {
		t.Fatal(err)
	}
	crashing := NewEngine(Options{Store: h.store, Client: api.NewClient(api.NewToken(h.token), tr), Config: h.cfg, Clock: h.clock})
	if _, err := crashing.Cycle(crashCtx, "test"); err == nil {
		t.Fatalf("the cycle survived its crash")
	}
	if l, _, _ := h.state().LinkByLocal(ctx, data.EntityTask, string(task.ID)); l.Base["state"] == "done" {
		t.Fatalf("the crash came after kaigi stored the answer; the test no longer shows a lost answer")
	}
	h.fake.Advance(5 * time.Minute)
	if err := h.fake.As(h.person).UpdateProperties(page, h.optionWrite(data.EntityTask, "state", "todo")); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	got, _ := h.store.Task(ctx, task.ID)
	conflicts := h.conflictsOn(data.EntityTask, string(task.ID), "state")
	if got.State != data.TaskState("todo") && len(conflicts) == 0 {
		t.Fatalf("task state %q and no conflict: the person's edit after the crash was overwritten", got.State)
	}
}

// TestEditAfterLostAnswerToPageTrashedInNotion: kaigi's update reaches
// Notion but its answer is lost; kaigi's user sets the field back and a
// person trashes the page, so no query shows it. The next push merges the
// page against the lost write before it writes again: kaigi's latest value
// is kept, not taken for a change made in Notion.
func TestEditAfterLostAnswerToPageTrashedInNotion(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 25, nil)
	task := newTask(t, h, "Call the venue")
	h.cycle()
	page := h.pageOf(data.EntityTask, string(task.ID))
	h.fake.Advance(5 * time.Minute)
	task.State, task.Revision = data.TaskState("done"), 0
	if err := h.store.UpdateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	crashCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr, err := api.NewTransport(api.TransportOptions{Base: crashAfter{method: "PATCH", prefix: "/v1/pages/", cancel: cancel},
		BaseURL: h.url, Clock: h.clock, Burst: 10})
	if err != nil {
		t.Fatal(err)
	}
	crashing := NewEngine(Options{Store: h.store, Client: api.NewClient(api.NewToken(h.token), tr), Config: h.cfg, Clock: h.clock})
	if _, err := crashing.Cycle(crashCtx, "test"); err == nil {
		t.Fatalf("the cycle survived its crash")
	}
	h.fake.Advance(5 * time.Minute)
	task.State, task.Title, task.Revision = data.TaskState("todo"), "Call the venue today", 0
	if err := h.store.UpdateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	if err := h.fake.As(h.person).Trash(page); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	got, _ := h.store.Task(ctx, task.ID)
	if got.State != data.TaskState("todo") || got.Deleted() {
		t.Fatalf("task state %q, deleted %v; want kaigi's latest state todo, out of the trash", got.State, got.Deleted())
	}
}

// TestLostCreatesAreLookedUpOncePerDatabase: before a create, the pages
// carrying a kaigi ID made since the oldest unanswered create are listed by
// one query per database and cycle (not one search per record), and only
// when there is an unanswered create at all.
func TestLostCreatesAreLookedUpOncePerDatabase(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 26, nil)
	a, b := newTask(t, h, "A"), newTask(t, h, "B")
	dc := h.cfg.Databases[data.EntityTask]
	for _, task := range []data.Task{a, b} {
		if err := h.state().SaveSent(ctx, data.EntityTask, string(task.ID), syncdb.Sent{Wrote: map[string]string{"title": task.Title}, SentAt: h.clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	page, err := h.fake.As(h.person).CreatePage(dc.ID, map[string]any{"Name": title("A"),
		codec.IDProperty: map[string]any{"rich_text": blocks.TextItems(string(a.ID))}})
	if err != nil {
		t.Fatal(err)
	}
	h.engine.lost = map[data.Entity]map[string]api.Page{}
	before := len(h.fake.Requests())
	spec, _ := codec.SpecOf(data.EntityTask)
	foundA, err := h.engine.lostPage(ctx, spec, string(a.ID))
	if err != nil || foundA == nil || foundA.ID != page {
		t.Fatalf("the page of A's lost create: %v, %v", foundA, err)
	}
	if foundB, err := h.engine.lostPage(ctx, spec, string(b.ID)); err != nil || foundB != nil {
		t.Fatalf("B has no page, found %v (%v)", foundB, err)
	}
	if n := len(h.fake.Requests()) - before; n != 1 {
		t.Fatalf("the lookups cost %d requests, want one query", n)
	}
	spec, _ = codec.SpecOf(data.EntityAgenda)
	if _, err := h.engine.lostPage(ctx, spec, "x"); err != nil || len(h.fake.Requests())-before != 1 {
		t.Fatalf("a database without lost creates was queried")
	}
}

// TestCreateAnswered502AfterApplyingLeavesOnePage: a proxy forwards a
// create to Notion and answers 502. The outcome is unknown: the next push
// looks the kaigi ID up, finds the page and adopts it instead of sending
// the create again.
func TestCreateAnswered502AfterApplyingLeavesOnePage(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 23, nil)
	task := newTask(t, h, "Print the handouts")
	h.fake.InjectFault(notionfake.Fault{Kind: notionfake.FaultAppliedStatus, Status: http.StatusBadGateway, Method: "POST", PathPrefix: "/v1/pages", Count: 1})
	h.cycle()
	h.fake.ClearFaults()
	h.fake.Advance(5 * time.Minute)
	h.cycle()
	h.cycle()
	if n := len(h.fake.DatabasePages(h.db(data.EntityTask), true)); n != 1 {
		t.Fatalf("%d task pages after a create answered 502, want 1", n)
	}
	if _, linked, _ := h.state().LinkByLocal(ctx, data.EntityTask, string(task.ID)); !linked {
		t.Fatal("the task was never linked to the page its create made")
	}
}
