package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion"
	"github.com/kaigi-dev/kaigi/notion/api"
)

func runSync(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg notionConfig
	fs := newFlagSet("sync", "", io)
	addDBFlag(fs, &cfg.config, env)
	addNotionFlags(fs, &cfg, env)
	var verbose bool
	fs.BoolVar(&verbose, "v", false, "log what the sync does, request by request, on stderr (same as KAIGI_LOG_LEVEL=debug)")
	fs.BoolVar(&verbose, "verbose", false, "same as -v")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("sync takes no arguments, got %q", pos[0])
	}
	cfg.Logger = newLogger(io, env)
	nc, client, st, err := openLinked(ctx, cfg, env, io)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := syncOptions(cfg, nc, st, client, env, syncLogger(io, env, verbose))
	if isTerminal(io.err) {
		opts.Progress = func(stage string, done, total int) {
			width := 30
			filled := 0
			if total > 0 {
				filled = done * width / total
			}
			fmt.Fprintf(io.err, "\r%-4s [%s%s] %d/%d", stage, strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done, total)
		}
	}
	opts.Process = "kaigi sync"
	svc := notion.NewService(notion.ServiceOptions{Options: opts})
	sum, err := cycleWhenFree(ctx, svc, opts.Clock)
	if opts.Progress != nil {
		fmt.Fprintln(io.err)
	}
	var busy *notion.BusyError
	if errors.As(err, &busy) {
		// Not a failure: the running cycle syncs what this one would have.
		fmt.Fprintln(io.out, busy.Error())
		return nil
	}
	fmt.Fprintln(io.out, sum)
	if err != nil {
		return err // the whole cycle failed: the token, the network, the configuration
	}
	status, err := svc.Status(ctx)
	if err != nil {
		return err
	}
	// Problems of single pages or records do not fail the sync: the rest was
	// synced, and each problem is kept (and shown on the Sync page) until fixed.
	for _, p := range status.Problems {
		fmt.Fprintln(io.err, "problem: "+p.Line())
	}
	if status.LastError != "" {
		for _, e := range strings.Split(status.LastError, "; ") {
			fmt.Fprintln(io.err, "problem: "+e)
		}
	}
	return nil
}

// busyWait is how long `kaigi sync` waits for another process's cycle to
// end before it says who is syncing and leaves the work to it.
const busyWait = 5 * time.Second

// cycleWhenFree runs a cycle, waiting up to busyWait for one that another
// process runs (the server's schedule, a webhook's pull, another CLI).
func cycleWhenFree(ctx context.Context, svc *notion.Service, clock api.Clock) (notion.Summary, error) {
	if clock == nil {
		clock = api.RealClock{}
	}
	deadline := clock.Now().Add(busyWait)
	for {
		sum, err := svc.Cycle(ctx, "cli")
		var busy *notion.BusyError
		if !errors.As(err, &busy) || !clock.Now().Before(deadline) {
			return sum, err
		}
		if err := clock.Sleep(ctx, 250*time.Millisecond); err != nil {
			return sum, busy
		}
	}
}

// syncOptions are the engine's options for the configured Notion sync: the
// rate, the cycle interval of the server's schedule (for the confirmation
// budget), and a mapping the cycle changed saved back to the database.
func syncOptions(cfg notionConfig, nc *notion.Config, st *data.Store, client *api.Client, env map[string]string, log *slog.Logger) notion.Options {
	return notion.Options{Store: st, Client: client, Config: nc, Logger: log, Rate: cfg.Rate,
		CycleInterval: scheduleInterval(envOr(env, "KAIGI_SYNC_SCHEDULE", defaultSyncSchedule)),
		SaveConfig: func(ctx context.Context, c *notion.Config) error {
			return notion.StoreConfig(ctx, st, c, "sync", "")
		}}
}

const defaultSyncSchedule = "*/5 * * * *"

// scheduleInterval is the time between two runs of a cron schedule (5
// minutes for one that does not parse, or "off").
func scheduleInterval(spec string) time.Duration {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return 5 * time.Minute
	}
	first := sched.Next(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC))
	if d := sched.Next(first).Sub(first); d > 0 {
		return d
	}
	return 5 * time.Minute
}

// syncLogger is the engine's log for one CLI cycle: -v shows everything,
// KAIGI_LOG_LEVEL its level; otherwise only errors, because the problems
// the engine warns about are printed once at the end.
func syncLogger(io stdio, env map[string]string, verbose bool) *slog.Logger {
	level, set := logLevel(env)
	switch {
	case verbose:
		level = slog.LevelDebug
	case !set:
		level = slog.LevelError
	}
	return levelLogger(io, level)
}

// isTerminal reports whether w is a character device (a terminal), where a
// progress bar helps; in logs and pipes it would be noise.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
