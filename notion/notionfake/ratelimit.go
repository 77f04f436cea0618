package notionfake

import (
	"math"
	"time"
)

// RateLimit configures a token bucket per integration token: Burst requests at once, then
// PerSecond on average. The bucket refills from the fake's Clock, so with a manual clock
// time only passes when the test advances it.
type RateLimit struct {
	PerSecond float64
	Burst     int
}

// NotionRateLimit is Notion's documented average of three requests per second, with a
// small burst allowance.
func NotionRateLimit() RateLimit { return RateLimit{PerSecond: 3, Burst: 10} }

type bucket struct {
	tokens float64
	last   time.Time
}

type rateLimiter struct {
	limit   RateLimit
	buckets map[string]*bucket
}

// allow takes a token for key, or says how many whole seconds to wait (Retry-After).
func (l *rateLimiter) allow(key string, now time.Time) (bool, int) {
	if l == nil || l.limit.PerSecond <= 0 {
		return true, 0
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: float64(max(l.limit.Burst, 1)), last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(float64(max(l.limit.Burst, 1)), b.tokens+elapsed*l.limit.PerSecond)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := (1 - b.tokens) / l.limit.PerSecond
	return false, max(1, int(math.Ceil(wait)))
}
