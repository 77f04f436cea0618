package notion

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// BusyError says another process (the server, `kaigi sync`, a second
// server on the same file) is running a cycle; it is ErrBusy for errors.Is.
type BusyError struct {
	Holder string    // who holds the lease, as a person reads it
	Since  time.Time // when its cycle started
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("a sync is running (started by %s at %s)", e.Holder, e.Since.UTC().Format("2006-01-02 15:04:05 UTC"))
}

func (e *BusyError) Is(target error) bool { return target == ErrBusy }

// errLeaseLost ends a cycle whose lease expired while it ran (the process
// stalled longer than the lease) and was taken by another: two cycles
// must never write at once.
var errLeaseLost = errors.New("the sync's lease expired during the cycle and another sync took it")

// defaultLeaseTTL is how long a holder that stopped renewing (crashed,
// killed) blocks other cycles. A live holder renews every third of it.
const defaultLeaseTTL = time.Minute

// takeLease takes the database file's sync lease for one cycle (see
// migration 0045) and keeps it renewed until release is called; the
// returned ctx ends if the lease is lost.
func (e *Engine) takeLease(ctx context.Context, trigger string) (context.Context, func(), error) {
	ttl := e.opts.LeaseTTL
	if ttl <= 0 {
		ttl = defaultLeaseTTL
	}
	now := e.store.Now()
	want := syncdb.Lease{Token: leaseToken(), Owner: e.leaseOwner(trigger), StartedAt: now, ExpiresAt: now.Add(ttl)}
	held, ok, err := e.state.TakeLease(ctx, want, now)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, &BusyError{Holder: held.Owner, Since: held.StartedAt}
	}
	cycleCtx, cancel := context.WithCancelCause(ctx)
	stopped := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(ttl / 3) // wall time: the lease is read by other processes
		defer tick.Stop()
		for {
			select {
			case <-stopped:
				return
			case <-tick.C:
				mine, err := e.state.RenewLease(context.WithoutCancel(ctx), want.Token, e.store.Now().Add(ttl))
				if err != nil {
					e.log.Warn("renew the sync lease", "err", err)
					continue // the lease still runs until its expiry; the next tick tries again
				}
				if !mine {
					cancel(errLeaseLost)
					return
				}
			}
		}
	}()
	release := func() {
		close(stopped)
		<-done
		cancel(nil)
		if err := e.state.ReleaseLease(context.WithoutCancel(ctx), want.Token); err != nil {
			e.log.Warn("free the sync lease", "err", err) // it expires by itself
		}
	}
	return cycleCtx, release, nil
}

// leaseOwner names this cycle for a person who finds the lease held.
func (e *Engine) leaseOwner(trigger string) string {
	host, err := os.Hostname()
	if err != nil {
		host = "an unknown host"
	}
	who := e.opts.Process
	if who == "" {
		who = "kaigi"
	}
	return fmt.Sprintf("%s (%s) on %s, pid %d", who, trigger, host, os.Getpid())
}

func leaseToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
