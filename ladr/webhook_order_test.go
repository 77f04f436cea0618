package ladr

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// deliverAs posts one GitHub delivery with the given id.
func deliverAs(t *testing.T, h http.Handler, id, event string, body []byte) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/github", bytes.NewReader(body))
	req.Header.Set("X-GitHub-Event", event)
	req.Header.Set("X-GitHub-Delivery", id)
	req.Header.Set("X-Hub-Signature-256", sign(hookSecret, body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestWebhookReplayedAndOutOfOrderEventsFollowThePRsOwnState(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	l := data.LADR{Title: "Use SQLite", Slug: "use-sqlite"}
	must(t, st.CreateLADR(ctx, &l))
	h := NewGitHubWebhook(&PRFollower{Store: st, Log: slog.New(slog.DiscardHandler)}, hookSecret)
	const branch = "ladr/0001-use-sqlite"
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	opened := prPayloadAt("opened", false, branch, t0)
	closed := prPayloadAt("closed", false, branch, t0.Add(time.Minute))
	reopened := prPayloadAt("reopened", false, branch, t0.Add(2*time.Minute))
	merged := prPayloadAt("closed", true, branch, t0.Add(3*time.Minute))
	state := func() data.LADRState {
		got, err := st.LADR(ctx, l.ID)
		must(t, err)
		return got.State
	}
	steps := []struct {
		id   string
		body []byte
		want data.LADRState
		why  string
	}{
		{"d-open", opened, data.LADRProposed, "opened"},
		{"d-merged", merged, data.LADRAccepted, "merged arrives before closed and reopened"},
		{"d-closed", closed, data.LADRAccepted, "an older closed after merged"},
		{"d-reopened", reopened, data.LADRAccepted, "an older reopened after merged"},
		{"d-open", opened, data.LADRAccepted, "opened redelivered (same id) after merged"},
		{"d-open-again", opened, data.LADRAccepted, "opened redelivered by hand (new id) after merged"},
	}
	for _, s := range steps {
		if code := deliverAs(t, h, s.id, "pull_request", s.body); code != http.StatusNoContent {
			t.Fatalf("%s: status %d", s.why, code)
		}
		if got := state(); got != s.want {
			t.Errorf("%s: state %s, want %s", s.why, got, s.want)
		}
	}

	// Before the merge, the PR's own order wins too: closed (t+1) arriving
	// after reopened (t+2) leaves it proposed.
	l2 := data.LADR{Title: "Use Redis", Slug: "use-redis"}
	must(t, st.CreateLADR(ctx, &l2))
	const branch2 = "ladr/0002-use-redis"
	body := func(action string, at time.Duration) []byte {
		return bytes.Replace(prPayloadAt(action, false, branch2, t0.Add(at)), []byte(`"number": 42`), []byte(`"number": 43`), 2)
	}
	for i, b := range [][]byte{body("opened", 0), body("reopened", 2*time.Minute), body("closed", time.Minute)} {
		if code := deliverAs(t, h, fmt.Sprintf("e-%d", i), "pull_request", b); code != http.StatusNoContent {
			t.Fatalf("delivery %d: %d", i, code)
		}
	}
	got, err := st.LADR(ctx, l2.ID)
	must(t, err)
	if got.State != data.LADRProposed {
		t.Errorf("closed (older) after reopened: state %s, want proposed", got.State)
	}
	revision := got.Revision
	if code := deliverAs(t, h, "e-1", "pull_request", body("reopened", 2*time.Minute)); code != http.StatusNoContent {
		t.Fatal(code)
	}
	if again, _ := st.LADR(ctx, l2.ID); again.Revision != revision {
		t.Error("a redelivered event changed the record again")
	}
}
