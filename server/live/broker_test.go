package live

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// journal is a change journal's head that a test moves.
type journal struct {
	head atomic.Int64
	fail atomic.Bool
}

func (j *journal) read(context.Context) (int64, error) {
	if j.fail.Load() {
		return 0, errors.New("database is locked")
	}
	return j.head.Load(), nil
}

// newTestBroker has a clock whose timer never fires: the broker reads the
// journal only when nudged, so a test decides when a poll happens.
func newTestBroker(t *testing.T, j *journal, log *slog.Logger) *Broker {
	t.Helper()
	never := make(chan time.Time)
	b := New(Options{Head: j.read, Logger: log, After: func(time.Duration) <-chan time.Time { return never }})
	t.Cleanup(b.Close)
	return b
}

// next waits for the subscription's next position, bounded so a lost
// event fails the test instead of hanging it.
func next(t *testing.T, s *Subscription) int64 {
	t.Helper()
	select {
	case seq := <-s.Changed():
		return seq
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
		return 0
	}
}

func TestSubscribersHearEveryMoveOfTheHead(t *testing.T) {
	j := &journal{}
	b := newTestBroker(t, j, nil)
	a, err := b.Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	c, _ := b.Subscribe()
	for _, head := range []int64{3, 7} {
		j.head.Store(head)
		b.Nudge()
		if got := next(t, a); got != head {
			t.Fatalf("first subscriber got %d, want %d", got, head)
		}
		if got := next(t, c); got != head {
			t.Fatalf("second subscriber got %d, want %d", got, head)
		}
	}
}

func TestASlowSubscriberGetsTheNewestPosition(t *testing.T) {
	j := &journal{}
	b := newTestBroker(t, j, nil)
	slow, _ := b.Subscribe()
	fast, _ := b.Subscribe()
	for head := int64(1); head <= 5; head++ {
		j.head.Store(head)
		b.Nudge()
		if got := next(t, fast); got != head {
			t.Fatalf("fast subscriber got %d, want %d", got, head)
		}
	}
	if got := next(t, slow); got != 5 {
		t.Fatalf("the slow subscriber got %d, want the newest head 5", got)
	}
	select {
	case seq := <-slow.Changed():
		t.Fatalf("a second, stale event %d", seq)
	default:
	}
}

func TestAnUnmovedHeadSendsNothing(t *testing.T) {
	j := &journal{}
	j.head.Store(4)
	b := newTestBroker(t, j, nil)
	s, _ := b.Subscribe()
	b.Nudge()
	if got := next(t, s); got != 4 {
		t.Fatalf("got %d, want 4", got)
	}
	other, _ := b.Subscribe() // keeps the poller busy with a second reader
	b.Nudge()
	j.head.Store(5)
	b.Nudge()
	if got := next(t, s); got != 5 {
		t.Fatalf("got %d after an unmoved poll, want 5", got)
	}
	if got := next(t, other); got != 5 {
		t.Fatalf("a new subscriber got %d, want 5", got)
	}
}

func TestTheLastSubscriberLeavingStopsThePoller(t *testing.T) {
	j := &journal{}
	b := newTestBroker(t, j, nil)
	s, _ := b.Subscribe()
	s.Close()
	b.Nudge()
	b.poller.Wait() // returns only once the poller has stopped
	b.mu.Lock()
	polling := b.polling
	b.mu.Unlock()
	if polling {
		t.Fatal("the broker still polls with no subscriber")
	}
	// A new subscriber starts it again.
	s2, _ := b.Subscribe()
	j.head.Store(9)
	b.Nudge()
	if got := next(t, s2); got != 9 {
		t.Fatalf("after a restart got %d, want 9", got)
	}
}

func TestCloseEndsEveryStreamAndRefusesNewOnes(t *testing.T) {
	j := &journal{}
	b := newTestBroker(t, j, nil)
	s, _ := b.Subscribe()
	b.Close() // waits for the poller
	select {
	case <-s.Done():
	default:
		t.Fatal("a subscription's Done is open after Close")
	}
	if _, err := b.Subscribe(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Subscribe after Close: %v, want ErrClosed", err)
	}
	b.Close() // twice is fine
	s.Close()
}

func TestAFailedReadIsLoggedAndPollingGoesOn(t *testing.T) {
	j := &journal{}
	// The log is written before the event is sent, and read after it is
	// received: no lock needed.
	var logs bytes.Buffer
	tick := make(chan time.Time) // unbuffered: a send returns once the poller waits for it
	b := New(Options{Head: j.read, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		After: func(time.Duration) <-chan time.Time { return tick }})
	defer b.Close()
	s, _ := b.Subscribe()
	j.fail.Store(true)
	tick <- time.Time{}
	tick <- time.Time{} // taken after the failed read is done
	j.fail.Store(false)
	j.head.Store(2)
	tick <- time.Time{}
	if got := next(t, s); got != 2 {
		t.Fatalf("got %d after a failed read, want 2", got)
	}
	if !strings.Contains(logs.String(), "database is locked") {
		t.Fatalf("the failed read was not logged: %q", logs.String())
	}
}

func TestTheClockPollsWithoutANudge(t *testing.T) {
	j := &journal{}
	tick := make(chan time.Time)
	b := New(Options{Head: j.read, After: func(time.Duration) <-chan time.Time { return tick }})
	defer b.Close()
	s, _ := b.Subscribe()
	j.head.Store(11) // a change made by another process: nobody nudges
	tick <- time.Time{}
	if got := next(t, s); got != 11 {
		t.Fatalf("got %d, want 11", got)
	}
}

// TestSubscribingAndClosingWhilePublishing runs subscribers that come and
// go while the head moves and the broker closes (for -race).
func TestSubscribingAndClosingWhilePublishing(t *testing.T) {
	j := &journal{}
	b := New(Options{Head: j.read, Every: time.Millisecond})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				s, err := b.Subscribe()
				if err != nil {
					return // closed
				}
				j.head.Add(1)
				b.Nudge()
				select {
				case <-s.Changed():
				case <-s.Done():
				case <-time.After(time.Millisecond):
				}
				s.Close()
			}
		})
	}
	wg.Wait()
	b.Close()
	if _, err := b.Subscribe(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Subscribe after Close: %v", err)
	}
}
