package notionfake

import (
	"sync"
	"time"
)

// Clock tells the fake what time it is. Timestamps, timestamp filters, rate limiting and
// webhook event times all read it.
type Clock interface{ Now() time.Time }

// DefaultStart is where a fake's manual clock starts when Options.Clock is nil.
func DefaultStart() time.Time { return time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC) }

// ManualClock only moves when told to, so tests never depend on wall-clock time.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start.UTC()} }

func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// RealClock is wall-clock time, for the standalone server.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now().UTC() }

const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }
