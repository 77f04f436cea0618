package notion

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// reconcilingEngine makes every cycle of h a reconciliation.
func reconcilingEngine(h *harness) {
	h.engine = NewEngine(Options{Store: h.store, Client: h.client, Config: h.cfg, Clock: h.clock, ReconcileEvery: 1})
}

func newTask(t *testing.T, h *harness, title string) data.Task {
	t.Helper()
	task := data.Task{SeriesID: h.series, Title: title}
	if err := h.store.CreateTask(context.Background(), &task); err != nil {
		t.Fatal(err)
	}
	return task
}

func lastRunErrors(t *testing.T, h *harness) string {
	t.Helper()
	runs, err := h.engine.Runs(context.Background(), 1)
	if err != nil || len(runs) == 0 {
		t.Fatalf("runs: %v", err)
	}
	return strings.Join(runs[0].Errors, "\n")
}

// TestPageTrashedInNotionIsInKaigisTrashAfterOneCycle: no query lists a
// trashed page, yet the next cycle, without webhooks or a reconciliation,
// finds it (the confirmation walk covers the small database whole, and reads
// the linked page it did not list); a restore in Notion brings it back.
func TestPageTrashedInNotionIsInKaigisTrashAfterOneCycle(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 11, nil)
	task := newTask(t, h, "Write the migration")
	h.cycle()
	page := h.pageOf(data.EntityTask, string(task.ID))
	h.fake.Advance(5 * time.Minute)
	if err := h.fake.As(h.person).Trash(page); err != nil {
		t.Fatal(err)
	}
	before := len(h.fake.Requests())
	sum := h.cycle()
	if got, _ := h.store.Task(ctx, task.ID); !got.Deleted() || sum.Trashed != 1 {
		t.Fatalf("one cycle after the trash in Notion: deleted %v, %s", got.Deleted(), sum)
	}
	if n := len(h.fake.Requests()) - before; n != len(h.cfg.Databases)+1 {
		t.Fatalf("finding it cost %d requests, want one query per database and one read of the page: %v", n, h.fake.Requests()[before:])
	}

	// Restored in Notion, it comes back through the normal pull.
	h.fake.Advance(5 * time.Minute)
	if err := h.fake.As(h.person).Restore(page); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	if got, _ := h.store.Task(ctx, task.ID); got.Deleted() {
		t.Fatalf("page restored in Notion, task still in the kaigi trash")
	}
}

func TestKaigiEditBeatsTrashInNotion(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 12, nil)
	task := newTask(t, h, "Draft the RFC")
	h.cycle()
	page := h.pageOf(data.EntityTask, string(task.ID))
	h.fake.Advance(5 * time.Minute)
	if err := h.fake.As(h.person).Trash(page); err != nil {
		t.Fatal(err)
	}
	got, _ := h.store.Task(ctx, task.ID)
	got.Title = "Draft the RFC (now with numbers)"
	if err := h.store.UpdateTask(ctx, &got); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	p, _ := h.fake.Page(page)
	if p["in_trash"] != false || propText(p, "Name") != "Draft the RFC (now with numbers)" {
		t.Fatalf("page in_trash=%v title %q; the kaigi edit should have restored it", p["in_trash"], propText(p, "Name"))
	}
	if local, _ := h.store.Task(ctx, task.ID); local.Deleted() {
		t.Fatalf("edited task went to the trash")
	}
	if errs := lastRunErrors(t, h); !strings.Contains(errs, "edit won") {
		t.Fatalf("edit over delete was not reported: %q", errs)
	}
}

func TestVanishedPageIsReportedNotDeleted(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 13, nil)
	task := newTask(t, h, "Keep me")
	h.cycle()
	page := h.pageOf(data.EntityTask, string(task.ID))
	// Notion no longer shows the page: it leaves every query (here by the
	// trash) and a GET answers 404, as for a page deleted for good.
	if err := h.fake.As(h.person).Trash(page); err != nil {
		t.Fatal(err)
	}
	h.fake.InjectFault(notionfake.Fault{Method: "GET", PathPrefix: "/v1/pages/" + page, Kind: notionfake.FaultStatus, Status: 404})
	reconcilingEngine(h)
	h.cycle()
	if got, _ := h.store.Task(ctx, task.ID); got.Deleted() {
		t.Fatalf("a page Notion no longer shows deleted the kaigi record")
	}
	if errs := lastRunErrors(t, h); !strings.Contains(errs, "no longer shared") || !strings.Contains(errs, string(task.ID)) {
		t.Fatalf("vanished page not reported clearly: %q", errs)
	}
}

