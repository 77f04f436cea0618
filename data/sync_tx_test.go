package data_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

func TestAtomicallyRollsBackJoinedChanges(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	before, _, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("crash after the record, before the link")
	var made data.Agenda
	err = s.Atomically(ctx, func(ctx context.Context) error {
		made = data.Agenda{SeriesID: sr.ID, Title: "From Notion"}
		if err := s.CreateAgenda(ctx, &made, ""); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomically returned %v, want the callback's error", err)
	}
	if _, err := s.Agenda(ctx, made.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("agenda made inside a rolled-back Atomically exists (err %v)", err)
	}
	if after, _, _ := s.LastChange(ctx); after != before {
		t.Fatalf("journal moved from %d to %d for a rolled-back change", before, after)
	}

	err = s.Atomically(ctx, func(ctx context.Context) error {
		made = data.Agenda{SeriesID: sr.ID, Title: "From Notion"}
		if err := s.CreateAgenda(ctx, &made, ""); err != nil {
			return err
		}
		_, err := s.SharedConn(ctx).ExecContext(ctx, `UPDATE agendas SET priority = 3 WHERE id = ?`, made.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Agenda(ctx, made.ID)
	if err != nil || got.Priority != 3 {
		t.Fatalf("committed agenda = %+v, %v; want priority set in the same transaction", got, err)
	}
}

// Outside Atomically, SharedConn is the pool; inside, the statements it
// runs roll back with the store's own changes.
func TestSharedConnJoinsAtomically(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	a := data.Agenda{SeriesID: sr.ID, Title: "Kept"}
	must(t, s.CreateAgenda(ctx, &a, ""))
	boom := errors.New("rolled back")
	err := s.Atomically(ctx, func(ctx context.Context) error {
		if _, err := s.SharedConn(ctx).ExecContext(ctx, `UPDATE agendas SET priority = 4 WHERE id = ?`, a.ID); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomically returned %v", err)
	}
	if got, _ := s.Agenda(ctx, a.ID); got.Priority == 4 {
		t.Fatalf("a statement on the shared connection outlived its rolled-back transaction")
	}
	if _, err := s.SharedConn(ctx).ExecContext(ctx, `UPDATE agendas SET priority = 4 WHERE id = ?`, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Agenda(ctx, a.ID); got.Priority != 4 {
		t.Fatalf("a statement on the pool did not commit: priority %d", got.Priority)
	}
}
