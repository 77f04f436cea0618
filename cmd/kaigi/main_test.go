package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// runKaigi runs the program with an environment that points at a temp dir.
func runKaigi(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, env, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func testEnv(t *testing.T) map[string]string {
	dir := t.TempDir()
	return map[string]string{"HOME": dir, "KAIGI_DB": filepath.Join(dir, "kaigi.db")}
}

func TestUnknownCommandAndBadFlagsAreUsageErrors(t *testing.T) {
	env := testEnv(t)
	for _, args := range [][]string{{"frobnicate"}, {"backup"}, {"meeting", "next"}, {"restore", "--nope", "x"}, {}} {
		_, _, err := runKaigi(t, env, args...)
		if err == nil || exitCode(err) != 2 {
			t.Fatalf("kaigi %v: err = %v (exit %d), want a usage error (exit 2)", args, err, exitCode(err))
		}
		if strings.Contains(oneLine(err), "\n") {
			t.Fatalf("kaigi %v: message is not one line: %q", args, oneLine(err))
		}
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	env := testEnv(t)
	for name := range commands() {
		out, _, err := runKaigi(t, env, name, "--help")
		if err != nil {
			t.Fatalf("kaigi %s --help: %v", name, err)
		}
		if !strings.Contains(out, "Usage") && !strings.Contains(out, "usage") {
			t.Fatalf("kaigi %s --help printed no usage:\n%s", name, out)
		}
	}
}

func TestMeetingNextCarriesOpenAgendas(t *testing.T) {
	env := testEnv(t)
	ctx := context.Background()
	st, err := data.Open(ctx, env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sr := data.Series{Name: "モバイル定例", Schedule: "0 10 * * TUE", TimeZone: "Asia/Tokyo"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"状態管理の方針", "Release train"} {
		a := data.Agenda{SeriesID: sr.ID, Title: title}
		if err := st.CreateAgenda(ctx, &a, ""); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	out, _, err := runKaigi(t, env, "meeting", "next", "モバイル定例")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "opened ") || !strings.Contains(out, "with 2 agenda items") {
		t.Fatalf("first call printed %q", out)
	}
	if !strings.Contains(out, " 10:00 JST ") {
		t.Fatalf("meeting next printed %q, want the slot in the series' zone (10:00 JST)", out)
	}
	out, _, err = runKaigi(t, env, "meeting", "next", string(sr.ID))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "already open ") {
		t.Fatalf("second call printed %q, want the same meeting", out)
	}
	_, _, err = runKaigi(t, env, "meeting", "next", "No such series")
	if err == nil || exitCode(err) != 1 || !strings.Contains(oneLine(err), "No such series") {
		t.Fatalf("unknown series: err = %v", err)
	}
}

func TestBackupAndRestoreCommands(t *testing.T) {
	env := testEnv(t)
	dir := filepath.Dir(env["KAIGI_DB"])
	backup := filepath.Join(dir, "copy.db")
	if _, _, err := runKaigi(t, env, "backup", backup); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runKaigi(t, env, "backup", backup); err == nil {
		t.Fatal("backup over an existing file succeeded")
	}
	if _, _, err := runKaigi(t, env, "restore", backup); err != nil {
		t.Fatalf("restore of an equally new backup: %v", err)
	}
	_, _, err := runKaigi(t, env, "restore", filepath.Join(dir, "missing.db"), "--force")
	if err == nil || !strings.Contains(oneLine(err), "missing.db") {
		t.Fatalf("restore of a missing file: %v", err)
	}
}

// TestServeListensPrintsAndShutsDown starts the real server on :0, reads the
// URL it prints, checks health, and stops it with the context.
func TestServeListensPrintsAndShutsDown(t *testing.T) {
	env := testEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, env, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	url := ""
	sc := bufio.NewScanner(pr)
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	for sc.Scan() {
		if m := re.FindString(sc.Text()); m != "" {
			url = m
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		cancel()
		t.Fatalf("serve printed no URL: %v", <-done)
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz = %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
}
