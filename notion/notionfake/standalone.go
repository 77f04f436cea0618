package notionfake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// StandaloneOptions configure RunStandalone.
type StandaloneOptions struct {
	Addr      string  // listen address, e.g. 127.0.0.1:7878
	StateFile string  // optional: workspace persisted here across restarts
	Rate      float64 // requests/s per token; 0 means Notion's 3/s, negative disables
	Seed      int64
}

// Fixed identities of the standalone workspace, so a state file stays self-consistent.
const (
	standaloneIntegration = "kaigi (fake)"
	standaloneParentTitle = "Kaigi"
)

// RunStandalone serves a fake workspace on opts.Addr until ctx is cancelled. It prints the
// base URL, the integration token and the ID of a page shared with the integration, then
// one line per request (method path status duration). With a StateFile, the workspace is
// loaded at start and saved atomically after every write and at shutdown.
func RunStandalone(ctx context.Context, opts StandaloneOptions, stdout io.Writer) error {
	limit := NotionRateLimit()
	if opts.Rate != 0 {
		limit = RateLimit{PerSecond: opts.Rate, Burst: max(1, int(opts.Rate*3))}
	}
	f := New(Options{
		Seed: opts.Seed, Clock: RealClock{}, RateLimit: &limit,
		OnRequest: func(r RequestRecord) {
			fmt.Fprintf(stdout, "%s %s %d %s\n", r.Method, r.Path, r.Status, r.Duration.Round(time.Microsecond))
		},
	})
	if err := loadState(f, opts.StateFile); err != nil {
		return err
	}
	token, parentID := f.ensureStandaloneWorkspace()
	if opts.StateFile != "" {
		f.mu.Lock()
		err := f.saveLocked(opts.StateFile)
		f.mu.Unlock()
		if err != nil {
			return err
		}
		f.onWrite = func() {
			if err := f.saveLocked(opts.StateFile); err != nil {
				fmt.Fprintf(stdout, "saving state: %v\n", err)
			}
		}
	}

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "notion fake listening on http://%s\nNOTION_TOKEN=%s\nNOTION_PARENT_PAGE_ID=%s\n", ln.Addr(), token, parentID)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err = <-served:
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = srv.Shutdown(shutdownCtx)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if opts.StateFile != "" {
		f.mu.Lock()
		err = errors.Join(err, f.saveLocked(opts.StateFile))
		f.mu.Unlock()
	}
	return err
}

func loadState(f *Fake, path string) error {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Restore(data)
}

// saveLocked writes the workspace; f.mu must be held.
func (f *Fake) saveLocked(path string) error {
	data, err := marshalWorkspace(f.ws)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data)
}

// ensureStandaloneWorkspace finds or creates the integration and its shared parent page,
// and shares the page again in case the state file predates sharing.
func (f *Fake) ensureStandaloneWorkspace() (token, parentID string) {
	var botID string
	f.mu.Lock()
	for t, bot := range f.ws.Tokens {
		if u := f.ws.userByID(bot); u != nil && u.Name == standaloneIntegration {
			token, botID = t, bot
		}
	}
	for id, p := range f.ws.Pages {
		if p.Parent.Type == "workspace" && f.ws.pageTitle(p) == standaloneParentTitle {
			parentID = id
		}
	}
	f.mu.Unlock()
	if token == "" {
		token, botID = f.AddIntegration(standaloneIntegration)
	}
	if parentID == "" {
		person := f.AddPerson("Workspace Owner", "owner@example.com")
		parentID = f.CreateSharedPage("", standaloneParentTitle, person)
	}
	f.mu.Lock()
	_ = f.ws.share(parentID, botID) // both exist: found or created above
	f.mu.Unlock()
	return token, parentID
}
