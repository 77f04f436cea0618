package notion

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/jobs"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Service is the sync as a running server uses it: cycles on a schedule,
// on demand and after webhooks, never two at once; status, problems,
// conflicts and history for the web app.
type Service struct {
	engine    *Engine
	client    *api.Client
	cfg       *Config
	state     *syncdb.DB
	clock     api.Clock
	log       *slog.Logger
	pullDelay time.Duration

	running  sync.Mutex // held for a whole cycle
	mu       sync.Mutex // guards pullSoon
	pullSoon bool
	bg       sync.WaitGroup
	runner   *jobs.Runner
}

// ServiceOptions configure a Service; Engine options are passed through.
type ServiceOptions struct {
	Options
	// PullDelay is how long a webhook's pull waits for more events to
	// arrive, so a burst of edits costs one cycle; 2 seconds when zero.
	PullDelay time.Duration
	// Runner runs the background cycles (Sync now, webhooks' pulls), so a
	// panic in one is logged and counted and the server goes on; a runner
	// of the service's own when nil.
	Runner *jobs.Runner
}

func NewService(opts ServiceOptions) *Service {
	e := NewEngine(opts.Options)
	s := &Service{engine: e, client: opts.Client, cfg: opts.Config, state: e.state, clock: e.clock, log: e.log, pullDelay: opts.PullDelay}
	if s.pullDelay == 0 {
		s.pullDelay = 2 * time.Second
	}
	if s.runner = opts.Runner; s.runner == nil {
		s.runner = jobs.New(s.log)
	}
	return s
}

// Cycle runs one cycle (its schema check included: kept schemas cost no
// request). It returns ErrBusy at once when a cycle is running.
func (s *Service) Cycle(ctx context.Context, trigger string) (Summary, error) {
	if !s.running.TryLock() {
		return Summary{}, ErrBusy
	}
	defer s.running.Unlock()
	return s.engine.Cycle(ctx, trigger)
}

// SyncNow starts a cycle in the background and returns at once; ErrBusy
// says one is already running. ctx bounds the cycle (the server's
// lifetime, not the request's).
func (s *Service) SyncNow(ctx context.Context, trigger string) error {
	if !s.running.TryLock() {
		return ErrBusy
	}
	s.running.Unlock()
	s.bg.Add(1)
	s.runner.Go("notion sync ("+trigger+")", func() {
		defer s.bg.Done()
		if _, err := s.Cycle(ctx, trigger); err != nil && !errors.Is(err, ErrBusy) {
			s.log.Warn("notion sync failed", "trigger", trigger, "err", userMessage(err))
		}
	})
	return nil
}

// PullSoon runs a cycle after a short delay, so the pages webhooks named
// are pulled; more calls during the delay share that cycle, and a cycle
// already running is waited for rather than skipped.
func (s *Service) PullSoon(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pullSoon {
		return
	}
	s.pullSoon = true
	s.bg.Add(1)
	s.runner.Go("notion webhook pull", func() {
		defer s.bg.Done()
		defer func() {
			if p := recover(); p != nil {
				s.mu.Lock()
				s.pullSoon = false // the next webhook starts a pull again
				s.mu.Unlock()
				panic(p) // for the runner to log and count
			}
		}()
		for {
			if s.clock.Sleep(ctx, s.pullDelay) != nil {
				return
			}
			s.mu.Lock()
			s.pullSoon = false
			s.mu.Unlock()
			_, err := s.Cycle(ctx, "webhook")
			if !errors.Is(err, ErrBusy) {
				if err != nil {
					s.log.Warn("notion sync failed", "trigger", "webhook", "err", userMessage(err))
				}
				return
			}
			s.mu.Lock()
			if s.pullSoon { // another call is already waiting
				s.mu.Unlock()
				return
			}
			s.pullSoon = true
			s.mu.Unlock()
		}
	})
}

// Counters are the sync's totals since the service started, for /metrics.
func (s *Service) Counters() Counters { return s.engine.Counters() }

// Wait blocks until background cycles have finished (cancel their
// context first to stop them early).
func (s *Service) Wait() { s.bg.Wait() }

// Status is the sync's state in a few facts.
type Status struct {
	LastRun   time.Time
	LastError string    // the last run's problems, besides the standing ones
	Pending   int       // local records changed and not yet pushed
	Problems  []Problem // standing problems, databases first
	Databases []DatabaseStatus
}

// DatabaseStatus says when a database's pages were last all confirmed (a
// page trashed in Notion before then is in kaigi's trash).
type DatabaseStatus struct {
	Entity   data.Entity
	Title    string
	LastFull time.Time // zero: not yet
}

// Status reads the sync's state.
func (s *Service) Status(ctx context.Context) (Status, error) {
	var st Status
	runs, err := s.engine.Runs(ctx, 1)
	if err != nil {
		return st, err
	}
	if st.Problems, err = s.engine.Problems(ctx); err != nil {
		return st, err
	}
	if len(runs) == 1 {
		st.LastRun = runs[0].FinishedAt
		st.LastError = strings.Join(besides(runs[0].Errors, st.Problems), "; ")
	}
	if st.Pending, err = s.engine.pending(ctx); err != nil {
		return st, err
	}
	for _, spec := range codec.Specs {
		if dc := s.cfg.Databases[spec.Entity]; dc == nil || dc.ID == "" {
			continue
		}
		pass, err := s.state.Pass(ctx, spec.Entity)
		if err != nil {
			return st, err
		}
		st.Databases = append(st.Databases, DatabaseStatus{Entity: spec.Entity, Title: spec.Title, LastFull: pass.LastFull})
	}
	return st, nil
}

// TakeWebhookToken returns the webhook verification token the first time
// it is asked for after it arrived, and "" from then on: the web app's
// sync page shows it once.
func (s *Service) TakeWebhookToken(ctx context.Context) (string, error) {
	return s.state.TakeUnshownWebhookToken(ctx)
}

// besides leaves out the run's errors that a standing problem already
// says, so that a person reads each problem once.
func besides(errs []string, problems []Problem) []string {
	var out []string
	for _, e := range errs {
		dup := false
		for _, p := range problems {
			title, _, _ := strings.Cut(p.Message, ":")
			dup = dup || strings.HasPrefix(e, p.Message) || wholeDatabase(p.Kind) && strings.HasPrefix(e, title+":")
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}

// Runs lists the latest cycles, newest first.
func (s *Service) Runs(ctx context.Context, limit int) ([]Run, error) {
	return s.engine.Runs(ctx, limit)
}
