package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// apiJSON sends a request with the token and decodes the reply into out.
func apiJSON(t *testing.T, method, url, token, body string, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d", method, url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

// TestServeStopsWithALiveMeetingPageOpen stops `kaigi serve` while a
// meeting page's event stream is open: the stream ends, and the graceful
// shutdown finishes (it would otherwise wait for the stream until its
// 10-second limit and fail with "context deadline exceeded").
func TestServeStopsWithALiveMeetingPageOpen(t *testing.T) {
	env := testEnv(t)
	token := apiToken(t, env)
	srv := startServe(t, env)
	var series struct{ ID string }
	apiJSON(t, http.MethodPost, srv.url+"/api/v1/series", token, `{"name":"Weekly","schedule":"0 10 * * MON"}`, &series)
	var next struct{ Meeting struct{ ID string } }
	apiJSON(t, http.MethodPost, srv.url+"/api/v1/series/"+series.ID+"/next-meeting", token, `{}`, &next)
	meeting := next.Meeting

	req, _ := http.NewRequest(http.MethodGet, srv.url+"/meetings/"+meeting.ID+"/events?after=0", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("events: %d", resp.StatusCode)
	}
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "id: ") {
	}
	ended := make(chan struct{})
	go func() {
		for lines.Scan() {
		}
		close(ended)
	}()
	srv.stop()
	if err := srv.wait(t, 30*time.Second); err != nil {
		t.Fatalf("serve with a stream open: %v", err)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the stream is still open after serve returned")
	}
}
