package notion

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Service is the sync as a running server uses it: cycles on a schedule,
// on demand and after webhooks, never two at once; the mapping checked
// against the schemas; status, conflicts and history for the web app.
type Service struct {
	engine     *Engine
	client     *api.Client
	cfg        *Config
	state      *syncdb.DB
	clock      api.Clock
	log        *slog.Logger
	checkEvery time.Duration
	pullDelay  time.Duration

	running   sync.Mutex // held for a whole cycle, check included
	mu        sync.Mutex // guards the fields below
	checkedAt time.Time
	recheck   bool
	pullSoon  bool
	bg        sync.WaitGroup
}

// ServiceOptions configure a Service; Engine options are passed through.
type ServiceOptions struct {
	Options
	// CheckEvery is how often a healthy mapping is checked against the
	// schemas again (each check reads every mapped database); 1 hour when zero.
	CheckEvery time.Duration
	// PullDelay is how long a webhook's pull waits for more events to
	// arrive, so a burst of edits costs one cycle; 2 seconds when zero.
	PullDelay time.Duration
}

func NewService(opts ServiceOptions) *Service {
	e := NewEngine(opts.Options)
	s := &Service{engine: e, client: opts.Client, cfg: opts.Config, state: e.state, clock: e.clock, log: e.log,
		checkEvery: opts.CheckEvery, pullDelay: opts.PullDelay, recheck: true}
	if s.checkEvery == 0 {
		s.checkEvery = time.Hour
	}
	if s.pullDelay == 0 {
		s.pullDelay = 2 * time.Second
	}
	return s
}

// Cycle checks the mapping when due, then runs one cycle. It returns
// ErrBusy at once when a cycle is running.
func (s *Service) Cycle(ctx context.Context, trigger string) (Summary, error) {
	if !s.running.TryLock() {
		return Summary{}, ErrBusy
	}
	defer s.running.Unlock()
	before := s.client.Stats().Requests
	if err := s.checkIfDue(ctx); err != nil {
		// A rejected token: the cycle would fail the same way, and records it.
		s.log.Warn("notion sync", "problem", userMessage(err))
	}
	sum, err := s.engine.Cycle(ctx, trigger)
	sum.Requests = s.client.Stats().Requests - before // the schema check's reads included
	if err != nil {
		s.mu.Lock()
		s.recheck = true
		s.mu.Unlock()
	}
	return sum, err
}

// checkIfDue checks the schemas at the first cycle, at every cycle while
// problems remain (so a fix shows at once), and otherwise every checkEvery,
// so an idle healthy cycle costs no extra request. Between checks, drift
// still shows: a pull that meets a missing property reports it. The
// problems found are kept for Status.
func (s *Service) checkIfDue(ctx context.Context) error {
	s.mu.Lock()
	due := s.recheck || s.clock.Now().Sub(s.checkedAt) >= s.checkEvery
	s.mu.Unlock()
	if !due {
		return nil
	}
	problems, err := CheckSchemas(ctx, s.client, s.cfg)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.checkedAt, s.recheck = s.clock.Now(), len(problems) > 0
	s.mu.Unlock()
	list := make([]string, 0, len(problems))
	for _, p := range problems {
		list = append(list, p)
		s.log.Warn("notion sync", "problem", p)
	}
	sort.Strings(list)
	return s.state.SetSchemaProblems(ctx, list)
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
	go func() {
		defer s.bg.Done()
		if _, err := s.Cycle(ctx, trigger); err != nil && !errors.Is(err, ErrBusy) {
			s.log.Warn("notion sync failed", "trigger", trigger, "err", userMessage(err))
		}
	}()
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
	go func() {
		defer s.bg.Done()
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
	}()
}

// Wait blocks until background cycles have finished (cancel their
// context first to stop them early).
func (s *Service) Wait() { s.bg.Wait() }

// Status is the sync's state in a few facts.
type Status struct {
	LastRun   time.Time
	LastError string
	Pending   int      // local records changed and not yet pushed
	Problems  []string // mapping and database problems of the last check
}

// Status reads the sync's state.
func (s *Service) Status(ctx context.Context) (Status, error) {
	var st Status
	runs, err := s.engine.Runs(ctx, 1)
	if err != nil {
		return st, err
	}
	if st.Problems, err = s.state.SchemaProblems(ctx); err != nil {
		return st, err
	}
	if len(runs) == 1 {
		st.LastRun = runs[0].FinishedAt
		st.LastError = strings.Join(besides(runs[0].Errors, st.Problems), "; ")
	}
	if st.Pending, err = s.engine.pending(ctx); err != nil {
		return st, err
	}
	return st, nil
}

// TakeWebhookToken returns the webhook verification token the first time
// it is asked for after it arrived, and "" from then on: the web app's
// sync page shows it once.
func (s *Service) TakeWebhookToken(ctx context.Context) (string, error) {
	return s.state.TakeUnshownWebhookToken(ctx)
}

// besides leaves out the errors about databases that have a problem
// already, so that a person reads one message per broken database.
func besides(errs, problems []string) []string {
	var out []string
	for _, e := range errs {
		dup := false
		for _, p := range problems {
			if title, _, ok := strings.Cut(p, ":"); ok && strings.HasPrefix(e, title+":") {
				dup = true
			}
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
