package main

import (
	"context"
	"flag"
	"log/slog"
	"time"

	"github.com/kaigi-dev/kaigi/data/replica"
	"github.com/kaigi-dev/kaigi/server"
)

// replicaConfig is where and how often the database is copied (serve), or
// where it is restored from (restore --from-replica).
type replicaConfig struct {
	URL      string
	Interval time.Duration
	SFTP     replica.SFTP
	// intervalEnv is KAIGI_REPLICA_INTERVAL as given, checked at start:
	// a typo must not silently mean the default.
	intervalEnv string
}

// addReplicaFlags registers --replica and --replica-interval; the SFTP key
// settings come from the environment only.
func addReplicaFlags(fs *flag.FlagSet, rc *replicaConfig, env map[string]string) {
	fs.StringVar(&rc.URL, "replica", env["KAIGI_REPLICA"],
		"copy every write continuously to file:///folder, s3://bucket/path[?endpoint=URL&region=R&forcePathStyle=true] or sftp://user@host/path (env KAIGI_REPLICA)")
	fs.DurationVar(&rc.Interval, "replica-interval", durationEnv(env, "KAIGI_REPLICA_INTERVAL", replica.DefaultInterval),
		"how often new writes are uploaded to the replica (env KAIGI_REPLICA_INTERVAL)")
	rc.intervalEnv = env["KAIGI_REPLICA_INTERVAL"]
	rc.SFTP = replica.SFTP{KeyPath: env["KAIGI_REPLICA_SFTP_KEY"], HostKey: env["KAIGI_REPLICA_SFTP_HOST_KEY"]}
}

// startReplica starts copying the database when a replica is configured;
// nil otherwise.
func startReplica(ctx context.Context, db string, rc replicaConfig, log *slog.Logger) (*replica.Replicator, error) {
	if rc.URL == "" {
		return nil, nil
	}
	if _, err := time.ParseDuration(rc.intervalEnv); rc.intervalEnv != "" && err != nil {
		return nil, usagef("KAIGI_REPLICA_INTERVAL %q is not a duration such as 1s or 500ms", rc.intervalEnv)
	}
	if rc.Interval <= 0 {
		return nil, usagef("--replica-interval (KAIGI_REPLICA_INTERVAL) must be positive, got %v", rc.Interval)
	}
	t, err := replica.ParseTarget(rc.URL, rc.SFTP)
	if err != nil {
		return nil, err
	}
	rep, err := replica.Start(ctx, db, t, replica.Options{Interval: rc.Interval, Logger: log})
	if err != nil {
		return nil, err
	}
	log.Info("replicating the database", "to", t.String(), "interval", rc.Interval)
	return rep, nil
}

// stopReplica ships the last writes, waiting at most 15 s for the target.
func stopReplica(rep *replica.Replicator, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := rep.Stop(ctx); err != nil {
		log.Error("stop replicating", "err", err)
	}
}

// replicationStatus is the server's view of the replica.
func replicationStatus(rep *replica.Replicator) func() server.ReplicationStatus {
	if rep == nil {
		return nil
	}
	return func() server.ReplicationStatus {
		s := rep.Status()
		return server.ReplicationStatus{Target: s.Target, Interval: s.Interval, LastSuccess: s.LastSuccess,
			Lag: s.Lag, Current: s.Current, LastError: s.LastError}
	}
}

// replicaGauges put the replica's state on /metrics: how far behind it is,
// and whether that is within a few intervals.
func replicaGauges(r *replica.Replicator) []gaugeFunc {
	return []gaugeFunc{
		{"kaigi_replication_lag_seconds", "Seconds since the replica last confirmed every write.",
			func() float64 { return r.Status().Lag.Seconds() }},
		{"kaigi_replication_current", "1 while the replica is within a few intervals of the database, else 0.",
			func() float64 {
				if r.Status().Current {
					return 1
				}
				return 0
			}},
	}
}
