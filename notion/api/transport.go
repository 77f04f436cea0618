package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// TransportOptions configure the one HTTP transport every Notion call goes through.
type TransportOptions struct {
	Base        http.RoundTripper // the real network; http.DefaultTransport-like when nil
	BaseURL     string            // e.g. a `kaigi notion fake` address; empty means api.notion.com
	PerSecond   float64           // average request rate; 3 when zero
	Burst       int               // requests allowed at once; 1 when zero
	MaxAttempts int               // tries per request, the first included; 6 when zero
	Clock       Clock             // RealClock when nil
	Seed        uint64            // seeds the backoff jitter
}

// Transport is kaigi's http.RoundTripper for Notion: one shared rate
// limiter, Retry-After honoured on 429/529, transient failures retried with
// backoff and jitter (bodies re-sent), and a request whose outcome cannot be
// known reported as such instead of being sent twice.
type Transport struct {
	base        http.RoundTripper
	baseURL     *url.URL
	limit       *limiter
	clock       Clock
	maxAttempts int

	mu  sync.Mutex
	rng *rand.Rand

	requests  atomic.Int64
	throttled atomic.Int64
	retries   atomic.Int64
}

// NewTransport builds a transport; a malformed BaseURL is a configuration error.
func NewTransport(opts TransportOptions) (*Transport, error) {
	t := &Transport{base: opts.Base, clock: opts.Clock, maxAttempts: opts.MaxAttempts,
		rng: rand.New(rand.NewPCG(opts.Seed, 0x6b616967))}
	if t.base == nil {
		t.base = &http.Transport{Proxy: http.ProxyFromEnvironment, ResponseHeaderTimeout: 60 * time.Second,
			IdleConnTimeout: 90 * time.Second, MaxIdleConnsPerHost: 4}
	}
	if t.clock == nil {
		t.clock = RealClock{}
	}
	if t.maxAttempts <= 0 {
		t.maxAttempts = 6
	}
	if opts.BaseURL != "" {
		u, err := url.Parse(opts.BaseURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, &ConfigError{Field: "base_url", Message: fmt.Sprintf("Notion base URL %q must look like http://127.0.0.1:8787", opts.BaseURL)}
		}
		t.baseURL = u
	}
	perSecond := opts.PerSecond
	if perSecond == 0 {
		perSecond = 3
	}
	t.limit = newLimiter(t.clock, perSecond, opts.Burst)
	return t, nil
}

// Stats counts requests sent (retries included), 429/529 answers and retries.
type Stats struct {
	Requests  int64
	Throttled int64
	Retries   int64
}

func (t *Transport) Stats() Stats {
	return Stats{Requests: t.requests.Load(), Throttled: t.throttled.Load(), Retries: t.retries.Load()}
}

// ErrOutcomeUnknown says a write may or may not have been applied: the
// connection failed after the request was sent. Callers reconcile by reading.
var ErrOutcomeUnknown = errors.New("the Notion request's outcome is unknown")

// ErrUnreachable says no connection to Notion could be made (refused, no
// route, no such host): nothing was sent, and the next request would fare
// no better, so a sync stops instead of trying every database.
var ErrUnreachable = errors.New("Notion cannot be reached")

// dialAttempts bounds the tries of a request that could not connect: a
// moment's blip is ridden out in a second or two; a network that is down
// is reported at once rather than after the full backoff.
const dialAttempts = 3

// RoundTrip sends req, waiting for the rate limiter before every attempt.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	ctx := req.Context()
	repeatable := idempotent(req.Method, req.URL.Path)
	for attempt := 1; ; attempt++ {
		if err := t.limit.wait(ctx); err != nil {
			return nil, err
		}
		t.requests.Add(1)
		resp, err := t.base.RoundTrip(t.prepare(req, body))
		last := attempt >= t.maxAttempts
		switch {
		case err != nil && notConnected(err):
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if last || attempt >= dialAttempts {
				return nil, fmt.Errorf("%s %s: %w: %w", req.Method, req.URL.Path, ErrUnreachable, err)
			}
		case err != nil:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if !repeatable {
				return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, ErrOutcomeUnknown)
			}
			if last {
				return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
			}
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == 529:
			t.throttled.Add(1)
			if last {
				return resp, nil
			}
			wait := retryAfter(resp.Header.Get("Retry-After"))
			drain(resp)
			t.limit.pause(wait)
			t.retries.Add(1)
			continue
		case resp.StatusCode >= 500 && !repeatable:
			// A 5xx may come from a proxy that forwarded the write, or
			// from Notion after applying it: like a lost answer, the
			// caller looks before it writes again (ARCHITECTURE rule 14).
			drain(resp)
			return nil, fmt.Errorf("%s %s: Notion answered %d: %w", req.Method, req.URL.Path, resp.StatusCode, ErrOutcomeUnknown)
		case transient(resp.StatusCode, repeatable):
			if last {
				return resp, nil
			}
			drain(resp)
		default:
			return resp, nil
		}
		t.retries.Add(1)
		if err := t.clock.Sleep(ctx, t.backoff(attempt)); err != nil {
			return nil, err
		}
	}
}

// notConnected reports an error from before the request was sent: the
// dial failed, so even a write is safe to send again.
func notConnected(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial")
}

// prepare copies req with a fresh body reader and, for a fake, its address.
func (t *Transport) prepare(req *http.Request, body []byte) *http.Request {
	r := req.Clone(req.Context())
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	if t.baseURL != nil {
		u := *r.URL
		u.Scheme, u.Host = t.baseURL.Scheme, t.baseURL.Host
		u.Path = strings.TrimSuffix(t.baseURL.Path, "/") + r.URL.Path
		u.RawPath = ""
		r.URL, r.Host = &u, t.baseURL.Host
	}
	return r
}

// backoff is exponential from 500ms, capped at 30s, with full jitter.
func (t *Transport) backoff(attempt int) time.Duration {
	ceiling := min(30*time.Second, 500*time.Millisecond<<min(attempt-1, 6))
	t.mu.Lock()
	defer t.mu.Unlock()
	return ceiling/2 + time.Duration(t.rng.Int64N(int64(ceiling/2)+1))
}

func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	return b, nil
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
}

// retryAfter reads the header's seconds; Notion always sends one on 429.
func retryAfter(v string) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	return time.Second
}

// transient reports a status worth trying again: 409 says the request was
// not applied; a 5xx only when the request is repeatable (RoundTrip treats
// a 5xx to a write as an unknown outcome).
func transient(status int, repeatable bool) bool {
	switch status {
	case http.StatusConflict:
		return true
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return repeatable
	}
	return false
}

// idempotent reports whether sending the request twice does no harm:
// reads, queries, and property or block updates (they set absolute values).
// Creating pages or databases and appending blocks are not.
func idempotent(method, path string) bool {
	switch method {
	case http.MethodGet, http.MethodDelete, http.MethodHead:
		return true
	case http.MethodPost:
		return strings.HasSuffix(path, "/query") || strings.HasSuffix(path, "/search")
	case http.MethodPatch:
		return !strings.HasSuffix(path, "/children") && !strings.HasPrefix(path, "/v1/databases")
	}
	return false
}
