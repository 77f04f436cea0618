package data_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// TestIdempotencyKeyUnderConcurrentSubmits sends the same submission (one
// key) from 8 goroutines at once for every kind of record a form creates:
// exactly one record is made, and every caller gets that record back.
func TestIdempotencyKeyUnderConcurrentSubmits(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	m, _, err := s.NextMeeting(ctx, sr.ID)
	must(t, err)
	person := data.Person{Name: "Aiko"}
	must(t, s.CreatePerson(ctx, &person))
	var slots atomic.Int64
	kinds := []struct {
		name   string
		create func(ctx context.Context) (string, error)
	}{
		{"series", func(ctx context.Context) (string, error) {
			r := data.Series{Name: "定例", Schedule: "0 10 * * MON"}
			err := s.CreateSeries(ctx, &r)
			return string(r.ID), err
		}},
		{"agenda", func(ctx context.Context) (string, error) {
			r := data.Agenda{SeriesID: sr.ID, Title: "二重に作らない"}
			err := s.CreateAgenda(ctx, &r, m.ID)
			return string(r.ID), err
		}},
		{"decision", func(ctx context.Context) (string, error) {
			r := data.Decision{MeetingID: m.ID, Title: "Ship it"}
			err := s.CreateDecision(ctx, &r)
			return string(r.ID), err
		}},
		{"task", func(ctx context.Context) (string, error) {
			r := data.Task{SeriesID: sr.ID, MeetingID: m.ID, Title: "Add task"}
			err := s.CreateTask(ctx, &r)
			return string(r.ID), err
		}},
		{"meeting", func(ctx context.Context) (string, error) {
			// Each call its own slot: only the key makes two calls one.
			r := data.Meeting{SeriesID: sr.ID, Title: "Extra", StartsAt: m.StartsAt.Add(time.Duration(slots.Add(1)) * time.Hour)}
			err := s.CreateMeeting(ctx, &r)
			return string(r.ID), err
		}},
		{"ladr", func(ctx context.Context) (string, error) {
			r := data.LADR{Title: "状態管理"}
			err := s.CreateLADR(ctx, &r)
			return string(r.ID), err
		}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			before, err := s.RecordIDs(ctx, entityOf(k.name), false)
			must(t, err)
			sub := data.WithIdempotencyKey(ctx, person.ID, "form-"+k.name)
			ids := make([]string, 8)
			errs := make([]error, 8)
			var wg sync.WaitGroup
			for i := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ids[i], errs[i] = k.create(sub)
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("submission %d: %v", i, err)
				}
				if ids[i] != ids[0] || ids[i] == "" {
					t.Fatalf("submissions returned different records: %v", ids)
				}
			}
			after, err := s.RecordIDs(ctx, entityOf(k.name), false)
			must(t, err)
			if len(after) != len(before)+1 {
				t.Fatalf("%d submissions with one key made %d records", len(ids), len(after)-len(before))
			}
			// Another key is another submission; no key, too.
			id, err := k.create(data.WithIdempotencyKey(ctx, person.ID, "other-"+k.name))
			must(t, err)
			if id == ids[0] {
				t.Fatal("a new key returned the old record")
			}
		})
	}
	// A key is one person's: the same key from someone else is theirs.
	other := data.Person{Name: "Ben"}
	must(t, s.CreatePerson(ctx, &other))
	a1 := data.Agenda{SeriesID: sr.ID, Title: "one"}
	must(t, s.CreateAgenda(data.WithIdempotencyKey(ctx, other.ID, "form-agenda"), &a1, ""))
	if a1.Title != "one" {
		t.Fatalf("another person's key returned %q", a1.Title)
	}
	// A key that made a task cannot make a decision.
	d := data.Decision{MeetingID: m.ID, Title: "x"}
	if err := s.CreateDecision(data.WithIdempotencyKey(ctx, person.ID, "form-task"), &d); data.ErrorCode(err) != data.EINVALID {
		t.Fatalf("key reused for another kind: %v, want invalid", err)
	}
}

func entityOf(name string) data.Entity {
	switch name {
	case "series", "agenda", "decision", "task", "meeting", "ladr":
		return data.Entity(name)
	}
	panic(fmt.Sprint("no entity ", name))
}
