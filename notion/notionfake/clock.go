package notionfake

import "time"

// Clock tells the fake what time it is. Timestamps, timestamp filters, rate limiting and
// webhook event times all read it.
type Clock interface{ Now() time.Time }

// DefaultStart is where a fake's manual clock starts when Options.Clock is nil.
func DefaultStart() time.Time { return time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC) }

// advancer is a clock tests move by hand, such as internal/testclock's.
type advancer interface{ Advance(time.Duration) }

// RealClock is wall-clock time, for the standalone server.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now().UTC() }

const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }
