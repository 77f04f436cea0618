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
	"github.com/kaigi-dev/kaigi/notion/codec"
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
	// ReconcileEvery makes every n-th cycle a full reconciliation, which
	// lists every page and reads every linked page no query shows; zero or
	// negative: only after a write whose outcome stayed unknown (the
	// rotating confirmation finds the rest, see reconcile.go).
	ReconcileEvery int
	// CycleInterval is how often cycles run (the server's schedule); it
	// paces the confirmation walk. 5 minutes when zero.
	CycleInterval time.Duration
	// Rate is the transport's requests per second (3 when zero), for the
	// confirmation budget.
	Rate float64
	// ConfirmBudget is the requests per cycle the confirmation of trashed
	// and unshared pages may spend; zero: 10 % of Rate over CycleInterval;
	// negative: none (webhooks and full reconciliations only).
	ConfirmBudget int
	// SaveConfig, when set, keeps a configuration the cycle changed (an
	// option it learned or added to a value map), where the mapping lives
	// (the database: see StoreConfig).
	SaveConfig func(context.Context, *Config) error
	// Process names the program running cycles ("kaigi serve", "kaigi
	// sync") in the lease a second caller is shown.
	Process string
	// LeaseTTL is how long the sync's lease outlives a holder that stopped
	// renewing it; a minute when zero (see lease.go).
	LeaseTTL time.Duration
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

	mu       sync.Mutex            // held for a whole cycle
	people   map[string]api.Person // Notion users by ID, loaded on need (see directoryTTL)
	peopleAt time.Time
	schemas  map[data.Entity]api.Database // kept schemas (see schema.go)
	bot      string                       // kaigi's integration user, once known
	sources  map[string]syncdb.Sources    // data sources by database (see sources.go), loaded each cycle

	// per-cycle state, guarded by mu
	now        time.Time // when the cycle started
	sum        Summary
	errs       []string
	unknown    bool                                // a write's outcome stayed unknown: reconcile next cycle
	dirty      map[data.Entity]map[string]bool     // the push's records, by entity
	reread     map[data.Entity]bool                // schemas read this cycle
	broken     map[data.Entity]bool                // databases that cannot sync this cycle
	failed     map[data.Entity]bool                // databases whose pull failed this cycle
	spent      map[data.Entity]int                 // confirmation requests spent, by database
	lost       map[data.Entity]map[string]api.Page // pages of lost creates, by kaigi ID (see lostPage)
	gone       map[string]bool                     // pages known gone from Notion
	cfgChanged bool

	totals totals // read by /metrics while a cycle runs
}

// ErrBusy says a cycle is already running.
var ErrBusy = data.Errorf(data.ECONFLICT, "a Notion sync is already running")

func NewEngine(opts Options) *Engine {
	e := &Engine{opts: opts, store: opts.Store, state: syncdb.New(opts.Store), client: opts.Client, cfg: opts.Config, clock: opts.Clock,
		schemas: map[data.Entity]api.Database{}, sources: map[string]syncdb.Sources{}}
	if e.clock == nil {
		e.clock = api.RealClock{}
	}
	e.log = opts.Logger
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.log = slog.New(e.client.RedactingHandler(e.log.Handler()))
	if e.opts.Margin == 0 {
		e.opts.Margin = 2 * time.Minute
	}
	e.records = localRecords{store: e.store, series: e.defaultSeries}
	return e
}

// Cycle runs one pull then push and stores its summary. It returns ErrBusy
// at once when another cycle is running. An error means the whole cycle
// failed (the token, the network, the configuration); a page or a record
// that cannot sync is a standing problem (Problems) and the cycle goes on.
func (e *Engine) Cycle(ctx context.Context, trigger string) (Summary, error) {
	if !e.mu.TryLock() {
		return Summary{}, ErrBusy
	}
	defer e.mu.Unlock()
	ctx, release, err := e.takeLease(ctx, trigger)
	if err != nil {
		return Summary{}, err
	}
	defer release()
	started := e.clock.Now()
	before := e.client.Stats().Requests
	e.sum, e.errs, e.unknown, e.cfgChanged = Summary{}, nil, false, false
	e.now, e.reread, e.failed, e.spent = started, map[data.Entity]bool{}, map[data.Entity]bool{}, map[data.Entity]int{}
	e.lost = map[data.Entity]map[string]api.Page{}
	err = e.cycle(ctx)
	if cause := context.Cause(ctx); errors.Is(cause, errLeaseLost) {
		err = cause
	}
	err = e.client.RedactError(err)
	if err == nil && e.cfgChanged && e.opts.SaveConfig != nil {
		err = e.opts.SaveConfig(ctx, e.cfg)
	}
	e.sum.Requests = e.client.Stats().Requests - before
	for _, n := range e.spent {
		e.sum.Confirm += n
	}
	e.sum.Seconds = e.clock.Now().Sub(started).Seconds()
	if err != nil {
		e.errs = append(e.errs, userMessage(err))
	}
	if ctx.Err() == nil {
		if n, perr := e.state.Problems(context.WithoutCancel(ctx), ""); perr == nil {
			e.sum.Problems = len(n)
		}
		if serr := e.saveRun(context.WithoutCancel(ctx), trigger, started); serr != nil && err == nil {
			err = serr
		}
	}
	e.totals.cycles.Add(1)
	e.totals.requests.Add(e.sum.Requests)
	e.totals.problems.Store(int64(e.sum.Problems))
	if err != nil {
		e.totals.failed.Add(1)
	}
	return e.sum, err
}

