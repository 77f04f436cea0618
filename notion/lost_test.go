package notion

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
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
	if _, linked, _ := linkByLocal(ctx, h.store.DB(), data.EntityTask, string(task.ID)); linked {
		t.Fatalf("the create's answer was lost, yet kaigi recorded the page")
	}
	pages := h.fake.DatabasePages(h.db(data.EntityTask), false)
	if len(pages) != 1 {
		t.Fatalf("%d task pages, want the 1 whose answer was lost", len(pages))
	}
	h.fake.Advance(5 * time.Minute)
	dc := h.cfg.Databases[data.EntityTask]
	if err := h.fake.As(h.person).UpdateProperties(pages[0]["id"].(string), map[string]any{
		dc.Properties["state"]: optionWrite(dc.Types[dc.Properties["state"]], "done"),
	}); err != nil {
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
