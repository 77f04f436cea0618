package data_test

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

func TestCreateUserAdoptsPersonWithSameEmail(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	p := data.Person{Name: "Aiko", Email: "aiko@example.com"}
	must(t, s.CreatePerson(ctx, &p))
	u := data.Person{Name: "Aiko Sato", Email: "AIKO@example.com"}
	must(t, s.CreateUser(ctx, &u, "hash"))
	if u.ID != p.ID {
		t.Fatalf("user got person %s, want the existing %s", u.ID, p.ID)
	}
	err := s.CreateUser(ctx, &data.Person{Name: "Again", Email: "aiko@example.com"}, "hash")
	if data.ErrorCode(err) != data.ECONFLICT || data.ErrorField(err) != "email" {
		t.Fatalf("second user with same email: %v, want conflict on email", err)
	}
	got, err := s.UserByEmail(ctx, " Aiko@Example.com ")
	must(t, err)
	if got.PasswordHash != "hash" || got.Person.ID != p.ID {
		t.Fatalf("UserByEmail = %+v", got)
	}
}

func TestCreateUserRequiresEmailAndLeavesNothingBehind(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	err := s.CreateUser(ctx, &data.Person{Name: "No Mail"}, "hash")
	if data.ErrorField(err) != "email" {
		t.Fatalf("got %v, want an error about email", err)
	}
	people, err := s.People(ctx)
	must(t, err)
	if len(people) != 0 {
		t.Fatalf("a failed user creation left %d people", len(people))
	}
	if ok, _ := s.HasUsers(ctx); ok {
		t.Fatal("HasUsers after a failed creation")
	}
}

func TestSessionExpiresAndEndsAtLogout(t *testing.T) {
	s, c := openStore(t)
	ctx := context.Background()
	p := data.Person{Name: "Ken", Email: "ken@example.com"}
	must(t, s.CreateUser(ctx, &p, "hash"))
	must(t, s.CreateSession(ctx, data.Session{TokenHash: "h1", PersonID: p.ID, CSRFToken: "c1", ExpiresAt: c.Now().Add(time.Hour)}))
	must(t, s.CreateSession(ctx, data.Session{TokenHash: "h2", PersonID: p.ID, CSRFToken: "c2", ExpiresAt: c.Now().Add(time.Hour)}))

	sess, who, err := s.SessionByHash(ctx, "h1")
	must(t, err)
	if who.ID != p.ID || sess.CSRFToken != "c1" {
		t.Fatalf("session = %+v for %+v", sess, who)
	}
	must(t, s.DeleteSession(ctx, "h1"))
	if _, _, err := s.SessionByHash(ctx, "h1"); data.ErrorCode(err) != data.EUNAUTHORIZED {
		t.Fatalf("after logout: %v, want unauthorized", err)
	}
	c.Advance(2 * time.Hour)
	if _, _, err := s.SessionByHash(ctx, "h2"); data.ErrorCode(err) != data.EUNAUTHORIZED {
		t.Fatalf("after expiry: %v, want unauthorized", err)
	}
	n, err := s.DeleteExpiredSessions(ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("deleted %d expired sessions, want 1", n)
	}
}

func TestAPITokenBelongsToUser(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	if _, err := s.CreateAPIToken(ctx, "nobody@example.com", "ci", "th"); data.ErrorField(err) != "email" {
		t.Fatalf("token for unknown user: %v", err)
	}
	p := data.Person{Name: "Ken", Email: "ken@example.com"}
	must(t, s.CreateUser(ctx, &p, "hash"))
	_, err := s.CreateAPIToken(ctx, "ken@example.com", "ci", "th")
	must(t, err)
	who, err := s.PersonByAPIToken(ctx, "th")
	must(t, err)
	if who.ID != p.ID {
		t.Fatalf("token owner %s, want %s", who.ID, p.ID)
	}
	if _, err := s.PersonByAPIToken(ctx, "other"); data.ErrorCode(err) != data.EUNAUTHORIZED {
		t.Fatalf("unknown token: %v", err)
	}
}
