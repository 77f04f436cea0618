package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/data/replica"
	"github.com/kaigi-dev/kaigi/internal/jobs"
	"github.com/kaigi-dev/kaigi/server"
)

// serveConfig is what `kaigi serve` needs.
type serveConfig struct {
	config
	Addr         string
	OpenAhead    time.Duration // how long before a slot the next meeting is opened
	OpenSchedule string        // when the opener job runs (cron)
	// SecureCookies marks cookies Secure when a proxy terminates TLS.
	SecureCookies bool
	SyncSchedule  string      // when the Notion sync runs (cron), or "off"
	Notion        *notionSync // nil when Notion is not configured
	UI            uiConfig    // language, time zone, reminders
	BaseURL       string      // KAIGI_BASE_URL, else the address served
	SetupToken    string      // the setup address's secret on an empty database
	Replica       replicaConfig
	replicator    *replica.Replicator // nil without KAIGI_REPLICA

	// background runs every background job (cron jobs, sync cycles,
	// minutes posts, the live pages' poller): a panic is logged and counted
	// and the server goes on; it is waited for before the server exits.
	background *jobs.Runner
	// gauges are read at every scrape of /metrics (see metrics.go).
	gauges []gaugeFunc
}

func runServe(parent context.Context, args []string, env map[string]string, io stdio) error {
	// ctx is the server's life: it also ends when the server stops by
	// itself, so the jobs and sync cycles waited for below end too.
	ctx, stopAll := context.WithCancel(parent)
	defer stopAll()
	var cfg serveConfig
	fs := newFlagSet("serve", "", io)
	addDBFlag(fs, &cfg.config, env)
	fs.StringVar(&cfg.Addr, "addr", envOr(env, "KAIGI_ADDR", "127.0.0.1:8080"), "address to listen on; :0 picks a free port (env KAIGI_ADDR)")
	fs.DurationVar(&cfg.OpenAhead, "open-ahead", durationEnv(env, "KAIGI_OPEN_AHEAD", 24*time.Hour),
		"open each series' next meeting this long before it starts; 0 turns the job off (env KAIGI_OPEN_AHEAD)")
	fs.StringVar(&cfg.OpenSchedule, "open-schedule", envOr(env, "KAIGI_OPEN_SCHEDULE", "*/15 * * * *"),
		"cron schedule of the job that opens upcoming meetings (env KAIGI_OPEN_SCHEDULE)")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", env["KAIGI_SECURE_COOKIES"] == "true",
		"mark cookies Secure; set this behind a TLS-terminating proxy (env KAIGI_SECURE_COOKIES)")
	fs.StringVar(&cfg.SyncSchedule, "sync-schedule", envOr(env, "KAIGI_SYNC_SCHEDULE", defaultSyncSchedule),
		"cron schedule of the Notion sync when Notion is configured; off turns it off (env KAIGI_SYNC_SCHEDULE)")
	addUIFlags(fs, &cfg.UI, env)
	addReplicaFlags(fs, &cfg.Replica, env)
	var ncfg notionConfig
	addNotionFlags(fs, &ncfg, env)
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos[0])
	}
	if err := checkSchedules(cfg); err != nil {
		return err
	}
	if err := cfg.UI.load(env); err != nil {
		return err
	}
	cfg.Logger = newLogger(io, env)
	cfg.Zone = cfg.UI.zone // --time-zone wins over the environment
	cfg.background = jobs.New(cfg.Logger)

	// Listen before anything else so that a busy port fails fast and tests
	// can ask for :0 and read the real address.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	if cfg.BaseURL = env["KAIGI_BASE_URL"]; cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	st, err := openStore(ctx, cfg.config)
	if err != nil {
		return err
	}
	defer st.Close()
	// Stopped after everything else that writes, so their last writes ship.
	if cfg.replicator, err = startReplica(ctx, cfg.DB, cfg.Replica, cfg.Logger); err != nil {
		return err
	} else if cfg.replicator != nil {
		defer stopReplica(cfg.replicator, cfg.Logger)
		cfg.gauges = append(cfg.gauges, replicaGauges(cfg.replicator)...)
	}
	defer cfg.background.Wait() // before the store closes: a post records how it went
	ncfg.config = cfg.config
	if cfg.Notion, err = openNotionSync(ctx, st, ncfg, cfg.SyncSchedule, env, cfg.Logger, cfg.background); err != nil {
		return err
	}
	defer cfg.Notion.wait()

	// An empty database gets a one-time setup address: the first admin is
	// made in the browser. Its secret lives only in this process.
	hasUsers, err := st.HasUsers(ctx)
	if err != nil {
		return err
	}
	if !hasUsers {
		cfg.SetupToken, _ = server.NewSecret()
	}
	handler, err := newHandler(ctx, st, cfg, env, io)
	if err != nil {
		return err
	}
	jobs, err := startJobs(ctx, st, cfg, cfg.Logger)
	if err != nil {
		return err
	}
	defer func() { <-jobs.Stop().Done() }()

	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn)}
	fmt.Fprintf(io.out, "kaigi is running at http://%s (database %s)\n", ln.Addr(), cfg.DB)
	if cfg.SetupToken != "" {
		fmt.Fprintf(io.out, "Nobody can log in yet. Open this one-time address to create the first admin:\n  %s/setup/%s\n",
			strings.TrimRight(cfg.BaseURL, "/"), cfg.SetupToken)
	}
	return serveUntilStopped(ctx, stopAll, srv, ln, st, cfg)
}

