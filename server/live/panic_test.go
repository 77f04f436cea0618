package live

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/internal/jobs"
)

// TestPollerPanicIsRecoveredAndTheNextSubscriberRestartsIt: a panic in
// the live pages' poller is the job runner's to log; live updates resume
// with the next page that subscribes.
func TestPollerPanicIsRecoveredAndTheNextSubscriberRestartsIt(t *testing.T) {
	runner := jobs.New(nil)
	var reads atomic.Int64
	b := New(Options{
		Head: func(context.Context) (int64, error) {
			if reads.Add(1) == 1 {
				panic("head bug")
			}
			return 7, nil
		},
		Go:    func(fn func()) { runner.Go("live pages", fn) },
		Every: time.Millisecond,
	})
	defer b.Close()
	first, err := b.Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	runner.Wait() // the poller panicked and ended
	first.Close()
	if got := runner.Panics()["live pages"]; got != 1 {
		t.Fatalf("poller panics counted: %d", got)
	}
	next, err := b.Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	if head := <-next.Changed(); head != 7 {
		t.Fatalf("after the restart the head is %d", head)
	}
}
