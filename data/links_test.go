package data_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

func TestInviteWorksOnceUntilItExpires(t *testing.T) {
	s, c := openStore(t)
	ctx := context.Background()
	admin := addUser(t, s, "Aiko", "aiko@example.com")
	inv := data.AccountLink{TokenHash: "h1", Email: "Ken@Example.com", Name: "Ken", Role: data.RoleMember,
		CreatedBy: admin.ID, ExpiresAt: c.Now().Add(time.Hour)}
	must(t, s.CreateInvite(ctx, &inv))
	if _, err := s.LinkByToken(ctx, data.LinkReset, "h1"); data.ErrorField(err) != "token" {
		t.Fatalf("an invite used as a reset: %v", err)
	}
	l, err := s.LinkByToken(ctx, data.LinkInvite, "h1")
	must(t, err)
	if l.Email != "ken@example.com" {
		t.Fatalf("invite email %q", l.Email)
	}

	// Two browsers send the same link at once: one user, one refusal.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = s.AcceptInvite(ctx, "h1", "", "pw-hash") }()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two acceptances of one invite: %v, %v", errs[0], errs[1])
	}
	u, err := s.UserByEmail(ctx, "ken@example.com")
	must(t, err)
	if u.Person.Name != "Ken" || u.PasswordHash != "pw-hash" {
		t.Fatalf("invited user %+v", u)
	}

	late := data.AccountLink{TokenHash: "h2", Email: "mio@example.com", Name: "Mio", CreatedBy: admin.ID, ExpiresAt: c.Now().Add(time.Hour)}
	must(t, s.CreateInvite(ctx, &late))
	c.Advance(time.Hour)
	if _, err := s.AcceptInvite(ctx, "h2", "Mio", "pw"); data.ErrorField(err) != "token" {
		t.Fatalf("expired invite: %v", err)
	}
	if _, err := s.UserByEmail(ctx, "mio@example.com"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatal("an expired invite made a user")
	}
	if err := s.CreateInvite(ctx, &data.AccountLink{TokenHash: "h3", Email: "ken@example.com", Name: "Ken",
		CreatedBy: admin.ID, ExpiresAt: c.Now().Add(time.Hour)}); data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("invite of an existing user: %v", err)
	}
}

func TestRotatedOrReplacedLinksStopAtOnce(t *testing.T) {
	s, c := openStore(t)
	ctx := context.Background()
	admin := addUser(t, s, "Aiko", "aiko@example.com")
	inv := data.AccountLink{TokenHash: "old", Email: "ken@example.com", Name: "Ken", CreatedBy: admin.ID, ExpiresAt: c.Now().Add(time.Hour)}
	must(t, s.CreateInvite(ctx, &inv))
	must(t, s.RotateLink(ctx, inv.ID, "new", c.Now().Add(2*time.Hour)))
	if _, err := s.LinkByToken(ctx, data.LinkInvite, "old"); data.ErrorField(err) != "token" {
		t.Fatalf("rotated-away link: %v", err)
	}
	again := data.AccountLink{TokenHash: "newer", Email: "ken@example.com", Name: "Ken", CreatedBy: admin.ID, ExpiresAt: c.Now().Add(time.Hour)}
	must(t, s.CreateInvite(ctx, &again))
	if _, err := s.LinkByToken(ctx, data.LinkInvite, "new"); data.ErrorField(err) != "token" {
		t.Fatalf("a replaced invite still works: %v", err)
	}
	pending, err := s.PendingLinks(ctx)
	must(t, err)
	if len(pending) != 1 || pending[0].ID != again.ID {
		t.Fatalf("pending links %+v, want only the newest invite", pending)
	}
	must(t, s.RevokeLink(ctx, again.ID))
	if _, err := s.AcceptInvite(ctx, "newer", "Ken", "pw"); data.ErrorField(err) != "token" {
		t.Fatalf("revoked invite: %v", err)
	}
}

