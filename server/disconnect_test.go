package server_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/kaigi-dev/kaigi/server"
)

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// stalledSync answers the sync page's status only when the request is
// cancelled, then fails the way a store does: with the context's error, or
// with a driver error that does not wrap it (SQLite's "interrupted").
type stalledSync struct {
	fakeSync
	entered chan struct{}
	fail    func(ctx context.Context) error
}

func (s *stalledSync) Status(ctx context.Context) (server.SyncStatus, error) {
	if s.entered == nil {
		return server.SyncStatus{}, s.fail(ctx)
	}
	s.entered <- struct{}{}
	<-ctx.Done()
	return server.SyncStatus{}, s.fail(ctx)
}

func TestClientDisconnectIsNotAnInternalError(t *testing.T) {
	for name, fail := range map[string]func(ctx context.Context) error{
		"context error": func(ctx context.Context) error { return fmt.Errorf("read sync status: %w", ctx.Err()) },
		"driver error":  func(context.Context) error { return errors.New("query notion_runs: interrupted (9)") },
	} {
		t.Run(name, func(t *testing.T) {
			var logs lockedBuffer
			sync := &stalledSync{entered: make(chan struct{}), fail: fail}
			e := newEnv(t, func(d *server.Deps) {
				d.Sync = sync
				d.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			})
			b := e.login()
			ctx, cancel := context.WithCancel(context.Background())
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/sync", nil)
			done := make(chan error, 1)
			go func() {
				resp, err := b.http.Do(req)
				if err == nil {
					resp.Body.Close()
				}
				done <- err
			}()
			<-sync.entered
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Fatalf("the client's request ended with %v, want its cancellation", err)
			}
			e.srv.Close() // waits for the handler and its error handling to finish
			out := logs.String()
			if strings.Contains(out, "level=ERROR") || strings.Contains(out, "internal error") {
				t.Errorf("a client disconnect was logged as an internal error:\n%s", out)
			}
			if !strings.Contains(out, `level=DEBUG msg="request cancelled by the client"`) || !strings.Contains(out, "path=/sync") {
				t.Errorf("the disconnect is not in the debug log:\n%s", out)
			}
		})
	}
}

func TestInternalErrorOfALiveRequestIsStillLogged(t *testing.T) {
	var logs lockedBuffer
	e := newEnv(t, func(d *server.Deps) {
		d.Sync = &stalledSync{fail: func(context.Context) error { return errors.New("disk I/O error") }}
		d.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	resp, body := e.login().get("/sync")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "internal error") {
		t.Fatalf("failing status: %d", resp.StatusCode)
	}
	if out := logs.String(); !strings.Contains(out, `level=ERROR msg="internal error"`) || !strings.Contains(out, "disk I/O error") {
		t.Fatalf("the internal error is not logged with its detail:\n%s", out)
	}
}
