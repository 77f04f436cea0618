package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/server"
)

// postWith submits a form with the session's CSRF token and the given
// request headers (Origin, Sec-Fetch-Site, Referer).
func (b *browser) postWith(path string, form url.Values, headers map[string]string) (*http.Response, string) {
	b.e.t.Helper()
	form.Set("csrf", b.csrf)
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return b.do(req)
}

func TestCrossOriginFormWithValidCSRFIsRefused(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	own := e.srv.URL
	series := func() int {
		all, err := e.store.ListSeries(context.Background())
		must(t, err)
		return len(all)
	}
	refused := []map[string]string{
		{"Origin": "http://evil.example"},
		{"Origin": "http://evil.example", "Sec-Fetch-Site": "same-origin"},
		{"Origin": "null"},
		{"Origin": strings.Replace(own, "127.0.0.1", "127.0.0.1.evil.example", 1)},
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site", "Origin": own}, // a sibling subdomain says so itself
		{"Referer": "http://evil.example/page"},        // an old browser: no Origin, no Fetch Metadata
	}
	for _, h := range refused {
		resp, body := b.postWith("/series", url.Values{"name": {"Weekly"}, "schedule": {"0 10 * * MON"}}, h)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "not from kaigi") {
			t.Errorf("POST /series with %v: %d, want 403 naming the other site", h, resp.StatusCode)
		}
	}
	if n := series(); n != 0 {
		t.Fatalf("cross-origin posts created %d series", n)
	}
	accepted := []map[string]string{
		{"Origin": own, "Sec-Fetch-Site": "same-origin"},
		{"Origin": own},
		{"Origin": strings.Replace(own, "http://", "https://", 1)}, // TLS ended by a proxy in front
		{"Sec-Fetch-Site": "same-origin"},
		{"Sec-Fetch-Site": "none"},   // typed or bookmarked by the person
		{"Referer": own + "/series"}, // an old browser
		{},                           // neither: the CSRF token decides
	}
	for i, h := range accepted {
		resp, body := b.postWith("/series", url.Values{"name": {"Weekly " + string(rune('A'+i))}, "schedule": {"0 10 * * MON"}}, h)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("POST /series with %v: %d, want 303:\n%.200s", h, resp.StatusCode, body)
		}
	}

	// JSON calls with the session cookie are browser requests too.
	req, _ := http.NewRequest(http.MethodPost, own+"/api/v1/series", strings.NewReader(`{"name":"x","schedule":"0 10 * * MON"}`))
	req.Header.Set("X-CSRF-Token", b.csrf)
	req.Header.Set("Origin", "http://evil.example")
	if resp, body := b.do(req); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, `"code":"forbidden"`) {
		t.Errorf("cookie API call from another origin: %d %s", resp.StatusCode, body)
	}
	// An API token is not a browser's ambient credential: no Origin rule.
	req, _ = http.NewRequest(http.MethodPost, own+"/api/v1/series", strings.NewReader(`{"name":"From CI","schedule":"0 10 * * MON"}`))
	req.Header.Set("Authorization", "Bearer "+e.api().token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	if resp, body := e.anonymous().do(req); resp.StatusCode != http.StatusCreated {
		t.Errorf("token API call with a foreign Origin: %d %s", resp.StatusCode, body)
	}

	// The login form gets the same check.
	anon := e.anonymous()
	_, page := anon.get("/login")
	req, _ = http.NewRequest(http.MethodPost, own+"/login", strings.NewReader(url.Values{"email": {testEmail},
		"password": {testPassword}, "csrf": {hiddenCSRF(t, page)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	if resp, _ := anon.do(req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("login posted from another origin: %d, want 403", resp.StatusCode)
	}
}

func TestOriginCheckHonoursBaseURL(t *testing.T) {
	e := newEnv(t, func(d *server.Deps) { d.BaseURL = "https://kaigi.example.com/" })
	b := e.login()
	form := func() url.Values { return url.Values{"name": {"Weekly"}, "schedule": {"0 10 * * MON"}} }
	if resp, body := b.postWith("/series", form(), map[string]string{"Origin": "https://kaigi.example.com"}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("from the base URL: %d:\n%.200s", resp.StatusCode, body)
	}
	if resp, body := b.postWith("/series", form(), map[string]string{"Origin": "https://KAIGI.example.com:443"}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("from the base URL with its default port: %d:\n%.200s", resp.StatusCode, body)
	}
	for _, origin := range []string{e.srv.URL, "http://kaigi.example.com", "https://kaigi.example.com:8443"} {
		resp, body := b.postWith("/series", form(), map[string]string{"Origin": origin})
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "https://kaigi.example.com") {
			t.Errorf("from %s with a base URL set: %d, want 403 naming the base URL", origin, resp.StatusCode)
		}
	}
	if _, err := server.New(server.Deps{Store: e.store, BaseURL: "kaigi.example.com"}); err == nil {
		t.Error("a base URL without a scheme was accepted")
	}
}
