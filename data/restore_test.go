package data_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
)

func TestRestoreCountsStateOutsideTheJournalAsNewer(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	clk := testclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	s, err := data.Open(ctx, live, data.Options{Now: clk.Now})
	must(t, err)
	p := data.Person{Name: "Aiko", Email: "aiko@example.com"}
	must(t, s.CreateUser(ctx, &p, "$2a$10$hash"))
	backup := filepath.Join(dir, "backup.db")
	must(t, s.Backup(ctx, backup))
	// Tokens are not journaled: the journal alone calls the backup current.
	clk.Advance(time.Hour)
	_, err = s.CreateAPIToken(ctx, "aiko@example.com", "ci", "token-hash")
	must(t, err)
	must(t, s.Close())

	err = data.Restore(ctx, backup, live, false)
	if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), "1 API token") {
		t.Fatalf("restore over a token made after the backup: %v, want a conflict naming it", err)
	}
	s, err = data.Open(ctx, live, data.Options{})
	must(t, err)
	if _, err := s.PersonByAPIToken(ctx, "token-hash"); err != nil {
		t.Fatalf("the refused restore lost the token: %v", err)
	}
	must(t, s.Close())

	must(t, data.Restore(ctx, backup, live, true))
	s, err = data.Open(ctx, live, data.Options{})
	must(t, err)
	defer s.Close()
	if _, err := s.PersonByAPIToken(ctx, "token-hash"); data.ErrorCode(err) != data.EUNAUTHORIZED {
		t.Fatalf("after a forced restore the token still works: %v", err)
	}
}

func TestRestoreRefusesWhileTheDatabaseIsOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	s, err := data.Open(ctx, live, data.Options{})
	must(t, err)
	backup := filepath.Join(dir, "backup.db")
	must(t, s.Backup(ctx, backup))
	err = data.Restore(ctx, backup, live, true)
	if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), "in use") {
		t.Fatalf("restore (even --force) while a store has the file open: %v, want a conflict", err)
	}
	weekly(t, s) // the open store still works on its own file
	must(t, s.Close())
	must(t, data.Restore(ctx, backup, live, true))
}

func TestStoreRefusesWritesOnceItsFileIsReplaced(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	s, err := data.Open(ctx, live, data.Options{})
	must(t, err)
	defer s.Close()
	weekly(t, s)
	copyPath := filepath.Join(dir, "copy.db")
	must(t, s.Backup(ctx, copyPath))
	must(t, s.CheckFile())
	// What `mv copy.db live.db` (or a restore that ignored the lock) does.
	must(t, os.Rename(copyPath, live))
	if err := s.CheckFile(); err == nil || !strings.Contains(err.Error(), "replaced") {
		t.Fatalf("CheckFile after the file was replaced: %v", err)
	}
	sr := data.Series{Name: "Lost?", Schedule: "0 10 * * MON"}
	if err := s.CreateSeries(ctx, &sr); err == nil {
		t.Fatal("a write to the replaced file was accepted; it would be lost")
	}
}
