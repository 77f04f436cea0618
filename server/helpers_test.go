package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/server"
)

const (
	testEmail    = "aiko@example.com"
	testPassword = "correct horse battery"
)

// env is a running app on a real database file with one user.
type env struct {
	t     *testing.T
	store *data.Store
	clock *testclock.Clock
	srv   *httptest.Server
	app   *echo.Echo
	user  data.Person
}

func newEnv(t *testing.T, mutate ...func(*server.Deps)) *env {
	t.Helper()
	return newEnvAt(t, testdb.Path(t), mutate...)
}

// newEnvAt is newEnv on the database file at path.
func newEnvAt(t *testing.T, path string, mutate ...func(*server.Deps)) *env {
	t.Helper()
	c := testclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	st, err := data.Open(context.Background(), path, data.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hash, err := server.HashPasswordAt(testPassword, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u := data.Person{Name: "Aiko", Email: testEmail}
	if err := st.CreateUser(context.Background(), &u, hash); err != nil {
		t.Fatal(err)
	}
	deps := server.Deps{Store: st, Now: c.Now, PasswordCost: bcrypt.MinCost}
	for _, m := range mutate {
		m(&deps)
	}
	e, err := server.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(specChecked(t, e))
	t.Cleanup(srv.Close)
	return &env{t: t, store: st, clock: c, srv: srv, app: e, user: u}
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see them.
type browser struct {
	e    *env
	http *http.Client
	csrf string
}

func (e *env) anonymous() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login returns a browser with a session, and its CSRF token.
func (e *env) login() *browser {
	e.t.Helper()
	b := e.anonymous()
	resp, body := b.get("/login")
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET /login: %d", resp.StatusCode)
	}
	resp, _ = b.postForm("/login", url.Values{"email": {testEmail}, "password": {testPassword}, "csrf": {hiddenCSRF(e.t, body)}})
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login: status %d", resp.StatusCode)
	}
	_, body = b.get("/")
	b.csrf = hiddenCSRF(e.t, body)
	return b
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func hiddenCSRF(t *testing.T, page string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF field in page:\n%s", page)
	}
	return m[1]
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.e.t.Helper()
	resp, err := b.http.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	return resp, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	return b.do(req)
}

// postForm posts a form as is; submit adds the session's CSRF token.
func (b *browser) postForm(path string, form url.Values) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) submit(path string, form url.Values) (*http.Response, string) {
	b.e.t.Helper()
	form.Set("csrf", b.csrf)
	return b.postForm(path, form)
}

// seeOther asserts a redirect and returns where it points.
func seeOther(t *testing.T, resp *http.Response, body string) string {
	t.Helper()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303; body:\n%s", resp.StatusCode, body)
	}
	return resp.Header.Get("Location")
}

// seedMeeting makes a series with an open meeting and returns both.
func (e *env) seedMeeting(title string) (data.Series, data.Meeting) {
	e.t.Helper()
	ctx := context.Background()
	sr := data.Series{Name: title, Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	if err := e.store.CreateSeries(ctx, &sr); err != nil {
		e.t.Fatal(err)
	}
	m, _, err := e.store.NextMeeting(ctx, sr.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return sr, m
}
