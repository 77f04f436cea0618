package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The tests that run kaigi as a real process (two syncs at once, the
// replication drill, the first run in a browser) share one build per test
// binary: each build costs tens of seconds on a busy machine.
var kaigiBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// TestMain removes the shared build when the tests end.
func TestMain(m *testing.M) {
	code := m.Run()
	if kaigiBinary.dir != "" {
		os.RemoveAll(kaigiBinary.dir)
	}
	os.Exit(code)
}

// buildKaigi builds the kaigi binary once and answers its path.
func buildKaigi(t *testing.T) string {
	t.Helper()
	kaigiBinary.once.Do(func() {
		kaigiBinary.dir, kaigiBinary.err = os.MkdirTemp("", "kaigi-bin-")
		if kaigiBinary.err != nil {
			return
		}
		kaigiBinary.path = filepath.Join(kaigiBinary.dir, "kaigi")
		kaigiBinary.out, kaigiBinary.err = exec.Command("go", "build", "-o", kaigiBinary.path, ".").CombinedOutput()
	})
	if kaigiBinary.err != nil {
		t.Fatalf("build kaigi: %v\n%s", kaigiBinary.err, kaigiBinary.out)
	}
	return kaigiBinary.path
}
