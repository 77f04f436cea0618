package data_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
)

func TestBackupOfALiveDatabaseIsConsistent(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)

	// Keep writing while the backup runs.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			a := data.Agenda{SeriesID: sr.ID, Title: "Topic"}
			if err := s.CreateAgenda(ctx, &a, ""); err != nil {
				t.Errorf("write during backup: %v", err)
				return
			}
		}
	}()
	dst := filepath.Join(t.TempDir(), "backup.db")
	err := s.Backup(ctx, dst)
	close(stop)
	wg.Wait()
	must(t, err)

	verdict, err := data.IntegrityCheck(ctx, dst)
	must(t, err)
	if verdict != "ok" {
		t.Fatalf("integrity_check of the backup = %q", verdict)
	}
	b, err := data.Open(ctx, dst, data.Options{})
	must(t, err)
	defer b.Close()
	if _, err := b.Series(ctx, sr.ID); err != nil {
		t.Fatalf("backup lacks the series: %v", err)
	}
	if err := s.Backup(ctx, dst); data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("backup over an existing file: err = %v, want conflict", err)
	}
}

func TestRestoreRefusesToOverwriteNewerChanges(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	clk := testclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	s, err := data.Open(ctx, live, data.Options{Now: clk.Now})
	must(t, err)
	sr := weekly(t, s)
	backup := filepath.Join(dir, "backup.db")
	must(t, s.Backup(ctx, backup))
	clk.Advance(time.Hour)
	late := data.Agenda{SeriesID: sr.ID, Title: "Added after the backup"}
	must(t, s.CreateAgenda(ctx, &late, ""))
	s.Close()

	if err := data.Restore(ctx, backup, live, false); data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("restore over newer changes: err = %v, want conflict", err)
	}
	must(t, data.Restore(ctx, backup, live, true))
	s, err = data.Open(ctx, live, data.Options{})
	must(t, err)
	defer s.Close()
	if _, err := s.Agenda(ctx, late.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("after a forced restore the later agenda is still there: %v", err)
	}
	if _, err := s.Series(ctx, sr.ID); err != nil {
		t.Fatalf("restored database lacks the series: %v", err)
	}
}
