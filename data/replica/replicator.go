package replica

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/benbjohnson/litestream"
)

// DefaultInterval is how often new writes are shipped to the replica.
const DefaultInterval = time.Second

// Options configure a Replicator. Zero values pick the defaults.
type Options struct {
	// Interval between uploads to the replica (DefaultInterval when 0).
	// Litestream also looks for new writes in the WAL four times per
	// interval, so a write reaches the replica about 1¼ intervals after
	// its commit.
	Interval time.Duration
	Logger   *slog.Logger
	Now      func() time.Time
}

// Replicator ships every committed write of one database file to a
// target while the server runs.
type Replicator struct {
	target   Target
	interval time.Duration
	now      func() time.Time
	started  time.Time
	lsStore  *litestream.Store
	lsDB     *litestream.DB
	errs     *lastError
}

// Start begins replicating the database at path. The first upload is a
// full snapshot; after that only new pages travel.
func Start(ctx context.Context, path string, t Target, opt Options) (*Replicator, error) {
	if opt.Interval <= 0 {
		opt.Interval = DefaultInterval
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	errs := &lastError{}
	log := slog.New(errs.handler(opt.Logger.With("replica", t.String()).Handler()))
	if err := t.init(ctx, log); err != nil {
		return nil, err
	}
	db := litestream.NewDB(path)
	db.MonitorInterval = opt.Interval / 4
	rep := litestream.NewReplicaWithClient(db, t.client)
	rep.SyncInterval = opt.Interval
	db.Replica = rep
	st := litestream.NewStore([]*litestream.DB{db}, compactionLevels())
	st.Logger = log
	db.SetLogger(log)
	if err := st.Open(ctx); err != nil {
		return nil, fmt.Errorf("start replicating to %s: %w", t, err)
	}
	return &Replicator{target: t, interval: opt.Interval, now: opt.Now, started: opt.Now(),
		lsStore: st, lsDB: db, errs: errs}, nil
}

// compactionLevels are Litestream's defaults (30 s, 5 min, 1 h), built
// afresh because the store keeps and mutates what it is given.
func compactionLevels() litestream.CompactionLevels {
	return litestream.CompactionLevels{
		{Level: 0},
		{Level: 1, Interval: 30 * time.Second},
		{Level: 2, Interval: 5 * time.Minute},
		{Level: 3, Interval: time.Hour},
	}
}

// Stop ships what is left (for at most ctx's time) and lets go of the file.
func (r *Replicator) Stop(ctx context.Context) error {
	if err := r.lsStore.Close(ctx); err != nil {
		return fmt.Errorf("stop replicating to %s: %w", r.target, err)
	}
	return nil
}

// Status is what an operator sees of the replication.
type Status struct {
	Target      string        // the URL without its password
	Interval    time.Duration // between uploads
	LastSuccess time.Time     // zero before the first upload
	// Lag is how long ago the replica last confirmed it holds every write
	// Litestream had seen; writes newer than that would be lost with the disk.
	Lag time.Duration
	// Current is false when the lag is more than ten intervals: the
	// replica is unreachable or failing.
	Current   bool
	LastError string // the newest failure since the last success, if any
}

// Status reads the replication's state; it does no I/O.
func (r *Replicator) Status() Status {
	last := r.lsDB.LastSuccessfulSyncAt()
	since := last
	if since.IsZero() {
		since = r.started
	}
	lag := max(r.now().Sub(since), 0)
	st := Status{Target: r.target.String(), Interval: r.interval, LastSuccess: last, Lag: lag,
		Current: !last.IsZero() && lag <= 10*r.interval}
	if msg, at := r.errs.get(); at.After(last) {
		st.LastError = msg
	}
	return st
}
