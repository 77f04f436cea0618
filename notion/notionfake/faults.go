package notionfake

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind says what an injected fault does to a request.
type FaultKind int

const (
	// FaultStatus answers Status (429, 409, 500, 502, 503, 504) without applying the request.
	FaultStatus FaultKind = iota
	// FaultSlow waits Delay (or until the client gives up) before handling the request.
	FaultSlow
	// FaultLostResponse applies the request, then closes the connection without answering:
	// the client sees a reset while the write happened.
	FaultLostResponse
	// FaultAppliedStatus applies the request, then answers Status instead of its result:
	// a proxy in front of Notion that forwarded the request and answered 502 or 500.
	FaultAppliedStatus
)

// Fault is a scheduled failure for requests matching Method (empty: any) and PathPrefix.
// It hits the next Count matching requests (Count 0: every one), each with Probability
// (0 means always) drawn from the fake's seeded generator.
type Fault struct {
	Method      string
	PathPrefix  string
	Count       int
	Probability float64
	Kind        FaultKind
	Status      int
	RetryAfter  int // seconds, for 429
	Delay       time.Duration
}

type activeFault struct {
	Fault
	used int
}

// faultPlan holds scheduled faults; guarded by Fake.mu.
type faultPlan struct {
	faults []*activeFault
	rng    *rand.Rand
}

// take returns the fault that applies to this request, if any, consuming one use.
func (p *faultPlan) take(method, path string) *Fault {
	for _, f := range p.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, method) || !strings.HasPrefix(path, f.PathPrefix) {
			continue
		}
		if f.Count > 0 && f.used >= f.Count {
			continue
		}
		if f.Probability > 0 && p.rng.Float64() >= f.Probability {
			continue
		}
		f.used++
		hit := f.Fault
		return &hit
	}
	return nil
}

func writeFault(w http.ResponseWriter, requestID string, f *Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(max(f.RetryAfter, 1)))
	}
	writeError(w, requestID, errorForStatus(status))
}

// sleepCtx waits d or until ctx ends (the client gave up).
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// dropConnection closes the client's connection without a response.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection quietly on this sentinel
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// faultsUsed counts how many requests scheduled faults have hit so far.
func (f *Fake) faultsUsed() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, af := range f.faults.faults {
		n += af.used
	}
	return n
}
