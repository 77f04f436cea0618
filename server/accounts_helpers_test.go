package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// member adds a user who is not an admin (newEnv's first user is).
func (e *env) member(name, email string) data.Person {
	e.t.Helper()
	hash, err := server.HashPasswordAt(testPassword, bcrypt.MinCost)
	if err != nil {
		e.t.Fatal(err)
	}
	p := data.Person{Name: name, Email: email}
	if err := e.store.CreateUser(context.Background(), &p, hash); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// loginAs logs in with testPassword as email.
func (e *env) loginAs(email string) *browser {
	e.t.Helper()
	b := e.anonymous()
	_, body := b.get("/login")
	resp, _ := b.postForm("/login", url.Values{"email": {email}, "password": {testPassword}, "csrf": {hiddenCSRF(e.t, body)}})
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login as %s: status %d", email, resp.StatusCode)
	}
	_, body = b.get("/")
	b.csrf = hiddenCSRF(e.t, body)
	return b
}

// token makes an API token for email and returns its secret.
func (e *env) token(email string) string {
	e.t.Helper()
	secret, hash := server.NewSecret()
	if _, err := e.store.CreateAPIToken(context.Background(), email, "test", hash); err != nil {
		e.t.Fatal(err)
	}
	return secret
}

var secretInput = regexp.MustCompile(`class="secret" readonly value="([^"]+)"`)

// shownSecrets are the links and tokens a page shows once.
func shownSecrets(t *testing.T, page string) []string {
	t.Helper()
	var out []string
	for _, m := range secretInput.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	if len(out) == 0 {
		t.Fatalf("the page shows no link or token:\n%s", page)
	}
	return out
}

// pathOf is a shown URL's path.
func pathOf(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return p.Path
}

// regexpFind is the first group of pattern in s.
func regexpFind(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in:\n%s", pattern, s)
	}
	return m[1]
}
