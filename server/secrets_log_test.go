package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kaigi-dev/kaigi/server"
)

// syncBuffer is a log sink the server writes to from its handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSecretsNeverReachTheLog makes every kind of secret kaigi hands out
// (invite and reset links, API tokens, calendar addresses), uses each,
// misuses each (a second use, a forged origin, an internal error on a
// secret path), and checks the log, access log included, never shows one.
func TestSecretsNeverReachTheLog(t *testing.T) {
	var logs syncBuffer
	e := newEnv(t, func(d *server.Deps) {
		d.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	e.seedMeeting("週次定例")
	ken := e.member("Ken", "ken@example.com")
	admin := e.login()
	var secrets []string
	keep := func(page string) string {
		s := shownSecrets(t, page)
		secrets = append(secrets, s...)
		return s[0]
	}

	_, page := admin.submit("/admin/invites", url.Values{"email": {"mio@example.com"}, "name": {"Mio"}})
	keep(page)
	_, page = admin.get("/admin/users")
	linkID := regexpFind(t, page, `action="/admin/links/([^/]+)/rotate"`)
	_, page = admin.submit("/admin/links/"+linkID+"/rotate", url.Values{})
	invite := pathOf(t, keep(page))
	mio := e.anonymous()
	_, page = mio.get(invite)
	csrf := hiddenCSRF(t, page)
	mio.csrf = csrf
	mio.postWith(invite, url.Values{"csrf": {csrf}, "password": {testPassword}, "password2": {testPassword}},
		map[string]string{"Origin": "https://evil.example", "Referer": e.srv.URL + invite})
	mio.postForm(invite, url.Values{"csrf": {csrf}, "name": {"Mio"}, "password": {testPassword}, "password2": {testPassword}})
	e.anonymous().get(invite) // used: 404

	_, page = admin.submit("/admin/users/"+string(ken.ID)+"/reset", url.Values{})
	reset := pathOf(t, keep(page))
	kb := e.anonymous()
	_, page = kb.get(reset)
	kb.postForm(reset, url.Values{"csrf": {hiddenCSRF(t, page)}, "password": {"short"}, "password2": {"short"}})

	_, page = admin.submit("/admin/tokens", url.Values{"email": {testEmail}, "name": {"ci"}})
	token := keep(page)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/series", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	e.anonymous().do(req)

	_, page = admin.submit("/settings/calendar", url.Values{})
	feed := keep(page)
	e.anonymous().get(pathOf(t, feed))
	_, page = admin.submit("/settings/calendar", url.Values{}) // the old address stops
	keep(page)
	e.anonymous().get(pathOf(t, feed))
	// An internal error on a secret path logs the path.
	e.store.Close()
	e.anonymous().get(pathOf(t, secrets[len(secrets)-1]))

	log := logs.String()
	if !strings.Contains(log, "msg=request") || !strings.Contains(log, "path=/invite/…") || !strings.Contains(log, "path=/feeds/…/tasks.ics") ||
		!strings.Contains(log, "internal error") || !strings.Contains(log, "cross-origin request refused") {
		t.Fatalf("the log does not show the requests this test made:\n%s", log)
	}
	for _, s := range secrets {
		for _, part := range []string{s, secretOf(s)} {
			if strings.Contains(log, part) {
				t.Errorf("the log shows a secret (%s):\n%s", part, log)
			}
		}
	}
	if len(secrets) < 6 {
		t.Fatalf("only %d secrets made", len(secrets))
	}
}

// secretOf is the random part of a shown link (its last path segment
// without .ics), or the token itself.
func secretOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		parts := strings.Split(u.Path, "/")
		if strings.HasPrefix(u.Path, "/feeds/") {
			return parts[2]
		}
		return parts[len(parts)-1]
	}
	return s
}
