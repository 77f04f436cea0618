package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// public routes answer without a session. Invite and reset links and
// calendar feeds carry their own secret (TestSecretRoutesRefuseBadSecrets).
var public = map[string]bool{"GET /healthz": true, "GET /static/*": true, "GET /login": true, "POST /login": true,
	"GET /invite/:token": true, "POST /invite/:token": true, "GET /reset/:token": true, "POST /reset/:token": true,
	"GET /feeds/:token/tasks.ics": true, "GET /feeds/:token/series/:file": true,
	"GET /setup/:token": true, "POST /setup/:token": true}

func TestEveryRouteNeedsSessionOrToken(t *testing.T) {
	e := newEnv(t)
	anon := e.anonymous()
	checked := 0
	for _, r := range e.app.Routes() {
		key := r.Method + " " + r.Path
		if public[key] || r.Method == "echo_route_not_found" {
			continue
		}
		path := strings.NewReplacer(":id", "0190a0a0-0000-7000-8000-000000000000", ":agenda", "0190a0a0-0000-7000-8000-000000000001", "*", "x").Replace(r.Path)
		req, _ := http.NewRequest(r.Method, e.srv.URL+path, strings.NewReader("title=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, body := anon.do(req)
		checked++
		switch {
		case strings.HasPrefix(path, "/api/v1/"): // the JSON API; /api/docs is a page
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"code":"unauthorized"`) {
				t.Errorf("%s without token: %d %s", key, resp.StatusCode, body)
			}
		case resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login"):
			t.Errorf("%s without session: %d, Location %q", key, resp.StatusCode, resp.Header.Get("Location"))
		}
		// A made-up token is no better.
		req, _ = http.NewRequest(r.Method, e.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer not-a-token")
		if resp, _ := anon.do(req); resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s with a bad token: %d", key, resp.StatusCode)
		}
	}
	if checked < 40 {
		t.Fatalf("only %d routes checked; the route table looks wrong", checked)
	}
}

func TestFormPostWithoutCSRFIsRefused(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	_, m := e.seedMeeting("Weekly")
	for _, r := range e.app.Routes() {
		if r.Method != http.MethodPost || public[r.Method+" "+r.Path] || strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		path := strings.NewReplacer(":id", string(m.ID), ":agenda", "x").Replace(r.Path)
		for _, token := range []string{"", "forged"} {
			resp, body := b.postForm(path, url.Values{"title": {"x"}, "csrf": {token}})
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with csrf %q: %d, want 403", path, token, resp.StatusCode)
			}
			if !strings.Contains(body, "reload the page") {
				t.Errorf("POST %s: the refusal does not say what to do:\n%s", path, body)
			}
		}
	}
	// The API accepts a cookie session only with the token in a header.
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/series", strings.NewReader(`{"name":"x","schedule":"0 10 * * MON"}`))
	if resp, body := b.do(req); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, `"code":"forbidden"`) {
		t.Errorf("API POST with cookie and no CSRF header: %d %s", resp.StatusCode, body)
	}
	req, _ = http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/series", strings.NewReader(`{"name":"x","schedule":"0 10 * * MON"}`))
	req.Header.Set("X-CSRF-Token", b.csrf)
	req.Header.Set("Content-Type", "application/json")
	if resp, body := b.do(req); resp.StatusCode != http.StatusCreated {
		t.Errorf("API POST with cookie and CSRF header: %d %s", resp.StatusCode, body)
	}
}

func TestLoginRefusesCrossSiteForm(t *testing.T) {
	e := newEnv(t)
	b := e.anonymous()
	resp, _ := b.postForm("/login", url.Values{"email": {testEmail}, "password": {testPassword}, "csrf": {"guess"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("login without the form's token: %d, want 403", resp.StatusCode)
	}
}

func TestCookieFlagsAndSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	b := e.anonymous()
	resp, body := b.get("/login")
	resp, _ = b.postForm("/login", url.Values{"email": {testEmail}, "password": {testPassword}, "csrf": {hiddenCSRF(t, body)}})
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "kaigi_session" && c.Value != "" {
			session = c
		}
	}
	if session == nil {
		t.Fatal("login set no session cookie")
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
		t.Errorf("session cookie flags: HttpOnly=%v SameSite=%v Path=%q", session.HttpOnly, session.SameSite, session.Path)
	}
	if session.Secure {
		t.Error("cookie marked Secure on plain HTTP without --secure-cookies; the browser would drop it")
	}
	for _, path := range []string{"/", "/login", "/api/v1/series", "/nope"} {
		resp, _ := b.get(path)
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP allows inline code: %q", path, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s: missing nosniff or frame headers: %v", path, resp.Header)
		}
	}

	secure := newEnv(t, func(d *server.Deps) { d.SecureCookies = true })
	resp, _ = secure.anonymous().get("/login")
	for _, c := range resp.Cookies() {
		if !c.Secure {
			t.Errorf("with SecureCookies, cookie %s is not Secure", c.Name)
		}
	}
}

func TestSessionEndsAtLogoutAndTokenIsNew(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	u, _ := url.Parse(e.srv.URL)
	before := b.http.Jar.Cookies(u)
	resp, body := b.submit("/logout", url.Values{})
	if loc := seeOther(t, resp, body); loc != "/login" {
		t.Fatalf("logout went to %q", loc)
	}
	// Replaying the old cookie must not work: the session row is gone.
	replay := e.anonymous()
	replay.http.Jar.SetCookies(u, before)
	if resp, _ := replay.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session cookie after logout: %d, want redirect to login", resp.StatusCode)
	}
	again := e.login()
	if again.http.Jar.Cookies(u)[0].Value == before[0].Value {
		t.Fatal("a new login reused the old session token")
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	big := strings.Repeat("x", 2<<20)
	resp, _ := b.submit("/series", url.Values{"name": {big}})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB form: %d, want 413", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/series", strings.NewReader(`{"name":"`+big+`"}`))
	req.Header.Set("X-CSRF-Token", b.csrf)
	resp, body := b.do(req)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"error"`) {
		t.Fatalf("2 MiB JSON: %d %s", resp.StatusCode, body)
	}
	if n, _ := e.store.ListSeries(context.Background()); len(n) != 0 {
		t.Fatalf("an oversized request created %d series", len(n))
	}
}

func TestSixthLoginFailureIsThrottledWhateverTheForwardedFor(t *testing.T) {
	e := newEnv(t)
	b := e.anonymous()
	_, page := b.get("/login")
	csrf := hiddenCSRF(t, page)
	try := func(i int, password string) int {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login",
			strings.NewReader(url.Values{"email": {testEmail}, "password": {password}, "csrf": {csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113."+string(rune('1'+i)))
		req.Header.Set("X-Real-IP", "198.51.100."+string(rune('1'+i)))
		resp, body := b.do(req)
		if m := csrfInput.FindStringSubmatch(body); m != nil {
			csrf = m[1] // each login page carries a fresh token
		}
		return resp.StatusCode
	}
	for i := 0; i < 5; i++ {
		if got := try(i, "wrong password!"); got != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, got)
		}
	}
	if got := try(5, "wrong password!"); got != http.StatusTooManyRequests {
		t.Fatalf("6th failure from a 'new' forwarded address: %d, want 429", got)
	}
	if got := try(6, testPassword); got != http.StatusTooManyRequests {
		t.Fatalf("right password while throttled: %d, want 429", got)
	}
	e.clock.Advance(16 * 60 * 1e9)
	if got := try(7, testPassword); got != http.StatusSeeOther {
		t.Fatalf("after the window: %d, want a successful login", got)
	}
}

func TestScriptInTitlesIsShownAsText(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	ctx := context.Background()
	const evil = `<script>alert("x")</script>`
	sr, m := e.seedMeeting(evil)
	ag := data.Agenda{SeriesID: sr.ID, Title: evil, Body: evil + " **bold**"}
	must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
	d := data.Decision{MeetingID: m.ID, AgendaID: ag.ID, Title: evil, Body: evil}
	must(t, e.store.CreateDecision(ctx, &d))
	task := data.Task{SeriesID: sr.ID, Title: evil, AssigneeID: e.user.ID, AgendaID: ag.ID}
	must(t, e.store.CreateTask(ctx, &task))
	l := data.LADR{Title: evil, Context: evil, Decision: "[click](javascript:alert(1))"}
	must(t, e.store.CreateLADR(ctx, &l))
	d.LADRID = l.ID
	must(t, e.store.UpdateDecision(ctx, &d))
	must(t, e.store.SetDiscussionNotes(ctx, m.ID, ag.ID, evil))

	for _, path := range []string{"/", "/series", "/series/" + string(sr.ID), "/meetings/" + string(m.ID), "/agendas/" + string(ag.ID),
		"/decisions", "/decisions?q=alert", "/tasks", "/ladrs", "/ladrs/" + string(l.ID), "/ladrs/" + string(l.ID) + "/edit",
		"/search?q=alert", "/ladrs/new?decision=" + string(d.ID), "/decisions/" + string(d.ID), "/tasks/" + string(task.ID)} {
		resp, body := b.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
			continue
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("GET %s: the title's script tag reached the page unescaped", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(") {
			t.Errorf("GET %s: the title is not shown as text", path)
		}
		if strings.Contains(body, "javascript:alert") && strings.Contains(body, `href="javascript`) {
			t.Errorf("GET %s: a javascript: link survived Markdown", path)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