// serveUntilStopped serves until ctx is done or the database file is
// replaced, then shuts down gracefully; the replacement is an error.
func serveUntilStopped(ctx context.Context, stopAll context.CancelFunc, srv *http.Server, ln net.Listener, st *data.Store, cfg serveConfig) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	replaced := watchDatabaseFile(watchCtx, st, time.Second)
	var stopErr error
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case stopErr = <-replaced:
		// Writes are refused already (every transaction checks the file);
		// stop rather than keep answering from a file nobody will see again.
		cfg.Logger.Error("stopping: "+stopErr.Error(), "db", cfg.DB)
	case <-ctx.Done():
	}
	stopAll()
	cfg.Logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return stopErr
}

// watchDatabaseFile checks every interval that the database file the
// server opened is still the one at its path, and reports the first time it
// is not (renamed over, as by a restore that ignored the lock, or removed).
func watchDatabaseFile(ctx context.Context, st *data.Store, interval time.Duration) <-chan error {
	out := make(chan error, 1)
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := st.CheckFile(); err != nil {
					out <- err
					return
				}
			}
		}
	}()
	return out
}

// checkSchedules refuses a job schedule that is not cron or never fires,
// with the same rule as a series' schedule.
func checkSchedules(cfg serveConfig) error {
	for flag, expr := range map[string]string{"--open-schedule": cfg.OpenSchedule, "--sync-schedule": cfg.SyncSchedule,
		"--digest-schedule": cfg.UI.DigestSchedule} {
		if (flag == "--sync-schedule" || flag == "--digest-schedule") && expr == "off" {
			continue
		}
		if _, err := data.ParseSchedule(expr); err != nil {
			return usagef("%s: %s", flag, data.ErrorMessage(err))
		}
	}
	return nil
}

// startJobs starts the scheduled jobs; Stop on the result ends them and
// its context is done when running jobs have finished.
func startJobs(ctx context.Context, st *data.Store, cfg serveConfig, log *slog.Logger) (*cron.Cron, error) {
	c := cron.New()
	// Every job runs under the runner: a panic in one is logged and counted.
	add := func(spec, name string, fn func()) (cron.EntryID, error) {
		return c.AddFunc(spec, func() { cfg.background.Run(name, fn) })
	}
	if cfg.OpenAhead > 0 {
		opener := meetingOpener{store: st, ahead: cfg.OpenAhead, log: log}
		if _, err := add(cfg.OpenSchedule, "open upcoming meetings", func() { opener.run(ctx) }); err != nil {
			return nil, usagef("--open-schedule %q: %v", cfg.OpenSchedule, err)
		}
	}
	if cfg.Notion != nil && cfg.SyncSchedule != "off" {
		if _, err := add(cfg.SyncSchedule, "notion sync (schedule)", cfg.Notion.syncJob(ctx, log)); err != nil {
			return nil, usagef("--sync-schedule %q: %v", cfg.SyncSchedule, err)
		}
	}
	if j := cfg.UI.digestJob(st, cfg.BaseURL, log); j != nil {
		if _, err := add(cfg.UI.DigestSchedule, "daily digest", func() { runDigest(ctx, j, log) }); err != nil {
			return nil, usagef("--digest-schedule %q: %v", cfg.UI.DigestSchedule, err)
		}
	}
	// Expired sessions are refused at once; this only keeps the table small.
	if _, err := add("@hourly", "delete expired sessions", func() {
		if n, err := st.DeleteExpiredSessions(ctx); err != nil {
			log.Error("delete expired sessions", "err", err)
		} else if n > 0 {
			log.Info("deleted expired sessions", "count", n)
		}
	}); err != nil {
		return nil, err
	}
	c.Start()
	return c, nil
}

// meetingOpener opens each series' next meeting once its slot is near.
type meetingOpener struct {
	store *data.Store
	ahead time.Duration
	log   *slog.Logger
}

func (o meetingOpener) run(ctx context.Context) {
	opened, err := o.store.OpenUpcoming(ctx, o.ahead)
	if err != nil {
		o.log.Error("open upcoming meetings", "err", err)
		return
	}
	for _, m := range opened {
		o.log.Info("opened upcoming meeting", "meeting", m.ID, "title", m.Title, "starts_at", m.StartsAt)
	}
}

func durationEnv(env map[string]string, key string, def time.Duration) time.Duration {
	if v := env[key]; v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}
