package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// offSite are redirect targets a browser would follow to another site (or
// that no page of ours produces): tabs and newlines that the URL parser
// drops, backslashes it reads as slashes, scheme-relative and absolute
// URLs, and their percent-encoded forms.
var offSite = []string{
	"/\t/evil.example",
	"/\n/evil.example",
	"/\r\n/evil.example",
	"/\r/evil.example",
	"\t//evil.example",
	" //evil.example",
	"//evil.example",
	"//evil.example/path",
	"///evil.example",
	"/\\evil.example",
	"/\\/evil.example",
	"\\\\evil.example",
	"\\/evil.example",
	"/%09/evil.example",
	"/%0a/evil.example",
	"/%0D%0A/evil.example",
	"/%2F/evil.example",
	"/%2f%2fevil.example",
	"/%5Cevil.example",
	"/%5c%5cevil.example",
	"%2F%2Fevil.example",
	"https://evil.example",
	"http:evil.example",
	"HTTPS://evil.example/",
	"javascript:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"evil.example",
	"/\x00/evil.example",
	"/\x7f/evil.example",
	"/ /evil.example",
	"/tasks\r\nSet-Cookie: x=1",
	"/\xff/evil.example",
	"",
}

// local are targets our own pages send and that must keep working.
var local = []string{
	"/",
	"/tasks",
	"/tasks?assignee=0190a0a0-0000-7000-8000-000000000000&state=todo",
	"/decisions?q=%E6%8E%A1%E7%94%A8&offset=20",
	"/decisions?q=a+b",
	"/sync",
	"/meetings/0190a0a0-0000-7000-8000-000000000000",
	"/search?q=状態管理",
}

func TestLoginRedirectStaysOnSite(t *testing.T) {
	e := newEnv(t)
	login := func(next string) string {
		t.Helper()
		b := e.anonymous()
		_, page := b.get("/login")
		resp, body := b.postForm("/login", url.Values{"email": {testEmail}, "password": {testPassword},
			"csrf": {hiddenCSRF(t, page)}, "next": {next}})
		return seeOther(t, resp, body)
	}
	// Each login costs a bcrypt comparison, so login takes a sample of the
	// table; the back fields below take all of it through the same check.
	for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "/%2F/evil.example",
		"https://evil.example", "/\r\n/evil.example"} {
		if loc := login(next); loc != "/" {
			t.Errorf("login with next=%q redirected to %q, want /", next, loc)
		}
	}
	for _, next := range local[:3] {
		if loc := login(next); loc != next {
			t.Errorf("login with next=%q redirected to %q", next, loc)
		}
	}
	// The query parameter the login page is linked with is checked the same way.
	_, page := e.anonymous().get("/login?next=" + url.QueryEscape("/\t/evil.example"))
	if want := `name="next" value="/"`; !strings.Contains(page, want) {
		t.Errorf("login page for a hostile next lacks %s", want)
	}
}

func TestBackParameterStaysOnSite(t *testing.T) {
	fs := &fakeSync{resolved: map[string]string{}}
	e := newEnv(t, func(d *server.Deps) { d.Sync = fs })
	b := e.login()
	ctx := context.Background()
	sr, m := e.seedMeeting("Weekly")
	task := data.Task{SeriesID: sr.ID, Title: "Order the cake"}
	must(t, e.store.CreateTask(ctx, &task))
	d := data.Decision{MeetingID: m.ID, Title: "Use Flow"}
	must(t, e.store.CreateDecision(ctx, &d))

	check := func(back, wantFallback string, post func(back string) (*http.Response, string)) {
		t.Helper()
		resp, body := post(back)
		want := back
		if wantFallback != "" {
			want = wantFallback
		}
		if loc := seeOther(t, resp, body); loc != want && loc != want+fragmentOf(loc) {
			t.Errorf("back=%q redirected to %q, want %q", back, loc, want)
		}
	}
	taskState := func(back string) (*http.Response, string) {
		cur, err := e.store.Task(ctx, task.ID)
		must(t, err)
		return b.submit("/tasks/"+string(task.ID)+"/state", url.Values{"state": {"doing"},
			"revision": {strconv.FormatInt(cur.Revision, 10)}, "back": {back}})
	}
	decisionState := func(back string) (*http.Response, string) {
		cur, err := e.store.Decision(ctx, d.ID)
		must(t, err)
		return b.submit("/decisions/"+string(d.ID), url.Values{"state": {"active"},
			"revision": {strconv.FormatInt(cur.Revision, 10)}, "back": {back}})
	}
	syncResolve := func(back string) (*http.Response, string) {
		return b.submit("/sync/conflicts/c1", url.Values{"keep": {"local"}, "back": {back}})
	}
	for _, back := range offSite {
		check(back, "/tasks", taskState)
		check(back, "/decisions", decisionState)
		check(back, "/sync", syncResolve)
	}
	for _, back := range local {
		check(back, "", taskState)
		check(back, "", decisionState)
		check(back, "", syncResolve)
	}
}

// fragmentOf returns the #fragment a handler appended to its redirect.
func fragmentOf(loc string) string {
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		return loc[i:]
	}
	return ""
}
