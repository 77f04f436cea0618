package notionfake

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestRateLimitOnInjectedClock(t *testing.T) {
	e := newEnv(t, Options{Seed: 1, RateLimit: &RateLimit{PerSecond: 3, Burst: 2}})
	e.ok("GET", "/v1/users/me", nil)
	e.ok("GET", "/v1/users/me", nil)
	r := e.do("GET", "/v1/users/me", nil)
	e.fails(r, http.StatusTooManyRequests, "rate_limited", "rate limited")
	if r.header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After: %q", r.header.Get("Retry-After"))
	}
	e.fake.Advance(time.Second) // refills 3 tokens, capped at the burst of 2
	e.ok("GET", "/v1/users/me", nil)
	e.ok("GET", "/v1/users/me", nil)
	e.fails(e.do("GET", "/v1/users/me", nil), http.StatusTooManyRequests, "rate_limited", "")
	if n := e.fake.CountRequests("GET", "/v1/users/me"); n != 6 {
		t.Fatalf("request log: %d", n)
	}
}

func TestInjectedStatusFaults(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	codes := map[int]string{429: "rate_limited", 409: "conflict_error", 500: "internal_server_error", 502: "bad_gateway", 503: "service_unavailable", 504: "gateway_timeout"}
	for status, code := range codes {
		e.fake.InjectFault(Fault{Method: "POST", PathPrefix: "/v1/pages", Count: 1, Kind: FaultStatus, Status: status, RetryAfter: 7})
		r := e.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": e.root}})
		e.fails(r, status, code, "")
		if status == 429 && r.header.Get("Retry-After") != "7" {
			t.Fatalf("Retry-After: %q", r.header.Get("Retry-After"))
		}
	}
	// Faulted writes were not applied; other paths were never affected.
	if got := len(e.fake.Blocks(e.root)); got != 0 {
		t.Fatalf("faulted creates applied: %d", got)
	}
	e.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": e.root}})
	var faulted int
	for _, r := range e.fake.Requests() {
		if r.Fault == "status" {
			faulted++
		}
	}
	if faulted != len(codes) {
		t.Fatalf("logged faults: %d", faulted)
	}
}

func TestProbabilisticFaultsAreSeeded(t *testing.T) {
	run := func() []int {
		e := newEnv(t, Options{Seed: 42})
		e.fake.InjectFault(Fault{PathPrefix: "/v1/users", Probability: 0.5, Kind: FaultStatus, Status: 503})
		var statuses []int
		for range 20 {
			statuses = append(statuses, e.do("GET", "/v1/users", nil).status)
		}
		return statuses
	}
	a, b := run(), run()
	failures := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("not deterministic: %v vs %v", a, b)
		}
		if a[i] == 503 {
			failures++
		}
	}
	if failures == 0 || failures == 20 {
		t.Fatalf("probability ignored: %v", a)
	}
}

func TestLostResponseAppliesTheWrite(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	e.fake.InjectFault(Fault{Method: "POST", PathPrefix: "/v1/pages", Count: 1, Kind: FaultLostResponse})
	req, _ := http.NewRequest("POST", e.url+"/v1/pages", jsonBody(t, map[string]any{"parent": map[string]any{"page_id": e.root}, "properties": map[string]any{"title": text("ghost")}}))
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Notion-Version", "2022-06-28")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("expected a dropped connection, got %s", resp.Status)
	}
	if tree := e.fake.Blocks(e.root); len(tree) != 1 || dig(tree[0], "child_page", "title") != "ghost" {
		t.Fatalf("write not applied: %v", tree)
	}
	if log := e.fake.Requests(); log[len(log)-1].Fault != "lost_response" || log[len(log)-1].Status != 200 {
		t.Fatalf("log: %+v", log[len(log)-1])
	}
}

func TestSlowResponseLetsClientTimeOut(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	e.fake.InjectFault(Fault{Method: "GET", PathPrefix: "/v1/users", Count: 1, Kind: FaultSlow, Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", e.url+"/v1/users", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Notion-Version", "2022-06-28")
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	// The request is held until the client gives up; cancel once the server has it.
	for e.fake.faultsUsed() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("want cancellation, got %v", err)
	}
	e.ok("GET", "/v1/users", nil) // the fault was used up
}
