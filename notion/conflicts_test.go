package notion

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

func (h *harness) service() *Service {
	return NewService(ServiceOptions{Options: Options{Store: h.store, Client: h.client, Config: h.cfg, Clock: h.clock}})
}

// conflictOnTitle makes a task whose title both sides changed differently.
func conflictOnTitle(t *testing.T, h *harness, svc *Service) data.Task {
	t.Helper()
	ctx := context.Background()
	task := data.Task{SeriesID: h.series, Title: "Write the release notes"}
	if err := h.store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	h.fake.Advance(time.Minute)
	if err := h.fake.As(h.person).UpdateProperties(h.pageOf(data.EntityTask, string(task.ID)), map[string]any{"Name": title("Release notes (Notion)")}); err != nil {
		t.Fatal(err)
	}
	got, _ := h.store.Task(ctx, task.ID)
	got.Title = "Release notes (kaigi)"
	if err := h.store.UpdateTask(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if sum, err := svc.Cycle(ctx, "test"); err != nil || sum.Conflicts != 1 {
		t.Fatalf("cycle after edits on both sides: %s, %v; want 1 conflict", sum, err)
	}
	return task
}

func TestConflictListedWithBothValuesAndResolvedBySync(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 11, nil)
	svc := h.service()
	task := conflictOnTitle(t, h, svc)

	open, err := svc.Conflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 {
		t.Fatalf("%d open conflicts, want 1", len(open))
	}
	c := open[0]
	if c.Field != "title" || c.LocalValue != "Release notes (kaigi)" || c.NotionValue != "Release notes (Notion)" || c.LocalID != string(task.ID) {
		t.Fatalf("conflict %+v", c)
	}
	if c.Title != "Release notes (Notion)" {
		t.Fatalf("conflict shows record title %q, want the applied (Notion) value", c.Title)
	}

	// The person keeps kaigi's value: it becomes kaigi's and reaches Notion.
	if err := svc.Resolve(ctx, c.ID, merge.WinnerKaigi); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.store.Task(ctx, task.ID); got.Title != "Release notes (kaigi)" {
		t.Fatalf("after keeping kaigi's value the task is %q", got.Title)
	}
	h.fake.Advance(time.Minute)
	sum, err := svc.Cycle(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := h.fake.Page(h.pageOf(data.EntityTask, string(task.ID)))
	if got := propText(p, "Name"); got != "Release notes (kaigi)" || sum.Conflicts != 0 {
		t.Fatalf("after resolving: Notion title %q, %s", got, sum)
	}
	if open, _ := svc.Conflicts(ctx); len(open) != 0 {
		t.Fatalf("conflict still open after resolving: %+v", open)
	}
	// Settled: later cycles neither conflict again nor write.
	h.fake.Advance(5 * time.Minute)
	svc.Cycle(ctx, "test")
	h.fake.Advance(5 * time.Minute)
	if sum, _ := svc.Cycle(ctx, "test"); sum.Conflicts != 0 || sum.Pushed != 0 || sum.Pulled != 0 {
		t.Fatalf("cycle after resolution: %s", sum)
	}
	if err := svc.Resolve(ctx, c.ID, merge.WinnerNotion); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("resolving twice: %v, want ENOTFOUND", err)
	}
}

func TestResolveKeepingAppliedValueWritesNothing(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 12, nil)
	svc := h.service()
	conflictOnTitle(t, h, svc)
	open, _ := svc.Conflicts(ctx)
	rev, _, _ := h.store.LastChange(ctx)
	if err := svc.Resolve(ctx, open[0].ID, merge.WinnerNotion); err != nil {
		t.Fatal(err)
	}
	if after, _, _ := h.store.LastChange(ctx); after != rev {
		t.Fatalf("keeping the value already applied changed a record (journal %d → %d)", rev, after)
	}
	if err := svc.Resolve(ctx, 999, merge.WinnerNotion); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("unknown conflict: %v", err)
	}
	if err := svc.Resolve(ctx, open[0].ID, "both"); data.ErrorField(err) != "keep" {
		t.Fatalf("bad choice: %v", err)
	}
}
