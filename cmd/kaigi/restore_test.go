package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// syncBuffer collects a running command's output safely.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runningServer is `kaigi serve` started through run on a free port.
type runningServer struct {
	url  string
	logs *syncBuffer
	stop context.CancelFunc
	done chan error
}

func startServe(t *testing.T, env map[string]string) *runningServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &runningServer{logs: &syncBuffer{}, stop: cancel, done: make(chan error, 1)}
	pr, pw := io.Pipe()
	go func() {
		s.done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, env, strings.NewReader(""), pw, s.logs)
		pw.Close()
	}()
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := re.FindString(sc.Text()); m != "" {
			s.url = m
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if s.url == "" {
		cancel()
		t.Fatalf("serve printed no URL: %v\n%s", <-s.done, s.logs)
	}
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	return s
}

// wait returns serve's result, or fails the test if it keeps running.
func (s *runningServer) wait(t *testing.T, within time.Duration) error {
	t.Helper()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(within):
		t.Fatalf("serve is still running after %v; its log:\n%s", within, s.logs)
		return nil
	}
}

// apiToken makes a user and an API token through the CLI.
func apiToken(t *testing.T, env map[string]string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"user", "add", "--email", "aiko@example.com", "--name", "Aiko"}, env,
		strings.NewReader("correct horse battery\n"), &out, io.Discard); err != nil {
		t.Fatalf("user add: %v", err)
	}
	token, _, err := runKaigi(t, env, "token", "create", "--email", "aiko@example.com")
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	return strings.TrimSpace(token)
}

// createSeries posts a series through the JSON API and returns the status.
func createSeries(t *testing.T, url, token, name string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/series", strings.NewReader(`{"name":"`+name+`","schedule":"0 10 * * MON"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0 // the server is gone: not acknowledged either
	}
	resp.Body.Close()
	return resp.StatusCode
}

func seriesNames(t *testing.T, db string) []string {
	t.Helper()
	st, err := data.Open(context.Background(), db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := st.ListSeries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sr := range all {
		names = append(names, sr.Name)
	}
	return names
}

func TestRestoreRefusesWhileServerRuns(t *testing.T) {
	env := testEnv(t)
	token := apiToken(t, env)
	srv := startServe(t, env)
	if got := createSeries(t, srv.url, token, "Before backup"); got != http.StatusCreated {
		t.Fatalf("create: %d", got)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, _, err := runKaigi(t, env, "backup", backup); err != nil {
		t.Fatalf("backup of the running server's database: %v", err)
	}
	if got := createSeries(t, srv.url, token, "After backup"); got != http.StatusCreated {
		t.Fatalf("create: %d", got)
	}
	_, _, err := runKaigi(t, env, "restore", backup, "--force")
	if err == nil || exitCode(err) != 1 || !strings.Contains(oneLine(err), "in use by a running kaigi") {
		t.Fatalf("restore --force over a running server: %v (exit %d), want a refusal", err, exitCode(err))
	}
	if got := createSeries(t, srv.url, token, "After the refused restore"); got != http.StatusCreated {
		t.Fatalf("the server stopped answering after a refused restore: %d", got)
	}
	srv.stop()
	if err := srv.wait(t, 30*time.Second); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if got := strings.Join(seriesNames(t, env["KAIGI_DB"]), ", "); got != "After backup, After the refused restore, Before backup" {
		t.Fatalf("acknowledged writes after the server stopped: %s", got)
	}
	// Stopped, the restore goes through.
	if _, _, err := runKaigi(t, env, "restore", backup, "--force"); err != nil {
		t.Fatalf("restore with the server stopped: %v", err)
	}
	if got := strings.Join(seriesNames(t, env["KAIGI_DB"]), ", "); got != "Before backup" {
		t.Fatalf("after the restore: %s", got)
	}
}

func TestServeStopsWhenItsDatabaseFileIsReplaced(t *testing.T) {
	t.Parallel() // waits on real time (a sync's requests, serve's file check); its own folder, database and fake
	env := testEnv(t)
	token := apiToken(t, env)
	srv := startServe(t, env)
	copyPath := filepath.Join(filepath.Dir(env["KAIGI_DB"]), "copy.db")
	if _, _, err := runKaigi(t, env, "backup", copyPath); err != nil {
		t.Fatal(err)
	}
	// What an operator's mv does; kaigi's own restore refuses (above).
	if err := os.Rename(copyPath, env["KAIGI_DB"]); err != nil {
		t.Fatal(err)
	}
	if got := createSeries(t, srv.url, token, "Into the old file"); got >= 200 && got < 300 {
		t.Errorf("a write after the file was replaced was acknowledged (%d); it went to the old file", got)
	}
	err := srv.wait(t, 30*time.Second)
	if err == nil || exitCode(err) != 1 || !strings.Contains(oneLine(err), "replaced or removed") {
		t.Fatalf("serve after its file was replaced: %v, want it to stop with an error", err)
	}
	if !strings.Contains(srv.logs.String(), "level=ERROR") {
		t.Errorf("the stop is not logged as an error:\n%s", srv.logs)
	}
}

func TestRestoreKeepsATokenMadeAfterTheBackup(t *testing.T) {
	env := testEnv(t)
	apiToken(t, env)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, _, err := runKaigi(t, env, "backup", backup); err != nil {
		t.Fatal(err)
	}
	late, _, err := runKaigi(t, env, "token", "create", "--email", "aiko@example.com", "--name", "ci")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = runKaigi(t, env, "restore", backup)
	if err == nil || exitCode(err) != 1 || !strings.Contains(oneLine(err), "1 API token") || !strings.Contains(oneLine(err), "--force") {
		t.Fatalf("restore over a token made after the backup: %v, want a refusal naming it and --force", err)
	}
	st, err := data.Open(context.Background(), env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.PersonByAPIToken(context.Background(), server.HashSecret(strings.TrimSpace(late))); err != nil {
		t.Fatalf("the token made after the backup no longer works: %v", err)
	}
}
