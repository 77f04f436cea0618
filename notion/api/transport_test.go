package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// rig is a client on a fake Notion, both on one manual clock.
type rig struct {
	fake   *notionfake.Fake
	clock  *testclock.Clock
	client *Client
	parent string
}

func newRig(t *testing.T, limit *notionfake.RateLimit, opts TransportOptions) *rig {
	t.Helper()
	clock := testclock.New(notionfake.DefaultStart())
	fake := notionfake.New(notionfake.Options{Seed: 5, Clock: clock, RateLimit: limit})
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	parent := fake.CreateSharedPage("", "Team", bot)
	opts.BaseURL, opts.Clock = srv.URL, clock
	tr, err := NewTransport(opts)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{fake: fake, clock: clock, client: NewClient(NewToken(token), tr), parent: parent}
}

func (r *rig) createDatabase(ctx context.Context) (string, error) {
	return r.client.CreateDatabase(ctx, r.parent, []any{map[string]any{"type": "text", "text": map[string]any{"content": "Tasks"}}},
		map[string]any{"Name": map[string]any{"title": map[string]any{}}})
}

func TestRetryAfterIsHonoured(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil, TransportOptions{})
	r.fake.InjectFault(notionfake.Fault{Method: "GET", PathPrefix: "/v1/users/me", Count: 1, Kind: notionfake.FaultStatus, Status: 429, RetryAfter: 7})
	start := r.clock.Now()
	if _, err := r.client.Me(ctx); err != nil {
		t.Fatalf("a 429 then a success: %v", err)
	}
	if waited := r.clock.Now().Sub(start); waited < 7*time.Second {
		t.Fatalf("waited %v after Retry-After: 7", waited)
	}
	if got, want := r.client.Stats(), (Stats{Requests: 2, Throttled: 1, Retries: 1}); got != want {
		t.Fatalf("stats %+v, want %+v", got, want)
	}
}

// A create refused with 409 (Notion's conflict_error) was not applied: it
// is sent again, body and all.
func TestRefusedWriteIsSentAgainWithItsBody(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil, TransportOptions{})
	r.fake.InjectFault(notionfake.Fault{Method: "POST", PathPrefix: "/v1/databases", Count: 1, Kind: notionfake.FaultStatus, Status: 409})
	id, err := r.createDatabase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db, err := r.client.Database(ctx, id)
	if err != nil || db.Title != "Tasks" || db.Properties["Name"].Type != "title" {
		t.Fatalf("database after a retried create: %+v, %v", db, err)
	}
	if n := r.fake.CountRequests("POST", "/v1/databases"); n != 2 {
		t.Fatalf("%d create requests, want 2 (one refused, one applied)", n)
	}
}

// A create whose answer is lost may have been applied: it is not sent twice.
func TestLostAnswerToCreateIsOutcomeUnknown(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil, TransportOptions{})
	r.fake.InjectFault(notionfake.Fault{Method: "POST", PathPrefix: "/v1/databases", Count: 1, Kind: notionfake.FaultLostResponse})
	_, err := r.createDatabase(ctx)
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("lost answer to a create: %v, want ErrOutcomeUnknown", err)
	}
	if n := r.fake.CountRequests("POST", "/v1/databases"); n != 1 {
		t.Fatalf("the create was sent %d times", n)
	}
}

// A create answered 5xx (here by a proxy after Notion applied it) may have
// been applied: it is not sent twice.
func TestCreateAnswered5xxIsOutcomeUnknown(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		ctx := context.Background()
		r := newRig(t, nil, TransportOptions{})
		r.fake.InjectFault(notionfake.Fault{Method: "POST", PathPrefix: "/v1/databases", Count: 1, Kind: notionfake.FaultAppliedStatus, Status: status})
		_, err := r.createDatabase(ctx)
		if !errors.Is(err, ErrOutcomeUnknown) {
			t.Fatalf("create answered %d: %v, want ErrOutcomeUnknown", status, err)
		}
		if n := r.fake.CountRequests("POST", "/v1/databases"); n != 1 {
			t.Fatalf("create answered %d was sent %d times", status, n)
		}
	}
}

