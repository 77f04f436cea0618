package main

import (
	"context"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/data/replica"
)

func runMeeting(ctx context.Context, args []string, env map[string]string, io stdio) error {
	if helpRequested(args) {
		fmt.Fprintln(io.out, "Usage: kaigi meeting next SERIES [--db FILE]\n\nOpens the next meeting of a series (by ID or exact name), carrying every open agenda.")
		return nil
	}
	if len(args) == 0 || args[0] != "next" {
		return usagef("usage: kaigi meeting next SERIES")
	}
	var cfg config
	fs := newFlagSet("meeting next", "SERIES", io)
	addDBFlag(fs, &cfg, env)
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: kaigi meeting next SERIES (a series ID or name)")
	}
	cfg.Logger = newLogger(io, env)
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	sr, err := findSeries(ctx, st, pos[0])
	if err != nil {
		return err
	}
	m, created, err := st.NextMeeting(ctx, sr.ID)
	if err != nil {
		return err
	}
	items, err := st.MeetingItems(ctx, m.ID)
	if err != nil {
		return err
	}
	verb := "already open"
	if created {
		verb = "opened"
	}
	// The slot as the series' people read it (10:00 JST, not 01:00 UTC).
	loc, err := time.LoadLocation(sr.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	fmt.Fprintf(io.out, "%s %q (%s) at %s with %d agenda items\n", verb, m.Title, m.ID, m.StartsAt.In(loc).Format("2006-01-02 15:04 MST"), len(items))
	return nil
}

// findSeries accepts a series ID or its exact name.
func findSeries(ctx context.Context, st *data.Store, key string) (data.Series, error) {
	if sr, err := st.Series(ctx, data.SeriesID(key)); err == nil {
		return sr, nil
	}
	all, err := st.ListSeries(ctx)
	if err != nil {
		return data.Series{}, err
	}
	for _, sr := range all {
		if sr.Name == key {
			return sr, nil
		}
	}
	return data.Series{}, data.Errorf(data.ENOTFOUND, "no series with ID or name %q", key)
}

func runBackup(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg config
	fs := newFlagSet("backup", "FILE", io)
	addDBFlag(fs, &cfg, env)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: kaigi backup FILE")
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "backed up %s to %s\n", cfg.DB, pos[0])
	return nil
}

func runRestore(ctx context.Context, args []string, env map[string]string, io stdio) error {
	var cfg config
	fs := newFlagSet("restore", "FILE [--force] | --from-replica URL [--at TIME] [--force]", io)
	addDBFlag(fs, &cfg, env)
	force := fs.Bool("force", false, "overwrite a database that has newer changes than the backup")
	from := fs.String("from-replica", "", "restore from a continuous replica (file://, s3://, sftp://) instead of a backup file")
	at := fs.String("at", "", "with --from-replica: the state at this time (RFC 3339, as 2026-03-02T09:30:00+09:00) instead of the newest")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *from != "" {
		if len(pos) != 0 {
			return usagef("usage: kaigi restore --from-replica URL [--at TIME]: no backup FILE with a replica")
		}
		return restoreFromReplica(ctx, cfg, *from, *at, *force, env, io)
	}
	if *at != "" {
		return usagef("--at needs --from-replica: a backup file holds one moment only")
	}
	if len(pos) != 1 {
		return usagef("usage: kaigi restore FILE [--force], or kaigi restore --from-replica URL [--at TIME]")
	}
	if err := data.Restore(ctx, pos[0], cfg.DB, *force); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "restored %s from %s\n", cfg.DB, pos[0])
	return nil
}

// restoreFromReplica rebuilds the database from a continuous replica,
// refusing, as a restore from a file does, to replace a database in use or
// one holding newer work.
func restoreFromReplica(ctx context.Context, cfg config, url, at string, force bool, env map[string]string, io stdio) error {
	var when time.Time
	if at != "" {
		var err error
		if when, err = time.Parse(time.RFC3339, at); err != nil {
			return usagef("--at %q: give a time as 2026-03-02T09:30:00+09:00 or 2026-03-02T00:30:00Z", at)
		}
	}
	t, err := replica.ParseTarget(url, replica.SFTP{KeyPath: env["KAIGI_REPLICA_SFTP_KEY"], HostKey: env["KAIGI_REPLICA_SFTP_HOST_KEY"]})
	if err != nil {
		return err
	}
	state, err := replica.Restore(ctx, t, cfg.DB, when, force, newLogger(io, env))
	if err != nil {
		return err
	}
	fmt.Fprintf(io.out, "restored %s from %s (its state at %s)\n", cfg.DB, t, state.UTC().Format(time.RFC3339))
	return nil
}
