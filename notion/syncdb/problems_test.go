package syncdb

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// A problem met every cycle is one row: its attempts grow, its text and
// retry time follow the latest, its waiting pages add up, and only a new
// text counts as fresh (so a run reports it once).
func TestProblemsAreKeptOnce(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	p := Problem{Key: "page:p1:state", Kind: "value", Entity: data.EntityTask, LocalID: "t1", PageID: "p1", Field: "state",
		URL: "https://www.notion.so/p1", Message: "ステータス is 保留", Fix: "map it", Waiting: []string{"p2"}, RetryAt: t0.Add(time.Minute)}
	if fresh, err := d.RecordProblem(ctx, p, t0); !fresh || err != nil {
		t.Fatalf("first record: fresh %v, %v", fresh, err)
	}
	p.Waiting, p.RetryAt = []string{"p3"}, t0.Add(3*time.Minute)
	if fresh, err := d.RecordProblem(ctx, p, t0.Add(time.Minute)); fresh || err != nil {
		t.Fatalf("met again: fresh %v, %v", fresh, err)
	}
	all, err := d.Problems(ctx, "")
	if err != nil || len(all) != 1 {
		t.Fatalf("problems %v, %v", all, err)
	}
	got := all[0]
	if got.Attempts != 2 || !got.FirstSeen.Equal(t0) || !got.LastSeen.Equal(t0.Add(time.Minute)) || !got.RetryAt.Equal(t0.Add(3*time.Minute)) ||
		len(got.Waiting) != 2 {
		t.Fatalf("problem after two meetings: %+v", got)
	}
	if held, _ := d.ProblemsOfRecord(ctx, data.EntityTask, "t1"); len(held) != 1 || held[0].Field != "state" {
		t.Fatalf("held fields of t1: %+v", held)
	}
	if due, _ := d.DueProblems(ctx, t0.Add(2*time.Minute)); len(due) != 0 {
		t.Fatalf("due before its retry time: %+v", due)
	}
	if due, _ := d.DueProblems(ctx, t0.Add(3*time.Minute)); len(due) != 1 {
		t.Fatalf("not due at its retry time: %+v", due)
	}
	p.Message = "ステータス is 保留中"
	if fresh, _ := d.RecordProblem(ctx, p, t0.Add(2*time.Minute)); !fresh {
		t.Fatalf("a changed message is not fresh")
	}
	if old, ok, err := d.ClearProblem(ctx, p.Key); !ok || err != nil || len(old.Waiting) != 2 {
		t.Fatalf("clear: %+v %v %v", old, ok, err)
	}
	if all, _ := d.Problems(ctx, ""); len(all) != 0 {
		t.Fatalf("after clearing: %+v", all)
	}
}

func TestConfirmationState(t *testing.T) {
	ctx := context.Background()
	d, _, _ := open(t)
	for i, id := range []string{"p1", "p2", "p3"} {
		base := map[string]string{"title": id}
		if id == "p3" {
			base["deleted"] = "true"
		}
		l := Link{Entity: data.EntityTask, LocalID: "t" + id, PageID: id, Base: base, RemoteEdited: t0.Add(time.Duration(i) * time.Minute)}
		if err := d.SaveLink(ctx, l, t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Confirm(ctx, []string{"p1"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	live, _ := d.Unconfirmed(ctx, data.EntityTask, t0.Add(time.Hour), false, time.Time{}, 10)
	if len(live) != 1 || live[0].PageID != "p2" {
		t.Fatalf("unconfirmed live pages %+v, want p2", live)
	}
	trashed, _ := d.Unconfirmed(ctx, data.EntityTask, t0.Add(time.Hour), true, t0, 10)
	if len(trashed) != 1 || trashed[0].PageID != "p3" {
		t.Fatalf("unconfirmed trashed pages %+v, want p3", trashed)
	}
	// Saving a link without a confirmation time keeps the stored one.
	l, _, _ := d.LinkByPage(ctx, "p1")
	l.ConfirmedAt = time.Time{}
	if err := d.SaveLink(ctx, l, t0); err != nil {
		t.Fatal(err)
	}
	if l, _, _ = d.LinkByPage(ctx, "p1"); !l.ConfirmedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("confirmation lost on save: %v", l.ConfirmedAt)
	}
	pass := Pass{From: t0, Started: t0, LastFull: t0.Add(-time.Hour)}
	if err := d.SetPass(ctx, data.EntityTask, pass); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Pass(ctx, data.EntityTask); !got.From.Equal(pass.From) || !got.LastFull.Equal(pass.LastFull) {
		t.Fatalf("pass %+v", got)
	}
}
