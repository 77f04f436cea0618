package notion

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// TestCycleWhileAnotherProcessHoldsTheLease: a lease held by another
// process (here written as `kaigi sync` would) makes a cycle say who syncs
// and send nothing; once its holder stops renewing (crashed), the lease
// expires and the next cycle runs.
func TestCycleWhileAnotherProcessHoldsTheLease(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 24, nil)
	newTask(t, h, "Water the plants")
	now := h.store.Now()
	other := syncdb.Lease{Token: "another process", Owner: "kaigi sync (cli) on build-7, pid 4242", StartedAt: now, ExpiresAt: now.Add(time.Minute)}
	if _, ok, err := h.state().TakeLease(ctx, other, now); err != nil || !ok {
		t.Fatalf("take the lease: %v %v", ok, err)
	}
	before := len(h.fake.Requests())
	_, err := h.engine.Cycle(ctx, "schedule")
	var busy *BusyError
	if !errors.As(err, &busy) || !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "a sync is running (started by kaigi sync (cli) on build-7, pid 4242") {
		t.Fatalf("cycle under another's lease: %v", err)
	}
	if n := len(h.fake.Requests()) - before; n != 0 {
		t.Fatalf("a cycle that found the lease held sent %d requests", n)
	}
	h.clock.Advance(61 * time.Second) // the holder died: nobody renewed
	if sum := h.cycle(); sum.Created != 1 {
		t.Fatalf("after the lease expired: %s, want the task created", sum)
	}
	// The lease is free again after the cycle: another holder can take it.
	if _, ok, err := h.state().TakeLease(ctx, other, h.store.Now()); err != nil || !ok {
		t.Fatalf("the cycle kept the lease: %v %v", ok, err)
	}
}

// TestLeaseTakenOverAfterExpiryIsNotRenewed: a holder that stalled past
// its expiry finds the lease taken and may not renew it.
func TestLeaseTakenOverAfterExpiryIsNotRenewed(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 25, nil)
	now := h.store.Now()
	first := syncdb.Lease{Token: "first", Owner: "a", StartedAt: now, ExpiresAt: now.Add(time.Second)}
	second := syncdb.Lease{Token: "second", Owner: "b", StartedAt: now, ExpiresAt: now.Add(time.Hour)}
	if _, ok, _ := h.state().TakeLease(ctx, first, now); !ok {
		t.Fatal("the free lease was not taken")
	}
	if held, ok, _ := h.state().TakeLease(ctx, second, now); ok || held.Owner != "a" {
		t.Fatalf("a live lease was taken over (held by %q)", held.Owner)
	}
	if _, ok, _ := h.state().TakeLease(ctx, second, now.Add(2*time.Second)); !ok {
		t.Fatal("an expired lease was not taken over")
	}
	if mine, err := h.state().RenewLease(ctx, "first", now.Add(time.Hour)); err != nil || mine {
		t.Fatalf("the stalled holder renewed a lease another holds: %v %v", mine, err)
	}
}
