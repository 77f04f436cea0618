package server_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/internal/tinyfs"
	"github.com/kaigi-dev/kaigi/server"
)

// fill writes a file on dir's file system until it has no space left, and
// returns a function that frees the space.
func fill(t *testing.T, dir string) func() {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill %s: %v", dir, err)
			}
			break
		}
	}
	f.Close()
	return func() {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFullDiskAnswers507AndLogsOnce runs the server on a database in a
// small tmpfs that is then filled: writes answer 507 with a message a
// person can act on, on the API and on pages, reads go on, /healthz says
// why, the log has one line however many writes were refused, and writes
// work again once space is freed, without a restart.
func TestFullDiskAnswers507AndLogsOnce(t *testing.T) {
	disk := tinyfs.Mount(t, 8<<20)
	path := filepath.Join(disk, "kaigi.db")
	template, err := os.ReadFile(testdb.Path(t))
	must(t, err)
	must(t, os.WriteFile(path, template, 0o600))
	logs := &syncBuffer{}
	e := newEnvAt(t, path, func(d *server.Deps) {
		d.Logger = slog.New(slog.NewTextHandler(logs, nil))
		d.Writable = d.Store.(*data.Store).Writable
	})
	api := e.api()
	b := e.login()
	var sr record
	if code := api.call("POST", "/series", `{"name":"Weekly","schedule":"0 10 * * MON","time_zone":"UTC"}`, &sr); code != http.StatusCreated {
		t.Fatalf("create series: %d", code)
	}
	agenda := fmt.Sprintf(`{"series_id":%q,"title":"Budget","body":%q}`, sr.id(), strings.Repeat("A long discussion. ", 3000))

	free := fill(t, disk)
	for range 5 {
		var refused apiError
		if code := api.call("POST", "/agendas", agenda, &refused); code != http.StatusInsufficientStorage ||
			refused.Error.Code != "full" || !strings.Contains(refused.Error.Message, "free space") {
			t.Fatalf("API write on a full disk: %d %+v, want 507 saying what to do", code, refused)
		}
	}
	resp, page := b.submit("/series", url.Values{"name": {"Retro"}, "schedule": {"0 10 * * FRI"}, "time_zone": {"UTC"}})
	if resp.StatusCode != http.StatusInsufficientStorage || !strings.Contains(page, "free space on its disk") {
		t.Fatalf("page write on a full disk: %d\n%s", resp.StatusCode, page)
	}
	if code := api.call("GET", "/series/"+sr.id(), "", nil); code != http.StatusOK {
		t.Fatalf("read on a full disk: %d", code)
	}
	health, err := http.Get(e.srv.URL + "/healthz")
	must(t, err)
	said, _ := io.ReadAll(health.Body)
	health.Body.Close()
	if health.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(said), "disk is full") {
		t.Fatalf("/healthz on a full disk: %d %s", health.StatusCode, said)
	}
	if n := strings.Count(logs.String(), "level=ERROR"); n != 1 {
		t.Fatalf("%d log lines for 6 refused writes within a minute, want 1:\n%s", n, logs)
	}

	free()
	if code := api.call("POST", "/agendas", agenda, nil); code != http.StatusCreated {
		t.Fatalf("write after space was freed: %d", code)
	}
	health, err = http.Get(e.srv.URL + "/healthz")
	must(t, err)
	health.Body.Close()
	if health.StatusCode != http.StatusOK {
		t.Fatalf("/healthz after space was freed: %d", health.StatusCode)
	}
}
