// Package testclock is the one manual clock of kaigi's tests: it stands
// still until a test moves it, and sleeping on it moves it, so rate limits,
// backoff and debounces cost no real time. The store (data.Options.Now),
// the web app, the Notion sync (notion/api.Clock) and the fake Notion
// (notionfake.Options.Clock) all read it.
package testclock

import (
	"context"
	"sync"
	"time"
)

// Clock is a manual clock, safe for concurrent use. Times are kept in UTC.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock that stands at start.
func New(start time.Time) *Clock { return &Clock{now: start.UTC()} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t, backwards too.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t.UTC()
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Sleep advances the clock by d at once instead of waiting, and reports
// ctx's error as a real sleep would.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if d > 0 {
		c.Advance(d)
	}
	return ctx.Err()
}
