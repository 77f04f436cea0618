package syncdb

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
)

var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func open(t *testing.T) (*DB, *data.Store, *testclock.Clock) {
	t.Helper()
	clock := testclock.New(t0)
	st, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "kaigi.db"), data.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st), st, clock
}

func TestLinks(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	if _, ok, err := d.LinkByLocal(ctx, data.EntityTask, "t1"); ok || err != nil {
		t.Fatalf("a record without a page: ok %v, err %v", ok, err)
	}
	l := Link{Entity: data.EntityTask, LocalID: "t1", PageID: "p1", Base: map[string]string{"title": "タスク", "deleted": ""},
		RemoteEdited: t0.Add(-time.Minute), Settled: true}
	if err := d.SaveLink(ctx, l, t0); err != nil {
		t.Fatal(err)
	}
	for _, get := range []func() (Link, bool, error){
		func() (Link, bool, error) { return d.LinkByLocal(ctx, data.EntityTask, "t1") },
		func() (Link, bool, error) { return d.LinkByPage(ctx, "p1") },
	} {
		got, ok, err := get()
		if !ok || err != nil || !reflect.DeepEqual(got, l) {
			t.Fatalf("read back %+v (ok %v, err %v), want %+v", got, ok, err, l)
		}
	}
	l.PageID, l.Settled, l.RemoteEdited = "p2", false, time.Time{}
	if err := d.SaveLink(ctx, l, t0); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := d.LinkByPage(ctx, "p1"); ok {
		t.Fatalf("the record's old page is still linked")
	}
	pages, err := d.LinkedPages(ctx, data.EntityTask)
	if err != nil || len(pages) != 1 || !reflect.DeepEqual(pages["p2"], l) {
		t.Fatalf("linked pages %+v, %v", pages, err)
	}
	ids, err := d.PageIDs(ctx, data.EntityTask)
	if err != nil || !reflect.DeepEqual(ids, map[string]string{"t1": "p2"}) {
		t.Fatalf("page IDs %v, %v", ids, err)
	}
	if ids, _ := d.PageIDs(ctx, data.EntityLADR); len(ids) != 0 {
		t.Fatalf("page IDs of another entity: %v", ids)
	}
}

