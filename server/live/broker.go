// Package live tells the server's open pages that the store's change
// journal moved, so that a page can fetch itself again. It owns no data: an
// event is a journal position, and whoever hears it reads what changed from
// the store. One Broker serves one server; it polls the journal head only
// while someone listens, and a write the server itself makes nudges it so
// that the poll comes at once.
package live

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// ErrClosed is what Subscribe answers once the broker is shutting down.
var ErrClosed = errors.New("live: the server is shutting down")

// Options configure a Broker.
type Options struct {
	// Head reads the change journal's newest position. Required.
	Head func(ctx context.Context) (int64, error)
	// Logger gets failed reads of the head; default: discarded.
	Logger *slog.Logger
	// Every is how often the head is read while someone listens, for
	// changes the server's own requests did not nudge about (the Notion
	// sync, the CLI, another process on the same database). Default 250 ms.
	Every time.Duration
	// Go starts the poller (default: a goroutine); the server's runs it
	// as a job that survives a panic.
	Go func(fn func())
	// After is the clock's timer (time.After unless a test drives it).
	After func(time.Duration) <-chan time.Time
}

// Broker fans the journal's head out to its subscribers.
type Broker struct {
	opt  Options
	wake chan struct{} // a nudge: read the head now
	done chan struct{} // closed by Close

	mu      sync.Mutex
	subs    map[*Subscription]struct{}
	head    int64 // the newest position read
	polling bool
	closed  bool
	cancel  context.CancelFunc // the poller's reads
	poller  sync.WaitGroup
}

// New makes a broker; it starts no goroutine until someone subscribes.
func New(opt Options) *Broker {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Every <= 0 {
		opt.Every = 250 * time.Millisecond
	}
	if opt.Go == nil {
		opt.Go = func(fn func()) { go fn() }
	}
	if opt.After == nil {
		opt.After = time.After
	}
	return &Broker{opt: opt, wake: make(chan struct{}, 1), done: make(chan struct{}), subs: map[*Subscription]struct{}{}}
}

// Subscription hears every move of the journal head after it was made.
// Moves it has not taken yet are merged: it gets the newest position.
type Subscription struct {
	b *Broker
	c chan int64
}

// Changed delivers the journal's new head each time it moves.
func (s *Subscription) Changed() <-chan int64 { return s.c }

// Done is closed when the broker shuts down: the stream must end.
func (s *Subscription) Done() <-chan struct{} { return s.b.done }

// Close ends the subscription; the poller stops with the last one.
func (s *Subscription) Close() {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	delete(s.b.subs, s)
}

// Subscribe starts hearing the journal. It fails once the broker closes.
func (b *Broker) Subscribe() (*Subscription, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, ErrClosed
	}
	s := &Subscription{b: b, c: make(chan int64, 1)}
	b.subs[s] = struct{}{}
	if !b.polling {
		b.polling = true
		ctx, cancel := context.WithCancel(context.Background())
		b.cancel = cancel
		b.poller.Add(1)
		b.opt.Go(func() { b.poll(ctx) })
	}
	return s, nil
}

// Nudge asks for a read of the head now: the server made a change.
func (b *Broker) Nudge() {
	select {
	case b.wake <- struct{}{}:
	default: // one is pending already
	}
}

// Close ends every subscription's stream and waits for the poller. Later
// subscriptions fail; Close is safe to call more than once.
func (b *Broker) Close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.done)
		if b.cancel != nil {
			b.cancel()
		}
	}
	b.mu.Unlock()
	b.poller.Wait()
}

// poll reads the head every Every, or at once when nudged, and tells the
// subscribers when it moved. It stops when nobody listens any more or the
// broker closes; the next subscriber starts it again.
func (b *Broker) poll(ctx context.Context) {
	defer b.poller.Done()
	defer func() {
		if p := recover(); p != nil {
			// The next subscriber starts a new poller; the job runner logs it.
			b.mu.Lock()
			b.polling = false
			b.mu.Unlock()
			panic(p)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.wake:
		case <-b.opt.After(b.opt.Every):
		}
		head, err := b.opt.Head(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			b.opt.Logger.Warn("live: read the change journal", "err", err)
			continue
		}
		if !b.publish(head) {
			return
		}
	}
}

// publish hands head to every subscriber that has not seen it, and reports
// whether the poller should go on.
func (b *Broker) publish(head int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed || len(b.subs) == 0 {
		b.polling = false
		b.cancel()
		return false
	}
	if head <= b.head {
		return true
	}
	b.head = head
	for s := range b.subs {
		select {
		case <-s.c: // not taken yet: replaced by the newer position
		default:
		}
		s.c <- head // only publish sends, under mu: the slot is free
	}
	return true
}
