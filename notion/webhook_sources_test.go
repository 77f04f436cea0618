package notion

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// deliver posts one queued event of a type as Notion would, signed, and
// drops every queued event (Notion delivers each at most once).
func (r *webhookRig) deliver(t *testing.T, typ string) notionfake.WebhookEvent {
	t.Helper()
	for _, ev := range r.h.fake.PendingWebhooks() {
		if ev.Type != typ {
			continue
		}
		r.h.fake.DiscardWebhooks()
		body, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		if code := r.post(t, string(body), notionfake.Sign(body, r.token)); code != http.StatusOK {
			t.Fatalf("%s: %d", typ, code)
		}
		return ev
	}
	t.Fatalf("no %s event queued: %+v", typ, r.h.fake.PendingWebhooks())
	return notionfake.WebhookEvent{}
}

// heldRigWithTask is a rig (pulls held) with one synced task and no event queued.
func heldRigWithTask(t *testing.T, version string) (*webhookRig, data.Task, string) {
	t.Helper()
	r := startWebhookRig(t, true, version)
	task := newTask(t, r.h, "Book the room")
	if _, err := r.svc.Cycle(context.Background(), "test"); err != nil {
		t.Fatal(err)
	}
	r.h.fake.DiscardWebhooks() // kaigi's own writes, announced too
	return r, task, r.h.pageOf(data.EntityTask, string(task.ID))
}

// TestEachEventShapeBringsTheEditIn: an edit in Notion comes in at the next
// cycle after any one of its events, of either API version's shapes:
// page.properties_updated (both), data_source.content_updated (2025-09-03),
// database.content_updated (2022-06-28, as Notion documents it).
func TestEachEventShapeBringsTheEditIn(t *testing.T) {
	for _, tc := range []struct{ version, event string }{
		{"2022-06-28", "page.properties_updated"},
		{api.SourcesVersion, "page.properties_updated"},
		{api.SourcesVersion, "data_source.content_updated"},
		{"2022-06-28", "database.content_updated"},
	} {
		t.Run(tc.version+" "+tc.event, func(t *testing.T) {
			ctx := context.Background()
			r, task, page := heldRigWithTask(t, tc.version)
			r.h.fake.Advance(time.Minute)
			if err := r.h.fake.As(r.h.person).UpdateProperties(page, map[string]any{"Name": title("Book the big room")}); err != nil {
				t.Fatal(err)
			}
			if tc.event == "database.content_updated" {
				// The fake's 2022-06-28 subscription sends page events only;
				// this is the documented shape of the database's event.
				r.h.fake.DiscardWebhooks()
				body := `{"id":"9b2f7c1e-0d3a-4e5b-8c6d-7e8f9a0b1c2d","type":"database.content_updated","entity":{"id":"` + r.h.db(data.EntityTask) +
					`","type":"database"},"data":{"updated_blocks":[{"id":"` + page + `","type":"page"}]}}`
				if code := r.post(t, body, notionfake.Sign([]byte(body), r.token)); code != http.StatusOK {
					t.Fatalf("database.content_updated: %d", code)
				}
			} else {
				r.deliver(t, tc.event)
			}
			if r.pokes.Load() != 1 || pendingCount(t, r.h.store) != 1 {
				t.Fatalf("the event asked for %d pulls and queued %d pages, want 1 and 1", r.pokes.Load(), pendingCount(t, r.h.store))
			}
			if _, err := r.svc.Cycle(ctx, "webhook"); err != nil {
				t.Fatal(err)
			}
			if got, _ := r.h.store.Task(ctx, task.ID); got.Title != "Book the big room" {
				t.Fatalf("after the cycle the task is %q", got.Title)
			}
		})
	}
}

// TestDuplicatedEventIsProcessedOnce: Notion delivering one event twice,
// even after a restart of the server (a new handler on the same file),
// queues and schedules nothing the second time.
func TestDuplicatedEventIsProcessedOnce(t *testing.T) {
	ctx := context.Background()
	r, _, page := heldRigWithTask(t, api.SourcesVersion)
	if err := r.h.fake.As(r.h.person).UpdateProperties(page, map[string]any{"Name": title("Twice")}); err != nil {
		t.Fatal(err)
	}
	ev := r.deliver(t, "data_source.content_updated")
	if _, err := r.svc.Cycle(ctx, "webhook"); err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(ev)
	restarted := NewWebhook(WebhookOptions{Store: r.h.store, Clock: r.h.clock, PullSoon: func() { r.pokes.Add(1) }})
	req := httptest.NewRequest(http.MethodPost, "/webhooks/notion", bytes.NewReader(body))
	req.Header.Set("X-Notion-Signature", notionfake.Sign(body, r.token))
	rec := httptest.NewRecorder()
	restarted.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("the duplicate after a restart: %d", rec.Code)
	}
	if r.pokes.Load() != 1 || pendingCount(t, r.h.store) != 0 {
		t.Fatalf("the duplicate was handled again: %d pulls asked, %d pages queued", r.pokes.Load(), pendingCount(t, r.h.store))
	}
}

// TestLostEventIsCaughtByTheCycle: an edit whose events never arrive comes
// in by the next cycle's query all the same.
func TestLostEventIsCaughtByTheCycle(t *testing.T) {
	ctx := context.Background()
	r, task, page := heldRigWithTask(t, api.SourcesVersion)
	r.h.fake.Advance(time.Minute)
	if err := r.h.fake.As(r.h.person).UpdateProperties(page, map[string]any{"Name": title("Nobody told kaigi")}); err != nil {
		t.Fatal(err)
	}
	if n := r.h.fake.DiscardWebhooks(); n == 0 {
		t.Fatal("the edit sent no event to lose")
	}
	r.h.fake.Advance(5 * time.Minute)
	if _, err := r.svc.Cycle(ctx, "schedule"); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.h.store.Task(ctx, task.ID); got.Title != "Nobody told kaigi" {
		t.Fatalf("the lost event's edit did not come in: %q", got.Title)
	}
}

// TestEventOfAnotherDataSourceIsLeftAlone: an event naming a page in a data
// source kaigi does not sync queues it, and the cycle leaves it alone.
func TestEventOfAnotherDataSourceIsLeftAlone(t *testing.T) {
	ctx := context.Background()
	r, _, _ := heldRigWithTask(t, api.SourcesVersion)
	second, err := r.h.fake.CopyDataSource(r.h.db(data.EntityTask), "Private", r.h.person)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.h.fake.As(r.h.person).CreatePageIn(second, map[string]any{"Name": title("Not kaigi's")}); err != nil {
		t.Fatal(err)
	}
	r.deliver(t, "page.created")
	if pendingCount(t, r.h.store) != 1 {
		t.Fatal("the event queued nothing")
	}
	for range 2 {
		r.h.fake.Advance(5 * time.Minute)
		sum, err := r.svc.Cycle(ctx, "webhook")
		if err != nil || sum.Problems != 0 {
			t.Fatalf("cycle: %s, %v", sum, err)
		}
	}
	tasks, err := r.h.store.Tasks(ctx, data.TaskFilter{})
	if err != nil || len(tasks) != 1 {
		t.Fatalf("kaigi has %d tasks (err %v), want only its own", len(tasks), err)
	}
}
