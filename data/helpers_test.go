package data_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
)

// openStore opens a real database file in a temp dir with a clock that
// starts on Monday 2026-01-05 09:00 UTC.
func openStore(t testing.TB) (*data.Store, *testclock.Clock) {
	t.Helper()
	c := testclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	s, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "kaigi.db"), data.Options{Now: c.Now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c
}

// weekly creates a series that meets Mondays at 10:00 in Tokyo.
func weekly(t testing.TB, s *data.Store) data.Series {
	t.Helper()
	sr := data.Series{Name: "Platform weekly", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	if err := s.CreateSeries(context.Background(), &sr); err != nil {
		t.Fatalf("create series: %v", err)
	}
	return sr
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
