package notion

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// TestTrashIsSeenWithinTheHourAtAStatedCost: 1,000 linked pages, no
// webhooks, a cycle every 5 minutes: a page trashed in Notion is in kaigi's
// trash within the hour, and no cycle spends more on confirming than its
// budget (10 % of 3 requests/s over 5 minutes = 90), while a cycle's other
// requests stay one query per database.
func TestTrashIsSeenWithinTheHourAtAStatedCost(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 43, nil)
	var tasks []data.Task
	for i := range 1000 {
		tasks = append(tasks, newTask(t, h, fmt.Sprintf("Task %d", i)))
	}
	h.cycle()
	for range 2 { // a walk under way, as on a running server
		h.fake.Advance(5 * time.Minute)
		h.cycle()
	}
	// Trash a page the walk confirmed last, the worst case: the walk under
	// way has passed it, so only the next whole walk misses it.
	victim, latest := tasks[0], time.Time{}
	for _, task := range tasks {
		if l, _, _ := h.state().LinkByLocal(ctx, data.EntityTask, string(task.ID)); l.ConfirmedAt.After(latest) {
			victim, latest = task, l.ConfirmedAt
		}
	}
	if err := h.fake.As(h.person).Trash(h.pageOf(data.EntityTask, string(victim.ID))); err != nil {
		t.Fatal(err)
	}
	start := h.clock.Now()
	for cycles := 1; ; cycles++ {
		h.fake.Advance(5 * time.Minute)
		sum := h.cycle()
		if sum.Confirm > 90 || sum.Requests-int64(sum.Confirm) != int64(len(h.cfg.Databases)) {
			t.Fatalf("cycle %d: %s; want at most 90 confirming and one query per database besides", cycles, sum)
		}
		if got, _ := h.store.Task(ctx, victim.ID); got.Deleted() {
			if took := h.clock.Now().Sub(start); took > time.Hour {
				t.Fatalf("the trashed page reached kaigi after %s", took)
			}
			t.Logf("in kaigi's trash after %d cycles (%s)", cycles, h.clock.Now().Sub(start))
			return
		}
		if cycles > 12 {
			t.Fatalf("after an hour of cycles the trashed page is not in kaigi's trash")
		}
	}
}

// TestHundredPagesAreAllConfirmedEveryCycle: a database of 100 linked pages
// fits one query page, which is the cycle's one query for it: every cycle
// confirms all of them (the Sync page says when), and a page trashed in
// Notion is in kaigi's trash after the next cycle, for one more request.
func TestHundredPagesAreAllConfirmedEveryCycle(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 44, nil)
	var tasks []data.Task
	for i := range 100 {
		tasks = append(tasks, newTask(t, h, fmt.Sprintf("Task %d", i)))
	}
	h.cycle()
	svc := h.service()
	for range 2 {
		h.fake.Advance(5 * time.Minute)
		if sum, err := svc.Cycle(ctx, "test"); err != nil || sum.Requests != int64(len(h.cfg.Databases)) {
			t.Fatalf("idle cycle over 100 pages: %s, %v", sum, err)
		}
		st, _ := svc.Status(ctx)
		for _, d := range st.Databases {
			if h.clock.Now().Sub(d.LastFull) > time.Second {
				t.Fatalf("%s last fully confirmed at %v, not this cycle (%v)", d.Title, d.LastFull, h.clock.Now())
			}
		}
	}
	if err := h.fake.As(h.person).Trash(h.pageOf(data.EntityTask, string(tasks[37].ID))); err != nil {
		t.Fatal(err)
	}
	h.fake.Advance(5 * time.Minute)
	sum, err := svc.Cycle(ctx, "test")
	if got, _ := h.store.Task(ctx, tasks[37].ID); err != nil || !got.Deleted() || sum.Requests != int64(len(h.cfg.Databases))+1 {
		t.Fatalf("the cycle after the trash: %s, %v, deleted %v", sum, err, got.Deleted())
	}
}