// A read whose answer is lost is simply read again.
func TestLostAnswerToReadIsRetried(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil, TransportOptions{})
	r.fake.InjectFault(notionfake.Fault{Method: "GET", PathPrefix: "/v1/users/me", Count: 1, Kind: notionfake.FaultLostResponse})
	if _, err := r.client.Me(ctx); err != nil {
		t.Fatalf("read after a lost answer: %v", err)
	}
	if s := r.client.Stats(); s.Requests != 2 || s.Retries != 1 {
		t.Fatalf("stats %+v, want 2 requests and 1 retry", s)
	}
}

// At Notion's own rate, kaigi's limiter keeps every request under it:
// no 429, and the requests spread at 3 per second.
func TestLimiterKeepsUnderNotionsRate(t *testing.T) {
	ctx := context.Background()
	limit := notionfake.NotionRateLimit()
	r := newRig(t, &limit, TransportOptions{PerSecond: 3, Burst: 1})
	start := r.clock.Now()
	const n = 31
	for range n {
		if _, err := r.client.Me(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if s := r.client.Stats(); s.Throttled != 0 || s.Requests != n {
		t.Fatalf("stats %+v, want %d requests and none answered 429", s, n)
	}
	if took := r.clock.Now().Sub(start); took < 10*time.Second || took > 11*time.Second {
		t.Fatalf("%d requests took %v, want about 10s at 3 per second", n, took)
	}
}

func TestGivingUpReturnsTheLastAnswer(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil, TransportOptions{MaxAttempts: 3})
	r.fake.InjectFault(notionfake.Fault{Method: "GET", PathPrefix: "/v1/users/me", Kind: notionfake.FaultStatus, Status: 502})
	_, err := r.client.Me(ctx)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusBadGateway {
		t.Fatalf("after the last attempt: %v, want Notion's 502", err)
	}
	if n := r.fake.CountRequests("GET", "/v1/users/me"); n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
}

func TestIdempotent(t *testing.T) {
	for _, tt := range []struct {
		method, path string
		want         bool
	}{
		{"GET", "/v1/pages/p", true},
		{"DELETE", "/v1/blocks/b", true},
		{"POST", "/v1/databases/d/query", true},
		{"POST", "/v1/search", true},
		{"PATCH", "/v1/pages/p", true},
		{"PATCH", "/v1/blocks/b", true},
		{"POST", "/v1/pages", false},
		{"POST", "/v1/databases", false},
		{"PATCH", "/v1/blocks/b/children", false},
		{"PATCH", "/v1/databases/d", false},
	} {
		if got := idempotent(tt.method, tt.path); got != tt.want {
			t.Errorf("%s %s: idempotent %v, want %v", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestMalformedBaseURLIsAConfigError(t *testing.T) {
	_, err := NewTransport(TransportOptions{BaseURL: "localhost:7878"})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "base_url" {
		t.Fatalf("base URL without a scheme: %v", err)
	}
}

// A Notion that refuses the connection got nothing: a create is not
// "outcome unknown", and a few quick tries end in ErrUnreachable that names
// the address, instead of the full backoff for every request of a sync.
func TestRefusedConnectionIsUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	clock := testclock.New(notionfake.DefaultStart())
	tr, err := NewTransport(TransportOptions{BaseURL: "http://" + addr, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	client := NewClient(NewToken("ntn_000000000000000000000000000000000000000000"), tr)
	for name, call := range map[string]func() error{
		"create": func() error {
			_, err := client.CreateDatabase(context.Background(), "0123456789abcdef0123456789abcdef", nil, nil)
			return err
		},
		"read": func() error { _, err := client.Me(context.Background()); return err },
	} {
		before := client.Stats().Requests
		err := call()
		if !errors.Is(err, ErrUnreachable) || errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), addr) {
			t.Errorf("%s against a closed port: %v, want ErrUnreachable naming %s", name, err, addr)
		}
		if n := client.Stats().Requests - before; n != dialAttempts {
			t.Errorf("%s was tried %d times, want %d", name, n, dialAttempts)
		}
	}
}
