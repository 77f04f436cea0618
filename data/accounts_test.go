package data_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

func addUser(t *testing.T, s *data.Store, name, email string) data.Person {
	t.Helper()
	p := data.Person{Name: name, Email: email}
	must(t, s.CreateUser(context.Background(), &p, "hash-"+name))
	return p
}

func TestFirstUserIsAdminLaterOnesMembers(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	first := addUser(t, s, "Aiko", "aiko@example.com")
	second := addUser(t, s, "Ken", "ken@example.com")
	for id, want := range map[data.PersonID]data.Role{first.ID: data.RoleAdmin, second.ID: data.RoleMember} {
		a, err := s.Account(ctx, id)
		must(t, err)
		if a.Role != want {
			t.Errorf("%s is %s, want %s", a.Person.Name, a.Role, want)
		}
	}
}

func TestMigrationMakesTheOldestUserAdmin(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kaigi.db")
	must(t, data.MigrateBefore(path, 12))
	// Two users as kaigi made them before migration 0012: the newer one
	// first in the table.
	raw, err := sql.Open("sqlite", data.DSN(path))
	must(t, err)
	for _, q := range []string{
		`INSERT INTO people (id, name, email, created_at, updated_at, revision) VALUES ('p-new', 'Newer', 'new@example.com', '2025-06-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z', 0)`,
		`INSERT INTO people (id, name, email, created_at, updated_at, revision) VALUES ('p-old', 'Older', 'old@example.com', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 0)`,
		`INSERT INTO users (person_id, password_hash, created_at) VALUES ('p-new', 'h', '2025-06-01T00:00:00.000Z')`,
		`INSERT INTO users (person_id, password_hash, created_at) VALUES ('p-old', 'h', '2024-01-01T00:00:00.000Z')`,
	} {
		_, err := raw.ExecContext(ctx, q)
		must(t, err)
	}
	must(t, raw.Close())
	s, err := data.Open(ctx, path, data.Options{})
	must(t, err)
	defer s.Close()
	for id, want := range map[data.PersonID]data.Role{"p-old": data.RoleAdmin, "p-new": data.RoleMember} {
		a, err := s.Account(ctx, id)
		must(t, err)
		if a.Role != want {
			t.Errorf("%s is %s after the migration, want %s", a.Person.Name, a.Role, want)
		}
	}
}

func TestTheLastActiveAdminStays(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	admin := addUser(t, s, "Aiko", "aiko@example.com")
	member := addUser(t, s, "Ken", "ken@example.com")
	for name, err := range map[string]error{
		"demote":     s.SetRole(ctx, admin.ID, data.RoleMember),
		"deactivate": s.SetActive(ctx, admin.ID, false),
	} {
		if data.ErrorCode(err) != data.ECONFLICT || data.ErrorField(err) != "last_admin" {
			t.Errorf("%s the only admin: %v, want a conflict on last_admin", name, err)
		}
	}
	must(t, s.SetRole(ctx, member.ID, data.RoleAdmin))
	must(t, s.SetActive(ctx, admin.ID, false))
	if err := s.SetRole(ctx, member.ID, data.RoleMember); data.ErrorField(err) != "last_admin" {
		t.Fatalf("demote the one admin left active: %v", err)
	}
	if err := s.SetRole(ctx, member.ID, "owner"); data.ErrorField(err) != "role" {
		t.Fatalf("unknown role: %v", err)
	}
}

func TestDeactivatedUserLosesSessionsTokensAndLogin(t *testing.T) {
	s, c := openStore(t)
	ctx := context.Background()
	addUser(t, s, "Aiko", "aiko@example.com")
	ken := addUser(t, s, "Ken", "ken@example.com")
	must(t, s.CreateSession(ctx, data.Session{TokenHash: "sess", PersonID: ken.ID, CSRFToken: "c", ExpiresAt: c.Now().Add(time.Hour)}))
	_, err := s.CreateAPIToken(ctx, "ken@example.com", "ci", "tok")
	must(t, err)
	must(t, s.RotateFeedToken(ctx, ken.ID, "feed"))

	must(t, s.SetActive(ctx, ken.ID, false))
	if _, _, err := s.SessionByHash(ctx, "sess"); data.ErrorCode(err) != data.EUNAUTHORIZED {
		t.Errorf("session of a deactivated user: %v", err)
	}
	if _, err := s.PersonByAPIToken(ctx, "tok"); data.ErrorCode(err) != data.EUNAUTHORIZED {
		t.Errorf("API token of a deactivated user: %v", err)
	}
	if _, err := s.AccountByFeedToken(ctx, "feed"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("calendar of a deactivated user: %v", err)
	}
	if _, err := s.UserByEmail(ctx, "ken@example.com"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("login of a deactivated user: %v", err)
	}
	must(t, s.SetActive(ctx, ken.ID, true))
	if _, err := s.PersonByAPIToken(ctx, "tok"); err != nil {
		t.Errorf("API token after reactivation: %v", err)
	}
	if _, _, err := s.SessionByHash(ctx, "sess"); err == nil {
		t.Error("a session ended by deactivation came back")
	}
}

func TestAPITokenLastUseIsRecordedToTheMinute(t *testing.T) {
	s, c := openStore(t)
	ctx := context.Background()
	addUser(t, s, "Aiko", "aiko@example.com")
	tok, err := s.CreateAPIToken(ctx, "aiko@example.com", "ci", "tok")
	must(t, err)
	lastUse := func() time.Time {
		rows, err := s.APITokens(ctx)
		must(t, err)
		for _, r := range rows {
			if r.ID == tok.ID {
				return r.LastUsedAt
			}
		}
		t.Fatal("token not listed")
		return time.Time{}
	}
	if !lastUse().IsZero() {
		t.Fatal("an unused token has a last use")
	}
	_, err = s.PersonByAPIToken(ctx, "tok")
	must(t, err)
	first := c.Now()
	c.Advance(30 * time.Second)
	_, err = s.PersonByAPIToken(ctx, "tok")
	must(t, err)
	if got := lastUse(); !got.Equal(first) {
		t.Fatalf("last use %v, want %v (within the minute)", got, first)
	}
	c.Advance(time.Minute)
	_, err = s.PersonByAPIToken(ctx, "tok")
	must(t, err)
	if got := lastUse(); !got.Equal(c.Now()) {
		t.Fatalf("last use %v, want %v", got, c.Now())
	}
	must(t, s.RevokeAPIToken(ctx, tok.ID))
	if _, err := s.PersonByAPIToken(ctx, "tok"); data.ErrorCode(err) != data.EUNAUTHORIZED {
		t.Fatalf("revoked token: %v", err)
	}
}

func TestSettingsAreCheckedAndSaved(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	p := addUser(t, s, "Aiko", "aiko@example.com")
	for st, field := range map[data.Settings]string{
		{Lang: "fr"}:               "lang",
		{TimeZone: "Mars/Olympus"}: "time_zone",
		{TimeZone: "Local"}:        "time_zone",
		{DigestHour: 24}:           "digest_hour",
	} {
		if err := s.UpdateSettings(ctx, p.ID, st); data.ErrorField(err) != field {
			t.Errorf("%+v: %v, want an error on %s", st, err, field)
		}
	}
	want := data.Settings{Lang: "ja", TimeZone: "Asia/Tokyo", DigestMail: true, DigestHour: 7}
	must(t, s.UpdateSettings(ctx, p.ID, want))
	a, err := s.Account(ctx, p.ID)
	must(t, err)
	if a.Settings != want {
		t.Fatalf("settings %+v, want %+v", a.Settings, want)
	}
}
