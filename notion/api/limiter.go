package api

import (
	"context"
	"sync"
	"time"
)

// limiter is a token bucket shared by every Notion call of one integration:
// Burst calls at once, then PerSecond on average.
type limiter struct {
	mu        sync.Mutex
	clock     Clock
	perSecond float64
	burst     float64
	tokens    float64
	last      time.Time
	pauseTill time.Time // set by a Retry-After answer: nobody calls before it
}

func newLimiter(clock Clock, perSecond float64, burst int) *limiter {
	if burst < 1 {
		burst = 1
	}
	return &limiter{clock: clock, perSecond: perSecond, burst: float64(burst), tokens: float64(burst)}
}

// wait blocks until a call may be made.
func (l *limiter) wait(ctx context.Context) error {
	for {
		d := l.reserve()
		if d <= 0 {
			return nil
		}
		if err := l.clock.Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// reserve takes a token and returns 0, or returns how long to wait.
func (l *limiter) reserve() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if now.Before(l.pauseTill) {
		return l.pauseTill.Sub(now)
	}
	if l.perSecond <= 0 {
		return 0
	}
	if l.last.IsZero() {
		l.last = now
	}
	if elapsed := now.Sub(l.last).Seconds(); elapsed > 0 {
		l.tokens = min(l.burst, l.tokens+elapsed*l.perSecond)
		l.last = now
	}
	if l.tokens >= 1 {
		l.tokens--
		return 0
	}
	// A little slack keeps kaigi from arriving the instant Notion's own
	// bucket refills, where rounding would earn a 429.
	return time.Duration((1-l.tokens)/l.perSecond*float64(time.Second)) + 10*time.Millisecond
}

// pause holds every caller back for d, as a 429's Retry-After asks, and
// empties the bucket so that calls resume at the average rate.
func (l *limiter) pause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := l.clock.Now().Add(d); until.After(l.pauseTill) {
		l.pauseTill = until
	}
	l.tokens = 0
	l.last = l.pauseTill
}
