// Package testdb gives tests a fresh, fully migrated kaigi database file
// without running the migrations for each test: they are run once per test
// binary and the file's bytes copied. Migrating a new file costs 55-60 ms of
// CPU, which was a quarter of the notion tests and most of the server's
// non-browser tests. Tests of the migrations themselves open a new file.
package testdb

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// template is the migrated file's bytes, made on first use.
var template = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "kaigi-testdb-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "kaigi.db")
	st, err := data.Open(context.Background(), path, data.Options{})
	if err != nil {
		return nil, err
	}
	if err := st.Close(); err != nil { // the last close folds the WAL into the file
		return nil, err
	}
	return os.ReadFile(path)
})

// Path writes a fresh migrated database into the test's temporary folder
// and returns its path, for data.Open.
func Path(t testing.TB) string {
	t.Helper()
	b, err := template()
	if err != nil {
		t.Fatalf("make the template database: %v", err)
	}
	path := filepath.Join(t.TempDir(), "kaigi.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
