package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/server"
)

// emptyEnv is the app on a database nobody can log in to yet, with a
// setup address.
func emptyEnv(t *testing.T, setupToken string) *env {
	t.Helper()
	c := testclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	st, err := data.Open(context.Background(), testdb.Path(t), data.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e, err := server.New(server.Deps{Store: st, Now: c.Now, PasswordCost: bcrypt.MinCost, SetupToken: setupToken})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &env{t: t, store: st, clock: c, srv: srv, app: e}
}

// TestSetupAddressWorksOnceAndOnlyWithItsSecret: a wrong secret and a
// mistyped form are refused without creating anyone; of two browsers
// sending the form at once exactly one becomes the admin; afterwards
// the address answers 404 with a message saying to log in.
func TestSetupAddressWorksOnceAndOnlyWithItsSecret(t *testing.T) {
	const secret = "s3cr3t-setup-token-abcdefghijklmnopqrstuvw"
	e := emptyEnv(t, secret)
	b := e.anonymous()
	if resp, body := b.get("/login"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "setup address") {
		t.Fatalf("login page of an empty database says nothing about setup: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := b.get("/setup/wrong"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("wrong setup secret: %d, want 404", resp.StatusCode)
	}
	resp, body := b.get("/setup/" + secret)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("setup page: %d", resp.StatusCode)
	}
	csrf := hiddenCSRF(t, body)
	form := url.Values{"csrf": {csrf}, "name": {"Aiko"}, "email": {"aiko@example.com"}, "password": {"a long password"}, "password2": {"another password"}}
	if resp, body := b.postForm("/setup/"+secret, form); resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "differ") || !strings.Contains(body, `value="aiko@example.com"`) {
		t.Fatalf("differing passwords: %d\n%s", resp.StatusCode, body)
	}
	if ok, _ := e.store.HasUsers(context.Background()); ok {
		t.Fatal("a refused setup form created a user")
	}

	form.Set("password2", "a long password")
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i := range statuses {
		wg.Go(func() {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("email", []string{"aiko@example.com", "ken@example.com"}[i])
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/setup/"+secret, strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := b.http.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	slices.Sort(statuses)
	if !slices.Equal(statuses, []int{http.StatusSeeOther, http.StatusNotFound}) {
		t.Fatalf("two setups at once: %v, want one 303 and one 404", statuses)
	}
	all, err := e.store.Accounts(context.Background())
	if err != nil || len(all) != 1 || all[0].Role != data.RoleAdmin {
		t.Fatalf("after setup: %+v, %v; want one admin", all, err)
	}
	resp, body = b.get("/setup/" + secret)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Log in instead") && !strings.Contains(body, "log in instead") {
		t.Fatalf("second visit: %d\n%s", resp.StatusCode, body)
	}
	if _, body := e.anonymous().get("/login"); strings.Contains(body, "setup address") {
		t.Fatal("the login page still says nobody can log in")
	}
}

// TestPasswordChangeOnTheSettingsPage: a wrong current password or two
// different new ones change nothing; a right change keeps this browser
// logged in, logs the others out, and the new password logs in.
func TestPasswordChangeOnTheSettingsPage(t *testing.T) {
	e := newEnv(t)
	b, other := e.login(), e.login()
	const fresh = "a fresh long password"
	if resp, body := b.submit("/settings/password", url.Values{"current_password": {"wrong one"}, "password": {fresh}, "password2": {fresh}}); resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "current password is wrong") || strings.Contains(body, fresh) {
		t.Fatalf("wrong current password: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := b.submit("/settings/password", url.Values{"current_password": {testPassword}, "password": {fresh}, "password2": {"typo"}}); resp.StatusCode == http.StatusSeeOther ||
		!strings.Contains(body, "differ") {
		t.Fatalf("differing new passwords: %d\n%s", resp.StatusCode, body)
	}
	resp, body := b.submit("/settings/password", url.Values{"current_password": {testPassword}, "password": {fresh}, "password2": {fresh}})
	if loc := seeOther(t, resp, body); !strings.HasPrefix(loc, "/settings?password=changed") {
		t.Fatalf("after the change: %s", loc)
	}
	if resp, body := b.get("/settings?password=changed"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Your password is changed") {
		t.Fatalf("this browser after the change: %d", resp.StatusCode)
	}
	if resp, _ := other.get("/settings"); resp.StatusCode == http.StatusOK {
		t.Fatal("another browser stayed logged in after the password change")
	}
	u, err := e.store.UserByEmail(context.Background(), testEmail)
	if err != nil || bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(fresh)) != nil {
		t.Fatalf("the new password is not stored: %v", err)
	}
}

func httptestServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
