package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// The two databases the benchmarks and the load run compare, generated
// by data.Seed: ~1k rows (2 series, half a year of weekly meetings) and
// ~114k rows (20 series, 5 years). Generating the large one takes about
// 100 s, so each is cached in $TMPDIR/kaigi-loadbench under a hash of the
// seed size, the migrations and the seed code.
var loadSizes = []struct {
	name string
	size data.SeedSize
}{
	{"1k", data.SeedSize{Series: 2, Weeks: 26, AgendasPerMeeting: 8, TasksPerMeeting: 11, DecisionsPerMeeting: 2, Seed: 1}},
	{"100k", data.SeedSize{Series: 20, Weeks: 260, AgendasPerMeeting: 8, TasksPerMeeting: 11, DecisionsPerMeeting: 2, Seed: 1}},
}

// seedClock is where the generated histories end, so that a cached
// database is the same whenever it was made.
var seedClock = func() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) }

// seededCopy returns the cached database generated for size, generating
// it when the cache has none made by this schema and seed code.
func seededCopy(t testing.TB, size data.SeedSize) string {
	h := sha256.New()
	fmt.Fprintf(h, "%+v", size)
	for _, pattern := range []string{"../data/migrations/*.sql", "../data/seed.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			h.Write(b)
		}
	}
	dir := filepath.Join(os.TempDir(), "kaigi-loadbench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	prefix := fmt.Sprintf("s%dw%d-", size.Series, size.Weeks)
	path := filepath.Join(dir, prefix+hex.EncodeToString(h.Sum(nil))[:16]+".db")
	if _, err := os.Stat(path); err == nil && os.Getenv("KAIGI_LOAD_FRESH") == "" {
		return path
	}
	ctx := context.Background()
	tmp := filepath.Join(t.TempDir(), "seed.db")
	st, err := data.Open(ctx, tmp, data.Options{Now: seedClock})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := data.Seed(ctx, st, size); err != nil {
		t.Fatal(err)
	}
	// Copies made by older code for this size are of no more use.
	if stale, _ := filepath.Glob(filepath.Join(dir, prefix+"*.db")); len(stale) > 0 {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	if err := st.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	st.Close()
	t.Logf("seeded %+v in %v, cached in %s", size, time.Since(start).Round(time.Second), path)
	return path
}
