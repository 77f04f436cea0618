package notion

import "sync/atomic"

// totals are the engine's counts since it started.
type totals struct {
	cycles, failed, requests, problems atomic.Int64
}

// Counters are the engine's totals since it started, for /metrics.
type Counters struct {
	Cycles   int64 // cycles run (a cycle that found another running is not one)
	Failed   int64 // cycles that failed as a whole
	Requests int64 // Notion requests the cycles sent
	Problems int64 // standing problems after the last cycle
}

// Counters reads the totals; safe while a cycle runs.
func (e *Engine) Counters() Counters {
	return Counters{Cycles: e.totals.cycles.Load(), Failed: e.totals.failed.Load(),
		Requests: e.totals.requests.Load(), Problems: e.totals.problems.Load()}
}
