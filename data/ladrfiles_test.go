package data_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
)

// TestRestoreCountsLADRFilesSyncedAfterTheBackup: an import or export
// after the backup records which file each record is and the bytes kaigi
// last wrote; a restore would lose that (the next import would create
// every record again), so it is refused without --force.
func TestRestoreCountsLADRFilesSyncedAfterTheBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	clk := testclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	s, err := data.Open(ctx, live, data.Options{Now: clk.Now})
	must(t, err)
	l := data.LADR{Title: "Use SQLite", Slug: "use-sqlite"}
	must(t, s.CreateLADR(ctx, &l))
	backup := filepath.Join(dir, "backup.db")
	must(t, s.Backup(ctx, backup))
	clk.Advance(time.Hour)
	must(t, s.SaveLADRFiles(ctx, []data.LADRFile{{Folder: "git@example.com:eng.git:doc/adr", Path: "0001-use-sqlite.md",
		LADRID: l.ID, Content: []byte("# 1. Use SQLite\n"), Base: "{}"}}))
	must(t, s.SaveLADRFolder(ctx, "git@example.com:eng.git:doc/adr", `{"kind":"adr-tools"}`))
	must(t, s.Close())
	err = data.Restore(ctx, backup, live, false)
	if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), "1 LADR file(s) imported or written") ||
		!strings.Contains(data.ErrorMessage(err), "1 LADR folder convention(s)") {
		t.Fatalf("restore over LADR files synced after the backup: %v", err)
	}
}