func TestFailingRecordDoesNotHoldBackOthers(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 14, nil)
	a, b := newTask(t, h, "A"), newTask(t, h, "B")
	h.cycle()
	pageA := h.pageOf(data.EntityTask, string(a.ID))
	for _, task := range []*data.Task{&a, &b} {
		task.Title += " (edited)"
		task.Revision = 0
		if err := h.store.UpdateTask(ctx, task); err != nil {
			t.Fatal(err)
		}
	}
	h.fake.InjectFault(notionfake.Fault{Method: "PATCH", PathPrefix: "/v1/pages/" + pageA, Kind: notionfake.FaultStatus, Status: 400})
	sum := h.cycle()
	pb, _ := h.fake.Page(h.pageOf(data.EntityTask, string(b.ID)))
	if propText(pb, "Name") != "B (edited)" || sum.Pushed != 1 || sum.Problems != 1 {
		t.Fatalf("B was not pushed past A's failure: %q, %s", propText(pb, "Name"), sum)
	}
	problems, _ := h.engine.Problems(ctx)
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "A (edited)") || !strings.Contains(problems[0].URL, strings.ReplaceAll(pageA, "-", "")) {
		t.Fatalf("A's failure is not one problem naming it and its page: %+v", problems)
	}
	h.fake.ClearFaults()
	if sum = h.cycle(); sum.Pushed != 0 {
		t.Fatalf("A was tried again before its backoff: %s", sum)
	}
	h.fake.Advance(backoff(1))
	sum = h.cycle()
	pa, _ := h.fake.Page(pageA)
	if propText(pa, "Name") != "A (edited)" || sum.Pushed != 1 || sum.Problems != 0 {
		t.Fatalf("A was not tried again once Notion accepted it: %q, %s", propText(pa, "Name"), sum)
	}
	h.fake.Advance(10 * time.Minute)
	h.cycle()
	before := len(h.fake.Requests())
	h.cycle()
	if n := len(h.fake.Requests()) - before; n != len(h.cfg.Databases) {
		t.Fatalf("after the retry succeeded an idle cycle made %d requests, want %d", n, len(h.cfg.Databases))
	}
}

func TestBodyEditedBeforeTrashInNotionIsKept(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 13, nil)
	d := data.Decision{SeriesID: h.series, Title: "Use Redis", Body: "Because it is fast."}
	if err := h.store.CreateDecision(ctx, &d); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	page := h.pageOf(data.EntityDecision, string(d.ID))
	h.fake.Advance(5 * time.Minute)
	ed := h.fake.As(h.person)
	if _, err := ed.ReplaceBlocks(page, []any{blocks.Encode(blocks.Block{Type: "paragraph", Text: "Because it is fast and we know it."})}); err != nil {
		t.Fatal(err)
	}
	if err := ed.Trash(page); err != nil {
		t.Fatal(err)
	}
	reconcilingEngine(h)
	h.cycle()
	got, _ := h.store.Decision(ctx, d.ID)
	if !got.Deleted() || got.Body != "Because it is fast and we know it." {
		t.Fatalf("decision deleted %v, body %q; want the trashed page's edited body kept in the trash", got.Deleted(), got.Body)
	}
}

// TestDeleteInKaigiMergesTheTrashedPageFirst: a person renames a page and
// trashes it; kaigi deletes the same task before any reconciliation. The
// rename is kept on the record in the trash.
func TestDeleteInKaigiMergesTheTrashedPageFirst(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 14, nil)
	task := newTask(t, h, "Print handouts")
	h.cycle()
	page := h.pageOf(data.EntityTask, string(task.ID))
	h.fake.Advance(5 * time.Minute)
	ed := h.fake.As(h.person)
	if err := ed.UpdateProperties(page, map[string]any{"Name": title("Print handouts in colour")}); err != nil {
		t.Fatal(err)
	}
	if err := ed.Trash(page); err != nil {
		t.Fatal(err)
	}
	if err := h.store.SetDeleted(ctx, data.EntityTask, string(task.ID), true); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	got, _ := h.store.Task(ctx, task.ID)
	if !got.Deleted() || got.Title != "Print handouts in colour" {
		t.Fatalf("task deleted %v, title %q; want the rename made in Notion kept in the trash", got.Deleted(), got.Title)
	}
}

// TestEditBetweenRestoreAndTrashInNotionIsFound: a page both sides have in
// the trash is restored in Notion, renamed and trashed again between two
// cycles. No query shows it; reconciliation reads it and keeps the rename.
func TestEditBetweenRestoreAndTrashInNotionIsFound(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 15, nil)
	task := newTask(t, h, "Order pizza")
	h.cycle()
	page := h.pageOf(data.EntityTask, string(task.ID))
	if err := h.store.SetDeleted(ctx, data.EntityTask, string(task.ID), true); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	h.fake.Advance(5 * time.Minute)
	ed := h.fake.As(h.person)
	if err := ed.Restore(page); err != nil {
		t.Fatal(err)
	}
	if err := ed.UpdateProperties(page, map[string]any{"Name": title("Order pizza for twelve")}); err != nil {
		t.Fatal(err)
	}
	if err := ed.Trash(page); err != nil {
		t.Fatal(err)
	}
	reconcilingEngine(h)
	h.cycle()
	got, _ := h.store.Task(ctx, task.ID)
	if !got.Deleted() || got.Title != "Order pizza for twelve" {
		t.Fatalf("task deleted %v, title %q; want the rename kept in the trash", got.Deleted(), got.Title)
	}
}