// A record made from a page and its link commit together, or neither does.
func TestAtomicallyCommitsRecordAndLinkTogether(t *testing.T) {
	ctx := context.Background()
	d, st, _ := open(t)
	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("crash")
	var a data.Agenda
	err := d.Atomically(ctx, func(ctx context.Context) error {
		a = data.Agenda{SeriesID: sr.ID, Title: "From Notion"}
		if err := st.CreateAgenda(ctx, &a, ""); err != nil {
			return err
		}
		if err := d.SaveLink(ctx, Link{Entity: data.EntityAgenda, LocalID: string(a.ID), PageID: "p1", Base: map[string]string{}}, t0); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, ok, _ := d.LinkByPage(ctx, "p1"); ok {
		t.Fatalf("the link outlived its rolled-back record")
	}
	if _, err := st.Agenda(ctx, a.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("the record outlived its rolled-back link: %v", err)
	}
}

func TestState(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	if w, err := d.Watermark(ctx, data.EntityTask); !w.IsZero() || err != nil {
		t.Fatalf("first watermark %v, %v", w, err)
	}
	if err := d.SetWatermark(ctx, data.EntityTask, t0); err != nil {
		t.Fatal(err)
	}
	if w, _ := d.Watermark(ctx, data.EntityTask); !w.Equal(t0) {
		t.Fatalf("watermark %v", w)
	}
	if w, _ := d.Watermark(ctx, data.EntityAgenda); !w.IsZero() {
		t.Fatalf("watermarks are per entity")
	}
	if n, _ := d.CyclesSinceReconcile(ctx); n != 0 {
		t.Fatalf("cycles %d", n)
	}
	_ = d.SetCyclesSinceReconcile(ctx, 4)
	_ = d.SetReconcileDue(ctx, "outcome unknown")
	if n, _ := d.CyclesSinceReconcile(ctx); n != 4 {
		t.Fatalf("cycles %d", n)
	}
	if r, _ := d.ReconcileDue(ctx); r != "outcome unknown" {
		t.Fatalf("reconcile due %q", r)
	}
	if b, err := d.Bot(ctx); b != "" || err != nil {
		t.Fatalf("integration user before any write: %q, %v", b, err)
	}
	_ = d.SetBot(ctx, "bot-1")
	if b, _ := d.Bot(ctx); b != "bot-1" {
		t.Fatalf("integration user %q", b)
	}
	if _, ok, _ := d.CachedSchema(ctx, data.EntityTask); ok {
		t.Fatalf("a schema kept before any read")
	}
	_ = d.SetCachedSchema(ctx, data.EntityTask, Schema{DatabaseID: "db1", ReadAt: t0, Raw: []byte(`{"ID":"db1"}`)})
	if s, ok, _ := d.CachedSchema(ctx, data.EntityTask); !ok || s.DatabaseID != "db1" || string(s.Raw) != `{"ID":"db1"}` {
		t.Fatalf("kept schema %+v", s)
	}
}

func TestOutbox(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	if c, err := d.OutboxCursor(ctx); c != 0 || err != nil {
		t.Fatalf("first cursor %d, %v", c, err)
	}
	if err := d.QueuePush(ctx, data.EntityTask, "t1", "Notion lags a merge", t0); err != nil {
		t.Fatal(err)
	}
	if err := d.QueuePush(ctx, data.EntityTask, "t1", "again", t0); err != nil {
		t.Fatal(err)
	}
	if set, _ := d.RetrySet(ctx); !reflect.DeepEqual(set, []Failure{{Entity: data.EntityTask, LocalID: "t1", Error: "Notion lags a merge", Attempts: 1}}) {
		t.Fatalf("retry set %v", set)
	}
	failed := []Failure{{Entity: data.EntityAgenda, LocalID: "a1", Error: "Notion answered 400", Attempts: 3, RetryAt: t0.Add(4 * time.Minute)}}
	if err := d.FinishPush(ctx, failed, 42, t0); err != nil {
		t.Fatal(err)
	}
	if set, _ := d.RetrySet(ctx); !reflect.DeepEqual(set, failed) {
		t.Fatalf("retry set after the push %v, want exactly the failures", set)
	}
	if c, _ := d.OutboxCursor(ctx); c != 42 {
		t.Fatalf("cursor %d", c)
	}
}

func TestSentWrites(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	w := Sent{PageID: "p1", Wrote: map[string]string{"title": "new"}, SentAt: t0}
	if err := d.SaveSent(ctx, data.EntityTask, "t1", w); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := d.SentTo(ctx, data.EntityTask, "t1"); !ok || err != nil || !reflect.DeepEqual(got, w) {
		t.Fatalf("sent %+v %v %v", got, ok, err)
	}
	l := Link{Entity: data.EntityTask, LocalID: "t1", PageID: "p1", Base: map[string]string{"title": "new"}}
	if err := d.SaveAnswered(ctx, l, t0); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := d.SentTo(ctx, data.EntityTask, "t1"); ok {
		t.Fatalf("the answered write is still pending")
	}
	if got, ok, _ := d.LinkByLocal(ctx, data.EntityTask, "t1"); !ok || got.Base["title"] != "new" {
		t.Fatalf("link after the answer %+v", got)
	}
}

func TestConflicts(t *testing.T) {
	ctx := context.Background()
	d, _, clock := open(t)
	c := Conflict{Entity: data.EntityTask, LocalID: "t1", Field: "title", BaseValue: "a", LocalValue: "b", NotionValue: "c", Applied: "notion"}
	if err := d.AddConflict(ctx, c, clock.Now()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	c.LocalValue, c.NotionValue = "b2", "c2"
	if err := d.AddConflict(ctx, c, clock.Now()); err != nil {
		t.Fatal(err)
	}
	pending, err := d.OpenConflicts(ctx)
	if err != nil || len(pending) != 1 || pending[0].LocalValue != "b2" || pending[0].NotionValue != "c2" || !pending[0].CreatedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("open conflicts %+v, %v: want only the latest pair", pending, err)
	}
	all, _ := d.ConflictsOf(ctx, data.EntityTask, "t1")
	if len(all) != 2 || all[0].Resolution != "notion" || all[0].ResolvedAt.IsZero() {
		t.Fatalf("history %+v: the first pair is settled by its applied value", all)
	}
	if err := d.ResolveConflict(ctx, pending[0].ID, "kaigi", clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := d.OpenConflict(ctx, pending[0].ID); ok || err != nil {
		t.Fatalf("a resolved conflict is open: %v %v", ok, err)
	}
	if all, _ := d.ConflictsOf(ctx, data.EntityTask, "t1"); all[1].Resolution != "kaigi" {
		t.Fatalf("resolution %q", all[1].Resolution)
	}
}

func TestRuns(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	for i, trigger := range []string{"cli", "web"} {
		r := Run{Trigger: trigger, StartedAt: t0.Add(time.Duration(i) * time.Hour), FinishedAt: t0.Add(time.Duration(i)*time.Hour + 3*time.Second),
			Pulled: i, Requests: 7}
		if i == 1 {
			r.Errors = []string{"Tasks: broken"}
		}
		if err := d.SaveRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := d.Runs(ctx, 5)
	if err != nil || len(runs) != 2 || runs[0].Trigger != "web" || runs[0].Errors[0] != "Tasks: broken" || runs[1].Errors == nil {
		t.Fatalf("runs %+v, %v", runs, err)
	}
	if !runs[0].FinishedAt.Equal(t0.Add(time.Hour+3*time.Second)) || runs[0].Requests != 7 || runs[0].Pulled != 1 {
		t.Fatalf("newest run %+v", runs[0])
	}
}

func TestWebhookState(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	if err := d.KeepWebhookToken(ctx, "secret_v"); err != nil {
		t.Fatal(err)
	}
	if tok, _ := d.TakeUnshownWebhookToken(ctx); tok != "secret_v" {
		t.Fatalf("first take %q", tok)
	}
	if tok, _ := d.TakeUnshownWebhookToken(ctx); tok != "" {
		t.Fatalf("the token is shown twice")
	}
	if tok, _ := d.WebhookToken(ctx); tok != "secret_v" {
		t.Fatalf("token %q", tok)
	}
	fresh, err := d.RecordWebhookEvent(ctx, "e1", []string{"p1"}, t0, 7*24*time.Hour)
	if !fresh || err != nil {
		t.Fatalf("first event: %v %v", fresh, err)
	}
	if fresh, _ := d.RecordWebhookEvent(ctx, "e1", []string{"p2"}, t0, 7*24*time.Hour); fresh {
		t.Fatalf("the same event is fresh twice")
	}
	if _, err := d.RecordWebhookEvent(ctx, "e2", nil, t0, 7*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if pages, _ := d.PendingPages(ctx); !reflect.DeepEqual(pages, []string{"p1"}) {
		t.Fatalf("pending %v: a seen event and one without a page queue nothing", pages)
	}
	// A week later the first event is forgotten: its delivery again counts as new.
	if _, err := d.RecordWebhookEvent(ctx, "e3", nil, t0.Add(8*24*time.Hour), 7*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if fresh, _ := d.RecordWebhookEvent(ctx, "e1", nil, t0.Add(8*24*time.Hour), 7*24*time.Hour); !fresh {
		t.Fatalf("an event older than a week is still remembered")
	}
	if err := d.DropPendingPage(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	if pages, _ := d.PendingPages(ctx); len(pages) != 0 {
		t.Fatalf("pending %v", pages)
	}
	if err := d.ResetWebhook(ctx); err != nil {
		t.Fatal(err)
	}
	if tok, _ := d.WebhookToken(ctx); tok != "" {
		t.Fatalf("token after reset %q", tok)
	}
}