func TestResetStopsTheOldPasswordAndSessions(t *testing.T) {
	s, c := openStore(t)
	ctx := context.Background()
	admin := addUser(t, s, "Aiko", "aiko@example.com")
	ken := addUser(t, s, "Ken", "ken@example.com")
	must(t, s.CreateSession(ctx, data.Session{TokenHash: "sess", PersonID: ken.ID, CSRFToken: "c", ExpiresAt: c.Now().Add(time.Hour)}))
	first := data.AccountLink{TokenHash: "r1", PersonID: ken.ID, CreatedBy: admin.ID, ExpiresAt: c.Now().Add(time.Hour)}
	must(t, s.CreateReset(ctx, &first))
	if _, _, err := s.SessionByHash(ctx, "sess"); err == nil {
		t.Fatal("a session survived the reset")
	}
	u, err := s.UserByEmail(ctx, "ken@example.com")
	must(t, err)
	if u.PasswordHash == "hash-Ken" {
		t.Fatal("the old password still works after a reset")
	}
	second := data.AccountLink{TokenHash: "r2", PersonID: ken.ID, CreatedBy: admin.ID, ExpiresAt: c.Now().Add(time.Hour)}
	must(t, s.CreateReset(ctx, &second))
	if _, err := s.AcceptReset(ctx, "r1", "new-hash"); data.ErrorField(err) != "token" {
		t.Fatalf("the first reset link after a second: %v", err)
	}
	p, err := s.AcceptReset(ctx, "r2", "new-hash")
	must(t, err)
	if p.ID != ken.ID {
		t.Fatalf("reset for %s, want %s", p.ID, ken.ID)
	}
	if u, _ := s.UserByEmail(ctx, "ken@example.com"); u.PasswordHash != "new-hash" {
		t.Fatalf("password hash %q after the reset", u.PasswordHash)
	}
	if _, err := s.AcceptReset(ctx, "r2", "again"); data.ErrorField(err) != "token" {
		t.Fatalf("a reset link used twice: %v", err)
	}
}

func TestFeedTokenRotates(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	p := addUser(t, s, "Aiko", "aiko@example.com")
	if _, ok, err := s.FeedTokenOf(ctx, p.ID); err != nil || ok {
		t.Fatalf("a new user has a calendar address: %v %v", ok, err)
	}
	must(t, s.RotateFeedToken(ctx, p.ID, "one"))
	a, err := s.AccountByFeedToken(ctx, "one")
	must(t, err)
	if a.Person.ID != p.ID {
		t.Fatalf("feed owner %s", a.Person.ID)
	}
	must(t, s.RotateFeedToken(ctx, p.ID, "two"))
	if _, err := s.AccountByFeedToken(ctx, "one"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("the old calendar address after rotation: %v", err)
	}
	must(t, s.DeleteFeedToken(ctx, p.ID))
	if _, err := s.AccountByFeedToken(ctx, "two"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("a deleted calendar address: %v", err)
	}
}

func TestDigestIsClaimedOncePerDayAndChannel(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	p := addUser(t, s, "Aiko", "aiko@example.com")
	day := data.Date{Year: 2026, Month: 1, Day: 5}
	claim := func(ch data.DigestChannel) bool {
		ok, err := s.ClaimDigest(ctx, p.ID, day, ch, 2)
		must(t, err)
		return ok
	}
	if !claim(data.DigestByMail) || claim(data.DigestByMail) {
		t.Fatal("the mail digest was not claimed exactly once")
	}
	if !claim(data.DigestBySlack) {
		t.Fatal("the Slack digest of the same day was not claimed")
	}
	// A clean failure may be tried again, up to the limit.
	must(t, s.FinishDigest(ctx, p.ID, day, data.DigestByMail, data.DigestFailed, "dial: refused"))
	for i := 2; i <= data.MaxDigestAttempts; i++ {
		if !claim(data.DigestByMail) {
			t.Fatalf("attempt %d after a clean failure was not claimed", i)
		}
		must(t, s.FinishDigest(ctx, p.ID, day, data.DigestByMail, data.DigestFailed, "dial: refused"))
	}
	if claim(data.DigestByMail) {
		t.Fatal("claimed past the attempt limit")
	}
	// An unknown outcome or a claim left by a crash is never tried again.
	must(t, s.FinishDigest(ctx, p.ID, day, data.DigestBySlack, data.DigestUnknown, "timeout"))
	if claim(data.DigestBySlack) {
		t.Fatal("an unknown outcome was claimed again")
	}
	next := data.Date{Year: 2026, Month: 1, Day: 6}
	if ok, err := s.ClaimDigest(ctx, p.ID, next, data.DigestByMail, 1); err != nil || !ok {
		t.Fatalf("the next day's digest: %v %v", ok, err)
	}
}

// A rotated calendar address or an invite made after a backup would come
// back with a restore: restore names them and refuses without --force.
func TestRestoreCountsAccountSecretsMadeAfterTheBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	s, err := data.Open(ctx, live, data.Options{})
	must(t, err)
	p := addUser(t, s, "Aiko", "aiko@example.com")
	must(t, s.RotateFeedToken(ctx, p.ID, "old"))
	backup := filepath.Join(dir, "backup.db")
	must(t, s.Backup(ctx, backup))
	must(t, s.RotateFeedToken(ctx, p.ID, "new"))
	must(t, s.CreateInvite(ctx, &data.AccountLink{TokenHash: "inv", Email: "ken@example.com", Name: "Ken", CreatedBy: p.ID,
		ExpiresAt: time.Now().Add(time.Hour)}))
	must(t, s.Close())
	err = data.Restore(ctx, backup, live, false)
	msg := data.ErrorMessage(err)
	if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(msg, "1 calendar address") || !strings.Contains(msg, "1 invite") {
		t.Fatalf("restore over newer account secrets: %v", err)
	}
}
