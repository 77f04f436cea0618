package notion

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// Options configure an Engine.
type Options struct {
	Store  *data.Store
	Client *Client
	Config *Config
	Clock  Clock        // RealClock when nil
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
	opts   Options
	store  *data.Store
	client *Client
	cfg    *Config
	clock  Clock
	log    *slog.Logger
	local  local

	mu     sync.Mutex        // held for a whole cycle
	people map[string]Person // Notion users by ID, loaded on first need

	// per-cycle state, guarded by mu
	sum     Summary
	errs    []string
	unknown bool                            // a write's outcome stayed unknown: reconcile next cycle
	dirty   map[data.Entity]map[string]bool // the push's records, by entity
}

// ErrBusy says a cycle is already running.
var ErrBusy = data.Errorf(data.ECONFLICT, "a Notion sync is already running")

func NewEngine(opts Options) *Engine {
	e := &Engine{opts: opts, store: opts.Store, client: opts.Client, cfg: opts.Config, clock: opts.Clock, log: opts.Logger}
	if e.clock == nil {
		e.clock = RealClock{}
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
	e.local = local{store: e.store, series: e.defaultSeries}
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
	var ce *ConfigError
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
	var ce *ConfigError
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

func (e *Engine) saveRun(ctx context.Context, trigger string, started time.Time) error {
	errs := e.errs
	if errs == nil {
		errs = []string{}
	}
	b, _ := json.Marshal(errs)
	_, err := e.store.DB().ExecContext(ctx, `INSERT INTO notion_runs (trigger, started_at, finished_at, pulled, pushed, created, trashed, conflicts, requests, errors)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, trigger, fmtTime(started), fmtTime(e.clock.Now()), e.sum.Pulled, e.sum.Pushed,
		e.sum.Created, e.sum.Trashed, e.sum.Conflicts, e.sum.Requests, string(b))
	if err != nil {
		return fmt.Errorf("save sync run: %w", err)
	}
	return nil
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
func only(f Fields, fields []FieldSpec) Fields {
	out := Fields{}
	for _, fs := range fields {
		out[fs.Name] = f[fs.Name]
	}
	if f[deletedKey] != "" {
		out[deletedKey] = f[deletedKey]
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

// Runs lists the latest cycles, newest first.
func (e *Engine) Runs(ctx context.Context, limit int) ([]Run, error) {
	rows, err := e.store.DB().QueryContext(ctx, `SELECT id, trigger, started_at, finished_at, pulled, pushed, created, trashed, conflicts, requests, errors
		FROM notion_runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list sync runs: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished, errs string
		if err := rows.Scan(&r.ID, &r.Trigger, &started, &finished, &r.Summary.Pulled, &r.Summary.Pushed, &r.Summary.Created,
			&r.Summary.Trashed, &r.Summary.Conflicts, &r.Summary.Requests, &errs); err != nil {
			return nil, fmt.Errorf("scan sync run: %w", err)
		}
		r.StartedAt, _ = time.Parse(timeLayout, started)
		r.FinishedAt, _ = time.Parse(timeLayout, finished)
		r.Summary.Seconds = r.FinishedAt.Sub(r.StartedAt).Seconds()
		if err := json.Unmarshal([]byte(errs), &r.Errors); err != nil {
			return nil, fmt.Errorf("read sync run errors: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// String is the one-line summary the CLI prints.
func (s Summary) String() string {
	return fmt.Sprintf("pulled %d, pushed %d, created %d, trashed %d, conflicts %d, requests %d, %.1fs",
		s.Pulled, s.Pushed, s.Created, s.Trashed, s.Conflicts, s.Requests, s.Seconds)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
