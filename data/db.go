package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofrs/flock"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is kaigi's SQLite database. All methods take ctx first and are safe
// for concurrent use.
type Store struct {
	db     *sql.DB
	reads  *stmtCache // prepared reads outside transactions
	now    func() time.Time
	zone   *time.Location // the server's zone (KAIGI_TZ); see teamday.go
	log    *slog.Logger
	newID  func() string
	search tokenizer
	lock   *flock.Flock // shared while open; see lock.go
	file   fileIdentity
	fullAt *atomic.Int64 // shared by copies (Seed); when a write last met a full disk (unix nanoseconds), 0 when none since
}

// Options configure a Store. Zero values pick production defaults.
type Options struct {
	Now func() time.Time // the clock; time.Now when nil
	// Zone is the server's time zone (KAIGI_TZ): the team's day where
	// neither a series nor a person names one. UTC when nil.
	Zone   *time.Location
	Logger *slog.Logger
	// IDRand supplies the random bits of new IDs; crypto/rand when nil.
	// Tests that replay a seed pass a seeded source. Not safe for
	// concurrent use unless the source is.
	IDRand io.Reader
}

// DSN returns the connection string for a database file. Every setting that
// must hold on each pooled connection lives here, never in a one-off PRAGMA.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and applies any
// pending migrations.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, Errorf(EINVALID, "a database file path is required")
	}
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	lock, err := lockShared(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// SQLite writes one at a time; a few readers share WAL snapshots.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	s := &Store{db: db, reads: newStmtCache(db), now: opts.Now, zone: opts.Zone, log: opts.Logger, lock: lock, fullAt: new(atomic.Int64)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.newID = func() string { return newUUIDv7(s.now(), opts.IDRand) }
	if err := db.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.file = fileIdentity{path: path, info: info}
	if err := s.guard(ctx, path); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.markApplication(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the pool, then lets go of the database's shared lock.
func (s *Store) Close() error {
	s.reads.close()
	err := s.db.Close()
	if lerr := s.lock.Close(); err == nil {
		err = lerr
	}
	return err
}

// Ping reports whether the database answers (the server's health check).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Now is the store's clock, shared with callers that must agree with it.
func (s *Store) Now() time.Time { return s.now().UTC() }

func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var applied []int
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			body, err := migrationFiles.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("apply %s: %w", base, err)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				version, base, formatTime(s.now()))
			if err == nil {
				applied = append(applied, version)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return s.afterMigrations(ctx, applied)
}

// inTx runs fn in one immediate transaction and commits it when fn returns
// nil. The transaction is rolled back on error or panic. A full disk is
// the coded EFULL, whatever statement met it.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	err := s.runTx(ctx, fn)
	if err == nil {
		s.fullAt.Store(0) // a write went through: there is space again
	}
	return s.diskFull(err)
}

func (s *Store) runTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	if tx := s.joinedTx(ctx); tx != nil {
		return fn(tx) // part of a caller's Atomically: it commits or rolls back
	}
	if err := s.CheckFile(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Queryer is what both *sql.DB and *sql.Tx offer: the pool, or a transaction.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// notFound turns sql.ErrNoRows into a coded error naming the record.
func notFound(err error, what string, id any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return Errorf(ENOTFOUND, "%s %v not found", what, id)
	}
	return err
}
