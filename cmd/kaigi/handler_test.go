package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
)

// The served app moves an LADR with its pull request when GitHub calls the
// webhook signed with the configured secret.
func TestServedAppTakesGitHubPullRequestEvents(t *testing.T) {
	ctx := context.Background()
	env := testEnv(t)
	env["KAIGI_GITHUB_WEBHOOK_SECRET"] = "s3cret-for-tests"
	st, err := data.Open(ctx, env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	l := data.LADR{Title: "Use Flow for state", Slug: ladr.Slug("Use Flow for state")}
	if err := st.CreateLADR(ctx, &l); err != nil {
		t.Fatal(err)
	}
	h, err := newHandler(ctx, st, serveConfig{config: config{DB: env["KAIGI_DB"], Logger: newLogger(stdio{err: &strings.Builder{}}, env)}}, env, stdio{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	branch := ladr.PRBranch(l)
	body := fmt.Sprintf(`{"action":"opened","number":7,"pull_request":{"html_url":"https://github.com/acme/eng/pull/7","merged":false,
		"head":{"ref":%q},"base":{"ref":"main"}}}`, branch)
	post := func(sig string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks/github", strings.NewReader(body))
		req.Header.Set("X-GitHub-Event", "pull_request")
		req.Header.Set("X-Hub-Signature-256", sig)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("sha256=" + strings.Repeat("0", 64)); code != http.StatusUnauthorized {
		t.Fatalf("badly signed event: %d, want 401", code)
	}
	mac := hmac.New(sha256.New, []byte(env["KAIGI_GITHUB_WEBHOOK_SECRET"]))
	mac.Write([]byte(body))
	if code := post("sha256=" + hex.EncodeToString(mac.Sum(nil))); code >= 300 {
		t.Fatalf("signed event: %d", code)
	}
	got, err := st.LADR(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != data.LADRProposed || got.PRURL != "https://github.com/acme/eng/pull/7" {
		t.Fatalf("after the PR opened: state %s, PR %q", got.State, got.PRURL)
	}
}
