package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// TestAdminRoutesRefuseEveryoneButAdmins walks every admin route with an
// admin's session, a member's, no credentials, and API tokens (a member's
// and an admin's): only the admin's session gets anything but "not found".
func TestAdminRoutesRefuseEveryoneButAdmins(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ken := e.member("Ken", "ken@example.com")
	hana := data.Person{Name: "Hana"} // edited by POST /admin/people/:id
	if err := e.store.CreatePerson(ctx, &hana); err != nil {
		t.Fatal(err)
	}
	admin, member, anon := e.login(), e.loginAs("ken@example.com"), e.anonymous()
	e.token("ken@example.com") // the token POST /admin/tokens/:id/revoke revokes
	tokens, _ := e.store.APITokens(ctx)
	memberToken, adminToken := e.token("ken@example.com"), e.token(testEmail)
	ids := strings.NewReplacer(":id/:action", string(ken.ID)+"/member", ":id", "")
	var routes int
	for i, r := range e.app.Routes() {
		if !strings.HasPrefix(r.Path, "/admin") || r.Method == "echo_route_not_found" {
			continue
		}
		routes++
		// A fresh link and email for each route: an earlier route may have
		// used them up (revoked the link, invited the address).
		email := fmt.Sprintf("new%d@example.com", i)
		link := data.AccountLink{TokenHash: email, Email: email, Name: "Mio", CreatedBy: e.user.ID, ExpiresAt: e.clock.Now().Add(time.Hour)}
		if err := e.store.CreateInvite(ctx, &link); err != nil {
			t.Fatal(err)
		}
		path := r.Path
		switch {
		case strings.HasPrefix(path, "/admin/links/"):
			path = strings.Replace(path, ":id", link.ID, 1)
		case strings.HasPrefix(path, "/admin/tokens/"):
			path = strings.Replace(path, ":id", tokens[0].ID, 1)
		case strings.HasPrefix(path, "/admin/people/"):
			path = strings.Replace(path, ":id", string(hana.ID), 1)
		default:
			path = ids.Replace(path)
		}
		form := url.Values{"name": {"Ken K"}, "email": {"other" + email}, "revision": {"0"}}
		if path == "/admin/tokens" {
			form.Set("email", "ken@example.com") // a token is for a user
		}
		send := func(b *browser, bearer string) *http.Response {
			req, _ := http.NewRequest(r.Method, e.srv.URL+path, strings.NewReader(url.Values{"csrf": {b.csrf}}.Encode()+"&"+form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if bearer != "" {
				req.Header.Set("Authorization", "Bearer "+bearer)
			}
			resp, _ := b.do(req)
			return resp
		}
		key := r.Method + " " + r.Path
		for who, b := range map[string]*browser{"a member": member, "a member's API token": anon, "an admin's API token": anon} {
			bearer := map[string]string{"a member's API token": memberToken, "an admin's API token": adminToken}[who]
			if resp := send(b, bearer); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s as %s: %d, want 404", key, who, resp.StatusCode)
			}
		}
		if resp := send(anon, ""); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("%s without credentials: %d %q, want a redirect to log in", key, resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp := send(admin, ""); resp.StatusCode >= 400 {
			t.Errorf("%s as the admin: %d", key, resp.StatusCode)
		}
	}
	if routes < 12 {
		t.Fatalf("only %d admin routes", routes)
	}
	_, home := member.get("/")
	if strings.Contains(home, "/admin") {
		t.Error("a member's page links to the admin pages")
	}
	_, home = admin.get("/")
	if !strings.Contains(home, `href="/admin/users"`) {
		t.Error("the admin's page has no link to the admin pages")
	}
}

func TestInviteMakesAMemberWhoIsLoggedIn(t *testing.T) {
	e := newEnv(t)
	admin := e.login()
	resp, page := admin.submit("/admin/invites", url.Values{"email": {"Mio@Example.com"}, "name": {"Mio"}, "role": {"member"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("invite: %d\n%s", resp.StatusCode, page)
	}
	link := pathOf(t, shownSecrets(t, page)[0])
	if !strings.HasPrefix(link, "/invite/") || len(strings.TrimPrefix(link, "/invite/")) < 43 {
		t.Fatalf("invite link %q", link)
	}
	_, page = admin.get("/admin/users")
	if strings.Contains(page, link) || !strings.Contains(page, "mio@example.com") {
		t.Fatal("the users page shows the link again, or not the pending invite")
	}

	mio := e.anonymous()
	resp, page = mio.get(link)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "mio@example.com") {
		t.Fatalf("open the invite: %d\n%s", resp.StatusCode, page)
	}
	csrf := hiddenCSRF(t, page)
	resp, page = mio.postForm(link, url.Values{"csrf": {csrf}, "name": {"Mio Tanaka"}, "password": {"short"}, "password2": {"short"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "at least 12") || !strings.Contains(page, `value="Mio Tanaka"`) {
		t.Fatalf("short password: %d\n%s", resp.StatusCode, page)
	}
	resp, _ = mio.postForm(link, url.Values{"csrf": {csrf}, "name": {"Mio Tanaka"}, "password": {testPassword}, "password2": {testPassword}})
	if seeOther(t, resp, "") != "/" {
		t.Fatal("not sent home after joining")
	}
	resp, page = mio.get("/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Mio Tanaka") || strings.Contains(page, "/admin") {
		t.Fatalf("the new member's home: %d", resp.StatusCode)
	}
	// The link worked once.
	if resp, _ := e.anonymous().get(link); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a used invite: %d", resp.StatusCode)
	}
	if resp, _ := mio.get("/admin/users"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the invited member on the admin page: %d", resp.StatusCode)
	}
}

func TestResetLinkReplacesThePassword(t *testing.T) {
	e := newEnv(t)
	ken := e.member("Ken", "ken@example.com")
	kenBrowser := e.loginAs("ken@example.com")
	admin := e.login()
	resp, page := admin.submit("/admin/users/"+string(ken.ID)+"/reset", url.Values{})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reset: %d", resp.StatusCode)
	}
	link := pathOf(t, shownSecrets(t, page)[0])
	if resp, _ := kenBrowser.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("Ken's session after the reset: %d, want a redirect to log in", resp.StatusCode)
	}
	// A second reset link replaces the first.
	_, page = admin.submit("/admin/users/"+string(ken.ID)+"/reset", url.Values{})
	newer := pathOf(t, shownSecrets(t, page)[0])
	if resp, _ := e.anonymous().get(link); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the replaced reset link: %d", resp.StatusCode)
	}
	b := e.anonymous()
	_, page = b.get(newer)
	resp, _ = b.postForm(newer, url.Values{"csrf": {hiddenCSRF(t, page)}, "password": {"a brand new password"}, "password2": {"a brand new password"}})
	seeOther(t, resp, "")
	_, page = e.anonymous().get("/login")
	login := e.anonymous()
	_, page = login.get("/login")
	resp, _ = login.postForm("/login", url.Values{"email": {"ken@example.com"}, "password": {testPassword}, "csrf": {hiddenCSRF(t, page)}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the old password after the reset: %d", resp.StatusCode)
	}
}

func TestAdminCannotRemoveTheLastAdmin(t *testing.T) {
	e := newEnv(t)
	admin := e.login()
	resp, page := admin.submit("/admin/users/"+string(e.user.ID)+"/member", url.Values{})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(page, "only active admin") {
		t.Fatalf("demote the only admin: %d\n%s", resp.StatusCode, page)
	}
}

func TestAdminTokensShowLastUseAndRevoke(t *testing.T) {
	e := newEnv(t)
	e.member("Ken", "ken@example.com")
	admin := e.login()
	resp, page := admin.submit("/admin/tokens", url.Values{"email": {"ken@example.com"}, "name": {"ci"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create token: %d\n%s", resp.StatusCode, page)
	}
	secret := shownSecrets(t, page)[0]
	call := func() int {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/series", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, _ := e.anonymous().do(req)
		return resp.StatusCode
	}
	if call() != http.StatusOK {
		t.Fatal("the new token does not work")
	}
	_, page = admin.get("/admin/tokens")
	if strings.Contains(page, secret) || !strings.Contains(page, "Mon 5 Jan 2026 09:00 UTC") {
		t.Fatalf("the tokens page shows the secret, or not its last use:\n%s", page)
	}
	tokens, _ := e.store.APITokens(context.Background())
	admin.submit("/admin/tokens/"+tokens[0].ID+"/revoke", url.Values{})
	if call() != http.StatusUnauthorized {
		t.Fatal("a revoked token still works")
	}
	if resp, page := admin.submit("/admin/tokens", url.Values{"email": {"nobody@example.com"}, "name": {"x"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "no user with email") {
		t.Fatalf("token for an unknown user: %d", resp.StatusCode)
	}
}

func TestAdminPeopleListAndEdit(t *testing.T) {
	e := newEnv(t)
	admin := e.login()
	resp, _ := admin.submit("/admin/people", url.Values{"name": {"佐藤 花子"}, "email": {"hanako@example.com"}})
	seeOther(t, resp, "")
	p, err := e.store.PersonByEmail(context.Background(), "hanako@example.com")
	if err != nil {
		t.Fatal(err)
	}
	_, page := admin.get("/admin/people")
	if !strings.Contains(page, "佐藤 花子") || !strings.Contains(page, "Aiko") {
		t.Fatalf("people list:\n%s", page)
	}
	stale := url.Values{"name": {"Hanako Sato"}, "email": {"hanako@example.com"}, "revision": {"1"}}
	if resp, page := admin.submit("/admin/people/"+string(p.ID), stale); resp.StatusCode != http.StatusConflict || !strings.Contains(page, "Hanako Sato") {
		t.Fatalf("stale edit: %d", resp.StatusCode)
	}
	fresh := url.Values{"name": {"Hanako Sato"}, "email": {"hanako@example.com"}, "revision": {itoa(p.Revision)}}
	seeOther(t, resp, "")
	resp, _ = admin.submit("/admin/people/"+string(p.ID), fresh)
	seeOther(t, resp, "")
	if got, _ := e.store.Person(context.Background(), p.ID); got.Name != "Hanako Sato" {
		t.Fatalf("name %q after the edit", got.Name)
	}
}
