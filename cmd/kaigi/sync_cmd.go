package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/kaigi-dev/kaigi/notion"
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
	nc, err := notion.LoadConfig(cfg.configPath())
	if err != nil {
		return err
	}
	client, err := notionClient(cfg, env)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg.config)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := notion.Options{Store: st, Client: client, Config: nc, Logger: syncLogger(io, env, verbose)}
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
	svc := notion.NewService(notion.ServiceOptions{Options: opts})
	sum, err := svc.Cycle(ctx, "cli")
	if opts.Progress != nil {
		fmt.Fprintln(io.err)
	}
	fmt.Fprintln(io.out, sum)
	if err != nil {
		return err
	}
	status, err := svc.Status(ctx)
	if err != nil {
		return err
	}
	problems := status.Problems
	if status.LastError != "" {
		problems = append(problems, strings.Split(status.LastError, "; ")...)
	}
	for _, p := range problems {
		fmt.Fprintln(io.err, "problem: "+p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the sync met %d problem(s), listed above; the rest was synced", len(problems))
	}
	return nil
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
