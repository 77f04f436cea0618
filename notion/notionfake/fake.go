// Package notionfake is an in-memory fake of the Notion REST API, version 2022-06-28, for
// tests (through net/http/httptest) and as a standalone server. See DIFFERENCES.md for
// where it deliberately departs from the real API.
package notionfake

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/kaigi-dev/kaigi/internal/testclock"
)

// Options configure a Fake. The zero value is a deterministic fake on a manual clock with
// no rate limit.
type Options struct {
	Seed  int64 // drives IDs, tokens and probabilistic faults
	Clock Clock // nil: a manual clock (internal/testclock) at DefaultStart(), moved by Fake.Advance
	// RateLimit per token; nil means unlimited (see NotionRateLimit).
	RateLimit *RateLimit
	// TickPerRequest advances a manual clock after every request, so time flows with
	// traffic in simulations (e.g. 300ms keeps a client at Notion's 3 requests/s).
	TickPerRequest time.Duration
	WorkspaceName  string
	// OnRequest, when set, sees every request after it was answered (standalone logging).
	OnRequest func(RequestRecord)
	// WebhookClient delivers webhooks; nil uses a client with a 10s timeout.
	WebhookClient *http.Client
}

// RequestRecord is one entry of the request log.
type RequestRecord struct {
	Method   string
	Path     string
	Status   int
	Fault    string // "", "status", "applied_status", "slow" or "lost_response"
	Duration time.Duration
	// Body is the request's JSON body (nil for a request without one), so
	// tests can check exactly what a client wrote.
	Body []byte
}

// Fake is the fake Notion API; it is an http.Handler.
type Fake struct {
	mu            sync.Mutex
	ws            *workspace
	clock         Clock
	limiter       *rateLimiter
	faults        faultPlan
	log           []RequestRecord
	opts          Options
	webhookClient *http.Client
	onWrite       func() // standalone persistence hook, called with mu held
}

// New returns an empty fake workspace.
func New(opts Options) *Fake {
	if opts.Clock == nil {
		opts.Clock = testclock.New(DefaultStart())
	}
	if opts.WorkspaceName == "" {
		opts.WorkspaceName = "kaigi fake workspace"
	}
	f := &Fake{
		ws:            newWorkspace(opts.Seed, opts.WorkspaceName),
		clock:         opts.Clock,
		faults:        faultPlan{rng: rand.New(rand.NewPCG(uint64(opts.Seed), 0x6661756c74))},
		opts:          opts,
		webhookClient: opts.WebhookClient,
	}
	if opts.RateLimit != nil {
		f.limiter = &rateLimiter{limit: *opts.RateLimit, buckets: map[string]*bucket{}}
	}
	if f.webhookClient == nil {
		f.webhookClient = &http.Client{Timeout: 10 * time.Second}
	}
	return f
}

// TB is the part of testing.TB that Start needs.
type TB interface {
	Helper()
	Cleanup(func())
}

// Start serves the fake on a local httptest server closed when the test ends.
func (f *Fake) Start(t TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv
}

// ServeHTTP answers one API request, applying any scheduled fault.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	f.mu.Lock()
	requestID := f.ws.IDs.newID()
	fault := f.faults.take(r.Method, r.URL.Path)
	f.mu.Unlock()

	buf := &bufferedResponse{header: http.Header{}}
	buf.header.Set("X-Notion-Request-Id", requestID)
	record := RequestRecord{Method: r.Method, Path: r.URL.Path}
	if raw, ok := peekBody(r); ok {
		record.Body = raw
	}
	wrote := false
	switch {
	case fault != nil && fault.Kind == FaultStatus:
		record.Fault = "status"
		writeFault(buf, requestID, fault)
	case fault != nil && fault.Kind == FaultAppliedStatus:
		record.Fault = "applied_status"
		wrote = f.handle(&bufferedResponse{header: http.Header{}}, r, requestID)
		writeFault(buf, requestID, fault)
	default:
		if fault != nil && fault.Kind == FaultSlow {
			record.Fault = "slow"
			sleepCtx(r.Context(), fault.Delay)
		}
		wrote = f.handle(buf, r, requestID)
	}
	record.Status = buf.status
	f.afterRequest(wrote)
	if fault != nil && fault.Kind == FaultLostResponse {
		record.Fault = "lost_response"
		f.logRequest(record, started)
		dropConnection(w)
		return
	}
	buf.copyTo(w)
	f.logRequest(record, started)
}

func (f *Fake) afterRequest(wrote bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if wrote && f.onWrite != nil {
		f.onWrite()
	}
	if c, ok := f.clock.(advancer); ok && f.opts.TickPerRequest > 0 {
		c.Advance(f.opts.TickPerRequest)
	}
}

func (f *Fake) logRequest(rec RequestRecord, started time.Time) {
	rec.Duration = time.Since(started)
	f.mu.Lock()
	f.log = append(f.log, rec)
	f.mu.Unlock()
	if f.opts.OnRequest != nil {
		f.opts.OnRequest(rec)
	}
}

// peekBody reads a request's body for the log and puts it back for the handler.
func peekBody(r *http.Request) ([]byte, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, false
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	r.Body = io.NopCloser(bytes.NewReader(raw))
	return raw, err == nil && len(raw) > 0
}

// Requests returns a copy of the request log.
func (f *Fake) Requests() []RequestRecord {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]RequestRecord(nil), f.log...)
}

// CountRequests counts logged requests by method (empty: any) and path prefix.
func (f *Fake) CountRequests(method, pathPrefix string) int {
	n := 0
	for _, r := range f.Requests() {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// InjectFault schedules a fault; faults are checked in the order they were injected.
func (f *Fake) InjectFault(fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.faults = append(f.faults.faults, &activeFault{Fault: fault})
}

// ClearFaults removes every scheduled fault.
func (f *Fake) ClearFaults() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.faults = nil
}

// Now is the fake's current time.
func (f *Fake) Now() time.Time { return f.clock.Now() }

// Advance moves a manual clock forward; it does nothing for other clocks.
func (f *Fake) Advance(d time.Duration) {
	if c, ok := f.clock.(advancer); ok {
		c.Advance(d)
	}
}

// bufferedResponse holds a response until the fake decides whether the client gets it.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
func (b *bufferedResponse) WriteHeader(status int) { b.status = status }

func (b *bufferedResponse) copyTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}
