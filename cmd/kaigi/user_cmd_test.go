package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/kaigi-dev/kaigi/data"
)

func passwordOK(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

func runWithStdin(t *testing.T, env map[string]string, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, env, strings.NewReader(stdin), &out, io.Discard)
	return out.String(), err
}

// TestUserCommandsForOperators: list, passwd, deactivate and reset-link
// do what they say, and the last admin cannot be deactivated.
func TestUserCommandsForOperators(t *testing.T) {
	env := testEnv(t)
	if out, _ := runWithStdin(t, env, "", "user", "list"); !strings.Contains(out, "no users yet") {
		t.Fatalf("list on an empty database: %q", out)
	}
	for _, u := range []struct{ email, name string }{{"aiko@example.com", "Aiko"}, {"ken@example.com", "Ken"}} {
		if _, err := runWithStdin(t, env, "correct horse battery\n", "user", "add", "--email", u.email, "--name", u.name); err != nil {
			t.Fatalf("user add %s: %v", u.email, err)
		}
	}
	out, err := runWithStdin(t, env, "", "user", "list")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`aiko@example.com\s+Aiko\s+admin\s+active`).MatchString(out) ||
		!regexp.MustCompile(`ken@example.com\s+Ken\s+member\s+active`).MatchString(out) {
		t.Fatalf("user list:\n%s", out)
	}

	if _, err := runWithStdin(t, env, "short\n", "user", "passwd", "--email", "ken@example.com"); err == nil || exitCode(err) == 0 {
		t.Fatal("a too short password was accepted")
	}
	if _, err := runWithStdin(t, env, "a brand new password\n", "user", "passwd", "--email", "ken@example.com"); err != nil {
		t.Fatalf("passwd: %v", err)
	}
	st, err := data.Open(context.Background(), env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.UserByEmail(context.Background(), "ken@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !passwordOK(u.PasswordHash, "a brand new password") || passwordOK(u.PasswordHash, "correct horse battery") {
		t.Fatal("passwd did not set the new password")
	}
	st.Close()

	if _, err := runWithStdin(t, env, "", "user", "deactivate", "--email", "aiko@example.com"); err == nil ||
		!strings.Contains(oneLine(err), "only active admin") {
		t.Fatalf("deactivating the only admin: %v", err)
	}
	if _, err := runWithStdin(t, env, "", "user", "deactivate", "--email", "ken@example.com"); err != nil {
		t.Fatalf("deactivate: %v", err)
	}
	if out, _ := runWithStdin(t, env, "", "user", "list"); !regexp.MustCompile(`ken@example.com\s+Ken\s+member\s+deactivated`).MatchString(out) {
		t.Fatalf("list after deactivate:\n%s", out)
	}
	if _, err := runWithStdin(t, env, "a brand new password\n", "user", "passwd", "--email", "ken@example.com"); err == nil ||
		!strings.Contains(oneLine(err), "no active user") {
		t.Fatalf("passwd of a deactivated user: %v", err)
	}

	env["KAIGI_BASE_URL"] = "https://kaigi.example.com/"
	out, err = runWithStdin(t, env, "", "user", "reset-link", "--email", "aiko@example.com")
	if err != nil {
		t.Fatalf("reset-link: %v", err)
	}
	if !regexp.MustCompile(`(?m)^https://kaigi\.example\.com/reset/[A-Za-z0-9_-]{20,}$`).MatchString(out) {
		t.Fatalf("reset-link printed no address:\n%s", out)
	}
	for _, args := range [][]string{{"user", "frob"}, {"user", "passwd"}, {"user", "list", "x"}} {
		if _, err := runWithStdin(t, env, "", args...); exitCode(err) != 2 {
			t.Fatalf("kaigi %v: %v, want a usage error", args, err)
		}
	}
}
