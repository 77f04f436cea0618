package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestMetricsNeedTheTokenAndCountRequests: /metrics answers only with
// KAIGI_METRICS_TOKEN, in Prometheus text format, with requests by route
// and status and the database's size.
func TestMetricsNeedTheTokenAndCountRequests(t *testing.T) {
	env := testEnv(t)
	env["KAIGI_METRICS_TOKEN"] = "scrape-secret"
	s := startServe(t, env)
	get := func(path, token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	get("/healthz", "")
	get("/tasks/not-a-task", "")
	if code, _ := get("/metrics", ""); code != http.StatusUnauthorized {
		t.Fatalf("/metrics without the token: %d", code)
	}
	if code, _ := get("/metrics", "wrong"); code != http.StatusUnauthorized {
		t.Fatalf("/metrics with a wrong token: %d", code)
	}
	code, body := get("/metrics", "scrape-secret")
	if code != http.StatusOK {
		t.Fatalf("/metrics with the token: %d", code)
	}
	for _, want := range []string{
		`kaigi_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`kaigi_http_requests_total{method="GET",route="/tasks/:id",status="303"} 1`, // not logged in: to the login page
		`kaigi_http_requests_total{method="GET",route="/metrics",status="401"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if !regexp.MustCompile(`(?m)^kaigi_database_size_bytes [1-9]`).MatchString(body) || !strings.Contains(body, "go_goroutines") {
		t.Errorf("/metrics lacks the database size or the runtime's metrics:\n%s", body)
	}
	if strings.Contains(body, "scrape-secret") {
		t.Fatal("the token is in the metrics")
	}
}

// TestMetricsAreOffWithoutAToken: no token, no /metrics (an unknown page).
func TestMetricsAreOffWithoutAToken(t *testing.T) {
	s := startServe(t, testEnv(t))
	resp, err := http.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(body), "go_goroutines") || strings.Contains(string(body), "kaigi_") {
		t.Fatalf("/metrics without KAIGI_METRICS_TOKEN served metrics:\n%s", body)
	}
}

// TestMetricsShowTheReplicasLag: with a continuous replica, /metrics says
// how far behind it is and whether that is current, so an operator's alert
// can watch the copy that keeps the team's record off one disk.
func TestMetricsShowTheReplicasLag(t *testing.T) {
	env := testEnv(t)
	env["KAIGI_METRICS_TOKEN"] = "scrape-secret"
	env["KAIGI_REPLICA"] = "file://" + t.TempDir()
	s := startServe(t, env)
	req, _ := http.NewRequest(http.MethodGet, s.url+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer scrape-secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^kaigi_replication_lag_seconds [0-9.e+-]+$`),
		regexp.MustCompile(`(?m)^kaigi_replication_current [01]$`),
	} {
		if !want.Match(body) {
			t.Errorf("/metrics lacks %s:\n%s", want, body)
		}
	}
}
