package ladr

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

const hookSecret = "It's a Secret to Everybody"

// prPayload is shaped like GitHub's documented pull_request event, with
// the fields GitHub sends around the ones kaigi reads.
func prPayload(action string, merged bool, ref string) []byte {
	return prPayloadAt(action, merged, ref, nextUpdate())
}

// clockTick makes each payload's updated_at later than the last, as
// GitHub's are for events that happen one after the other.
var clockTick atomic.Int64

func nextUpdate() time.Time {
	return time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC).Add(time.Duration(clockTick.Add(1)) * time.Second)
}

func prPayloadAt(action string, merged bool, ref string, updated time.Time) []byte {
	mergedAt := "null"
	if merged {
		mergedAt = fmt.Sprintf("%q", updated.Format(time.RFC3339))
	}
	return []byte(fmt.Sprintf(`{
  "action": %q,
  "number": 42,
  "pull_request": {
    "url": "https://api.github.com/repos/acme/eng/pulls/42",
    "id": 1,
    "html_url": "https://github.com/acme/eng/pull/42",
    "number": 42,
    "state": %q,
    "title": "LADR 0001: Use SQLite",
    "user": {"login": "octocat", "id": 1},
    "merged": %t,
    "merged_at": %s,
    "updated_at": %q,
    "merge_commit_sha": null,
    "head": {"label": "acme:%s", "ref": %q, "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e"},
    "base": {"label": "acme:main", "ref": "main", "sha": "9049f1265b7d61be4a8904a9a27120d2064dab3b"}
  },
  "repository": {"id": 1296269, "full_name": "acme/eng"},
  "sender": {"login": "octocat", "id": 1}
}`, action, map[bool]string{true: "closed", false: "open"}[action == "closed"], merged, mergedAt, updated.Format(time.RFC3339), ref, ref))
}

func sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

var deliveryCount atomic.Int64

func deliver(t *testing.T, h http.Handler, event string, body []byte, signature string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/github", bytes.NewReader(body))
	req.Header.Set("X-GitHub-Event", event)
	req.Header.Set("X-GitHub-Delivery", fmt.Sprintf("72d3162e-cc78-11e3-81ab-%012x", deliveryCount.Add(1)))
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-Hub-Signature-256", signature)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestWebhookStatusFollowsPullRequest(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	l := data.LADR{Title: "Use SQLite", Slug: "use-sqlite"}
	must(t, st.CreateLADR(ctx, &l))
	var logs bytes.Buffer
	h := NewGitHubWebhook(&PRFollower{Store: st, Log: slog.New(slog.NewTextHandler(&logs, nil))}, hookSecret)
	const branch = "ladr/0001-use-sqlite"
	steps := []struct {
		action string
		merged bool
		want   data.LADRState
	}{
		{"opened", false, data.LADRProposed},
		{"closed", false, data.LADRDraft},
		{"reopened", false, data.LADRProposed},
		{"synchronize", false, data.LADRProposed},
		{"closed", true, data.LADRAccepted},
	}
	for _, s := range steps {
		body := prPayload(s.action, s.merged, branch)
		if rec := deliver(t, h, "pull_request", body, sign(hookSecret, body)); rec.Code != http.StatusNoContent {
			t.Fatalf("%s: status %d %s", s.action, rec.Code, rec.Body)
		}
		got, err := st.LADR(ctx, l.ID)
		must(t, err)
		if got.State != s.want {
			t.Errorf("after %s (merged %t): state %s, want %s", s.action, s.merged, got.State, s.want)
		}
		if got.PRURL != "https://github.com/acme/eng/pull/42" {
			t.Errorf("after %s: PR URL %q", s.action, got.PRURL)
		}
	}
	if strings.Contains(logs.String(), hookSecret) {
		t.Error("the secret appeared in the log")
	}
}

func TestWebhookRejectsBadSignatures(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	l := data.LADR{Title: "Use SQLite", Slug: "use-sqlite"}
	must(t, st.CreateLADR(ctx, &l))
	h := NewGitHubWebhook(&PRFollower{Store: st, Log: slog.New(slog.DiscardHandler)}, hookSecret)
	body := prPayload("opened", false, "ladr/0001-use-sqlite")
	tampered := bytes.Replace(body, []byte("opened"), []byte("closed"), 1)
	for name, sig := range map[string]string{
		"missing":      "",
		"wrong secret": sign("guess", body),
		"other body":   sign(hookSecret, tampered),
		"sha1 style":   "sha1=" + strings.TrimPrefix(sign(hookSecret, body), "sha256="),
		"not hex":      "sha256=zz",
	} {
		if rec := deliver(t, h, "pull_request", body, sig); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s signature: status %d, want 401", name, rec.Code)
		}
	}
	got, err := st.LADR(ctx, l.ID)
	must(t, err)
	if got.State != data.LADRDraft || got.PRURL != "" || got.Revision != l.Revision {
		t.Errorf("a rejected delivery changed the LADR: %+v", got)
	}
}

func TestWebhookIgnoresOtherBranchesAndLogs(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	l := data.LADR{Title: "Use SQLite", Slug: "use-sqlite"}
	must(t, st.CreateLADR(ctx, &l))
	var logs bytes.Buffer
	h := NewGitHubWebhook(&PRFollower{Store: st, Log: slog.New(slog.NewTextHandler(&logs, nil))}, hookSecret)
	for _, ref := range []string{"feature/login", "ladr/0099-ghost", "ladr/0001-other-slug"} {
		body := prPayload("opened", false, ref)
		if rec := deliver(t, h, "pull_request", body, sign(hookSecret, body)); rec.Code != http.StatusNoContent {
			t.Errorf("%s: status %d", ref, rec.Code)
		}
		if !strings.Contains(logs.String(), ref) {
			t.Errorf("no log line for ignored branch %s", ref)
		}
	}
	got, err := st.LADR(ctx, l.ID)
	must(t, err)
	if got.Revision != l.Revision {
		t.Errorf("an event for another branch changed LADR 1: %+v", got)
	}
}

func TestWebhookWithoutSecretIsUnavailable(t *testing.T) {
	h := NewGitHubWebhook(&PRFollower{Store: openStore(t), Log: slog.New(slog.DiscardHandler)}, "")
	body := prPayload("opened", false, "ladr/0001-x")
	if rec := deliver(t, h, "pull_request", body, sign("", body)); rec.Code != http.StatusServiceUnavailable ||
		!strings.Contains(rec.Body.String(), "KAIGI_GITHUB_WEBHOOK_SECRET") {
		t.Errorf("status %d %q", rec.Code, rec.Body)
	}
}
