package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/server"
)

// FuzzRequestBodies sends arbitrary bodies, as forms (URL-encoded or
// multipart), as JSON or with no content type, to every POST and PATCH
// route through the real router, with a real session or API token over a
// real database. Whatever the body, the answer is never a panic or a 5xx,
// and a refusal is a 4xx that says what was wrong.
//
//	go test ./server -run XXX -fuzz FuzzRequestBodies -fuzztime 10m
func FuzzRequestBodies(f *testing.F) {
	e := newFuzzEnv(f)
	seeds := []struct {
		route, kind uint8
		body        string
	}{
		{0, 0, "name=Weekly&schedule=0+10+*+*+MON&time_zone=Asia%2FTokyo"},
		{1, 0, "name=&schedule=0+0+30+2+*"},
		{2, 1, "title=%E7%8A%B6%E6%85%8B&priority=9"},
		{3, 0, "title=x&revision=abc&due=2026-13-45"},
		{4, 2, `{"title":"x","state":"nope","due":"2026-02-30"}`},
		{5, 2, `{"name":"x","schedule":"0 10 * * MON","extra":1}`},
		{6, 2, `{"title":1e999}`},
		{7, 2, `[`},
		{8, 3, "\x00\xff%zz&&=="},
		{9, 1, "--XX\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + strings.Repeat("x", 300)},
		{10, 0, "state=done&revision=99999999999999999999"},
		{11, 0, "position=-1&direction=up&notes=%E2%80%AE"},
		{12, 2, `{"revision":-1,"series_id":"../x","attendees":[null]}`},
		{13, 0, "keep=local&back=%2F%09%2Fevil.example"},
	}
	for _, s := range seeds {
		f.Add(s.route, s.kind, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, route, kind uint8, body []byte) {
		target := e.targets[int(route)%len(e.targets)]
		rec := httptest.NewRecorder()
		e.app.ServeHTTP(rec, e.request(target, kind, body))
		checkAnswer(t, target, kind, body, rec)
	})
}

// fuzzTarget is one state-changing route with its parameters filled in.
type fuzzTarget struct {
	method, path string
	api          bool
}

// fuzzEnv is a session and an API token over seeded records.
type fuzzEnv struct {
	app     http.Handler
	session string
	csrf    string
	token   string
	targets []fuzzTarget
}

func newFuzzEnv(f *testing.F) *fuzzEnv {
	ctx := context.Background()
	st, err := data.Open(ctx, testdb.Path(f), data.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	hash, err := server.HashPasswordAt(testPassword, bcrypt.MinCost)
	mustF(f, err)
	u := data.Person{Name: "Aiko", Email: testEmail}
	mustF(f, st.CreateUser(ctx, &u, hash))
	e := &fuzzEnv{}
	var tokenHash, sessionHash string
	e.token, tokenHash = server.NewSecret()
	_, err = st.CreateAPIToken(ctx, testEmail, "fuzz", tokenHash)
	mustF(f, err)
	e.session, sessionHash = server.NewSecret()
	e.csrf, _ = server.NewSecret()
	now := time.Now()
	mustF(f, st.CreateSession(ctx, data.Session{TokenHash: sessionHash, PersonID: u.ID, CSRFToken: e.csrf,
		CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour)}))

	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	mustF(f, st.CreateSeries(ctx, &sr))
	m, _, err := st.NextMeeting(ctx, sr.ID)
	mustF(f, err)
	ag := data.Agenda{SeriesID: sr.ID, Title: "Release train"}
	mustF(f, st.CreateAgenda(ctx, &ag, m.ID))
	d := data.Decision{MeetingID: m.ID, AgendaID: ag.ID, Title: "Use Flow"}
	mustF(f, st.CreateDecision(ctx, &d))
	task := data.Task{SeriesID: sr.ID, Title: "Order the cake", AgendaID: ag.ID}
	mustF(f, st.CreateTask(ctx, &task))
	l := data.LADR{Title: "State management"}
	mustF(f, st.CreateLADR(ctx, &l))

	app, err := server.New(server.Deps{Store: st, Sync: &fakeSync{resolved: map[string]string{}}})
	mustF(f, err)
	e.app = app
	ids := map[string]string{"series": string(sr.ID), "meetings": string(m.ID), "agendas": string(ag.ID),
		"decisions": string(d.ID), "tasks": string(task.ID), "ladrs": string(l.ID), "conflicts": "c1"}
	for _, r := range app.Routes() {
		if (r.Method != http.MethodPost && r.Method != http.MethodPatch) || r.Path == "/logout" || strings.HasPrefix(r.Path, "/webhooks/") {
			continue
		}
		segs := strings.Split(r.Path, "/")
		for i, s := range segs {
			switch {
			case s == ":id":
				segs[i] = ids[segs[i-1]]
			case s == ":agenda":
				segs[i] = string(ag.ID)
			}
		}
		e.targets = append(e.targets, fuzzTarget{method: r.Method, path: strings.Join(segs, "/"), api: strings.HasPrefix(r.Path, "/api/")})
	}
	sort.Slice(e.targets, func(i, j int) bool {
		return e.targets[i].method+e.targets[i].path < e.targets[j].method+e.targets[j].path
	})
	if len(e.targets) < 20 {
		f.Fatalf("only %d routes to fuzz; the route table looks wrong", len(e.targets))
	}
	return e
}

// request builds the request for one input: kind picks the encoding. Form
// bodies start with the session's CSRF token, so the fuzzed rest reaches
// the handlers.
func (e *fuzzEnv) request(target fuzzTarget, kind uint8, body []byte) *http.Request {
	prefix, contentType := "", ""
	switch kind % 4 {
	case 0:
		prefix, contentType = url.Values{"csrf": {e.csrf}}.Encode()+"&", "application/x-www-form-urlencoded"
	case 1:
		prefix = "--XX\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + e.csrf + "\r\n"
		contentType = "multipart/form-data; boundary=XX"
	case 2:
		contentType = "application/json"
	}
	req := httptest.NewRequest(target.method, target.path, bytes.NewReader(append([]byte(prefix), body...)))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if target.api {
		req.Header.Set("Authorization", "Bearer "+e.token)
		return req
	}
	req.AddCookie(&http.Cookie{Name: "kaigi_session", Value: e.session})
	return req
}

var errorParagraph = regexp.MustCompile(`</h1>\s*<p>([^<]*)</p>`)

func checkAnswer(t *testing.T, target fuzzTarget, kind uint8, body []byte, rec *httptest.ResponseRecorder) {
	t.Helper()
	status := rec.Code
	if status >= 500 {
		t.Fatalf("%s %s (kind %d) %q: %d\n%s", target.method, target.path, kind%4, body, status, rec.Body)
	}
	if status < 400 {
		return
	}
	if target.api {
		var out struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Error.Code == "" || out.Error.Message == "" {
			t.Fatalf("%s %s %q: %d without a JSON error message: %s", target.method, target.path, body, status, rec.Body)
		}
		return
	}
	page := rec.Body.String()
	if strings.TrimSpace(page) == "" {
		t.Fatalf("%s %s %q: %d with an empty answer", target.method, target.path, body, status)
	}
	if m := errorParagraph.FindStringSubmatch(page); strings.Contains(page, "error-page") && (m == nil || strings.TrimSpace(m[1]) == "") {
		t.Fatalf("%s %s %q: %d with an error page that says nothing", target.method, target.path, body, status)
	}
}

func mustF(f *testing.F, err error) {
	f.Helper()
	if err != nil {
		f.Fatal(err)
	}
}
