package notion

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Options configure an Engine.
type Options struct {
	Store  *data.Store
	Client *api.Client
	Config *Config
	Clock  api.Clock    // api.RealClock when nil
	Logger *slog.Logger // discards when nil
	// Margin is subtracted from the pull watermark, because Notion rounds
	// last_edited_time down to the minute; 2 minutes when zero.
	Margin time.Duration
	// Progress, when set, hears how far a cycle got (a terminal's progress bar).
	Progress func(stage string, done, total int)
	// ReconcileEvery makes every n-th cycle a reconciliation, which reads
	// every page to find those trashed or unshared in Notion; 12 when zero.
	// Negative: only after a write whose outcome stayed unknown.
	ReconcileEvery int
}

// Engine runs sync cycles. One cycle runs at a time.
type Engine struct {
	opts    Options
	store   *data.Store
	state   *syncdb.DB
	client  *api.Client
	cfg     *Config
	clock   api.Clock
	log     *slog.Logger
	records localRecords

	mu     sync.Mutex            // held for a whole cycle
	people map[string]api.Person // Notion users by ID, loaded on first need

	// per-cycle state, guarded by mu
	sum     Summary
	errs    []string
	unknown bool                            // a write's outcome stayed unknown: reconcile next cycle
	dirty   map[data.Entity]map[string]bool // the push's records, by entity
}

// ErrBusy says a cycle is already running.
var ErrBusy = data.Errorf(data.ECONFLICT, "a Notion sync is already running")

func NewEngine(opts Options) *Engine {
	e := &Engine{opts: opts, store: opts.Store, state: syncdb.New(opts.Store), client: opts.Client, cfg: opts.Config, clock: opts.Clock, log: opts.Logger}
	if e.clock == nil {
		e.clock = api.RealClock{}
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.opts.Margin == 0 {
		e.opts.Margin = 2 * time.Minute
	}
	if e.opts.ReconcileEvery == 0 {
		e.opts.ReconcileEvery = defaultReconcile
	}
	e.records = localRecords{store: e.store, series: e.defaultSeries}
	return e
}

// Cycle runs one pull then push and stores its summary. It returns ErrBusy
// at once when another cycle is running.
func (e *Engine) Cycle(ctx context.Context, trigger string) (Summary, error) {
	if !e.mu.TryLock() {
		return Summary{}, ErrBusy
	}
	defer e.mu.Unlock()
	started := e.clock.Now()
	before := e.client.Stats().Requests
	e.sum, e.errs, e.unknown = Summary{}, nil, false
	err := e.cycle(ctx)
	e.sum.Requests = e.client.Stats().Requests - before
	e.sum.Seconds = e.clock.Now().Sub(started).Seconds()
	if err != nil {
		e.errs = append(e.errs, userMessage(err))
	}
	if ctx.Err() == nil {
		if serr := e.saveRun(context.WithoutCancel(ctx), trigger, started); serr != nil && err == nil {
			err = serr
		}
	}
	return e.sum, err
}

func (e *Engine) cycle(ctx context.Context) error {
	full, err := e.reconcileDue(ctx)
	if err != nil {
		return err
	}
	if err := e.pullPending(ctx); err != nil {
		return err
	}
	complete := true
	for i, spec := range Specs {
		e.progress("pull", i, len(Specs))
		if err := e.pull(ctx, spec, full); err != nil {
			if stop(err) {
				return err
			}
			complete = false
			e.report(spec, err)
		}
	}
	e.progress("pull", len(Specs), len(Specs))
	if err := e.push(ctx); err != nil {
		return err
	}
	return e.reconciled(ctx, full, complete)
}

// stop reports errors that end the whole cycle: a rejected token, a
// cancelled context, a broken local database.
func stop(err error) bool {
	var ce *api.ConfigError
	if errors.As(err, &ce) {
		return ce.Field == "token"
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func (e *Engine) report(spec EntitySpec, err error) {
	e.noteUnknown(err)
	msg := spec.Title + ": " + userMessage(err)
	e.errs = append(e.errs, msg)
	e.log.Warn("notion sync", "problem", msg)
}

// userMessage is an error as a person should read it.
func userMessage(err error) string {
	var ce *api.ConfigError
	if errors.As(err, &ce) {
		return ce.Message
	}
	var de *data.Error
	if errors.As(err, &de) {
		return de.Error()
	}
	return err.Error()
}

func (e *Engine) progress(stage string, done, total int) {
	if e.opts.Progress != nil {
		e.opts.Progress(stage, done, total)
	}
}

// defaultSeries is the series of records first made in Notion: the
// configured one, else the only or first series, else a new "Notion" series.
func (e *Engine) defaultSeries(ctx context.Context) (data.SeriesID, error) {
	if e.cfg.Series != "" {
		return e.cfg.Series, nil
	}
	all, err := e.store.ListSeries(ctx)
	if err != nil {
		return "", err
	}
	if len(all) > 0 {
		return all[0].ID, nil
	}
	s := data.Series{Name: "Notion", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := e.store.CreateSeries(ctx, &s); err != nil {
		return "", err
	}
	return s.ID, nil
}

// mapped returns the fields of spec that the configuration syncs: mapped
// properties, plus the body.
func (e *Engine) mapped(spec EntitySpec) []FieldSpec {
	dc := e.cfg.Databases[spec.Entity]
	var out []FieldSpec
	for _, f := range spec.Fields {
		if _, ok := dc.Properties[f.Name]; ok || f.Kind == KindBody {
			out = append(out, f)
		}
	}
	return out
}

// only keeps the mapped fields (and the tombstone) of f.
func only(f merge.Fields, fields []FieldSpec) merge.Fields {
	out := merge.Fields{}
	for _, fs := range fields {
		out[fs.Name] = f[fs.Name]
	}
	if f[merge.Deleted] != "" {
		out[merge.Deleted] = f[merge.Deleted]
	}
	return out
}

func (e *Engine) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, m := range e.errs {
		if m == msg {
			return
		}
	}
	e.errs = append(e.errs, msg)
	e.log.Warn("notion sync", "problem", msg)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
