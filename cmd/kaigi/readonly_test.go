package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestServeRefusesAReadOnlyDatabase: serve does not start on a database
// file it cannot write (it used to run and answer every request 500); it
// says so in one line and exits 1.
func TestServeRefusesAReadOnlyDatabase(t *testing.T) {
	env := testEnv(t)
	st, err := data.Open(context.Background(), env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if os.Geteuid() == 0 { // root ignores permission bits: the immutable flag binds root too
		if out, err := exec.Command("chattr", "+i", env["KAIGI_DB"]).CombinedOutput(); err != nil {
			t.Skipf("cannot make the file read-only for root: %v %s", err, out)
		}
		t.Cleanup(func() { _ = exec.Command("chattr", "-i", env["KAIGI_DB"]).Run() })
	} else if err := os.Chmod(env["KAIGI_DB"], 0o444); err != nil {
		t.Fatal(err)
	}
	out, _, err := runKaigi(t, env, "serve", "--addr", "127.0.0.1:0")
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("serve on a read-only file: %v", err)
	}
	line := oneLine(err)
	if !strings.Contains(line, env["KAIGI_DB"]+" is read-only") || strings.Contains(out, "is running") {
		t.Fatalf("serve said %q (and printed %q)", line, out)
	}
}