func (e *Engine) cycle(ctx context.Context) error {
	if err := e.loadCycleState(ctx); err != nil {
		return err
	}
	if err := e.checkSchemas(ctx); err != nil {
		return err
	}
	full, err := e.reconcileDue(ctx)
	if err != nil {
		return err
	}
	if err := e.pullPending(ctx); err != nil {
		return err
	}
	if err := e.retryProblems(ctx); err != nil {
		return err
	}
	complete, reached, mapped := true, 0, 0
	var last error
	for i, spec := range codec.Specs {
		e.progress("pull", i, len(codec.Specs))
		if dc := e.cfg.Databases[spec.Entity]; dc == nil || dc.ID == "" {
			continue
		}
		mapped++
		if e.broken[spec.Entity] {
			complete = false
			continue
		}
		if err := e.pullDatabase(ctx, spec, full); err != nil {
			if stop(err) {
				return err
			}
			complete, last = false, err
			continue
		}
		reached++
	}
	e.progress("pull", len(codec.Specs), len(codec.Specs))
	if mapped > 0 && reached == 0 {
		// Nothing reached Notion: the network, or a configuration that fits
		// no database. The whole cycle failed (its problems say why).
		if last != nil {
			return fmt.Errorf("no Notion database could be synced: %w", last)
		}
		return &api.ConfigError{Field: "mapping", Message: "no Notion database could be synced: every mapped database has a problem (listed with the sync's problems)"}
	}
	if err := e.push(ctx); err != nil {
		return err
	}
	return e.reconciled(ctx, full, complete)
}

// pullDatabase pulls one database; a schema that no longer fits makes it a
// database problem, any other failure is reported and the cycle goes on.
func (e *Engine) pullDatabase(ctx context.Context, spec EntitySpec, full bool) error {
	err := e.pullSources(ctx, spec, full)
	if err == nil {
		return e.clearProblem(ctx, databaseKey(spec.Entity))
	}
	if stop(err) {
		return err
	}
	e.failed[spec.Entity] = true
	var ce *api.ConfigError
	if errors.As(err, &ce) && (ce.Field == "mapping" || ce.Field == "database") {
		if derr := e.schemaDrift(ctx, spec, err); derr != nil {
			return derr
		}
		return err
	}
	e.report(spec, err)
	return err
}

// loadCycleState reads what the cycle needs to know before it starts: its
// time, the integration's user and the pages known gone.
func (e *Engine) loadCycleState(ctx context.Context) error {
	// Each cycle's time is later than the last one's, even on a clock that
	// stood still (tests): "confirmed before this walk" must mean it.
	last, err := e.state.LastCycle(ctx)
	if err != nil {
		return err
	}
	if !e.now.After(last) {
		e.now = last.Add(time.Millisecond)
	}
	if err := e.state.SetLastCycle(ctx, e.now); err != nil {
		return err
	}
	if e.sources, err = e.state.AllSources(ctx); err != nil {
		return err
	}
	if e.bot == "" {
		bot, err := e.state.Bot(ctx)
		if err != nil {
			return err
		}
		e.bot = bot
	}
	gone, err := e.state.Problems(ctx, "gone")
	if err != nil {
		return err
	}
	e.gone = map[string]bool{}
	for _, p := range gone {
		if p.RetryAt.After(e.now) {
			e.gone[p.PageID] = true
		}
	}
	return nil
}

// learnBot keeps the integration's user from the answer to kaigi's write.
func (e *Engine) learnBot(ctx context.Context, pg api.Page) error {
	if e.bot != "" || pg.LastEditedBy.ID == "" {
		return nil
	}
	e.bot = pg.LastEditedBy.ID
	return e.state.SetBot(ctx, e.bot)
}

// stop reports errors that end the whole cycle: a rejected token, a
// cancelled context, a Notion that cannot be reached at all.
func stop(err error) bool {
	var ce *api.ConfigError
	if errors.As(err, &ce) {
		return ce.Field == "token"
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, api.ErrUnreachable)
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
