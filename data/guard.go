package data

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// applicationID marks a SQLite file as kaigi's in its header ("kaig" in
// ASCII; PRAGMA application_id). It is set on every open rather than by a
// migration, so files made before it existed get it too.
const applicationID = 0x6b616967

// SchemaVersion is the newest migration this binary knows: the schema it
// writes. A file whose schema is newer was written by a newer kaigi.
func SchemaVersion() int {
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	newest := 0
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
		if err == nil && v > newest {
			newest = v
		}
	}
	return newest
}

// checkWritable refuses a database file this process may not write, with
// the line a person acts on, instead of a server that answers every
// request with 500.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // Open creates it
	}
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return Errorf(EFORBIDDEN, "the database file %s is read-only for this user: make it writable (chmod u+w, or run kaigi as its owner, on a read-write mount), then start kaigi again", path)
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	return f.Close()
}

// fileKind is what a SQLite file says about itself.
type fileKind struct {
	appID      int64
	hasSchema  bool // a schema_migrations table
	version    int  // its newest migration
	tables     int  // user tables of any kind
	integrity  string
	checkedAll bool // integrity was checked
}

// inspect reads what decides whether q's file is a kaigi database.
func inspect(ctx context.Context, q Queryer, withIntegrity bool) (fileKind, error) {
	var k fileKind
	if err := q.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&k.appID); err != nil {
		return k, err
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE name = 'schema_migrations')
		FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`).Scan(&k.tables, &k.hasSchema); err != nil {
		return k, err
	}
	if k.hasSchema {
		if err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&k.version); err != nil {
			return k, err
		}
	}
	if withIntegrity {
		k.checkedAll = true
		if err := q.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&k.integrity); err != nil {
			return k, err
		}
	}
	return k, nil
}

// refusal says why kaigi must not use a file as its database, or nil. An
// empty file (no tables) is a new database when opened, and not a backup.
func (k fileKind) refusal(path string, backup bool) error {
	foreign := k.appID != 0 && k.appID != applicationID || k.appID == 0 && k.tables > 0 && !k.hasSchema
	switch {
	case foreign:
		return Errorf(EINVALID, "%s is not a kaigi database (it is another program's SQLite file)", path)
	case backup && !k.hasSchema:
		return Errorf(EINVALID, "%s is not a kaigi database (it holds no kaigi tables)", path)
	case k.version > SchemaVersion():
		return Errorf(ECONFLICT, "%s has schema version %d, newer than this kaigi's %d: use the newer kaigi that wrote it", path, k.version, SchemaVersion())
	case k.checkedAll && k.integrity != "ok":
		return Errorf(EINVALID, "%s fails its integrity check: %s", path, k.integrity)
	}
	return nil
}

// guard refuses, before anything is written, a file that is another
// program's or that a newer kaigi wrote.
func (s *Store) guard(ctx context.Context, path string) error {
	k, err := inspect(ctx, s.db, false)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return k.refusal(path, false)
}

// markApplication sets the header's application id once the file is kaigi's.
func (s *Store) markApplication(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `PRAGMA application_id = `+strconv.Itoa(applicationID)); err != nil {
		return fmt.Errorf("mark the file as kaigi's: %w", err)
	}
	return nil
}

// VerifyBackup checks, without changing it, that the file at path is a
// sound kaigi database this binary can use: not empty, kaigi's (application
// id, or the schema marker of a file from before the id), a schema no newer
// than this binary's, and PRAGMA integrity_check ok.
func VerifyBackup(ctx context.Context, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return Errorf(ENOTFOUND, "%s: no such backup file", path)
	}
	if info.Size() == 0 {
		return Errorf(EINVALID, "%s is empty (0 bytes), not a kaigi backup", path)
	}
	db, err := openReadOnly(path)
	if err != nil {
		return err
	}
	defer db.Close()
	k, err := inspect(ctx, db, true)
	if err != nil {
		return Errorf(EINVALID, "%s is not a kaigi database: %s", path, sqliteMessage(err))
	}
	return k.refusal(path, true)
}

// sqliteMessage is a driver error without its code prefix ("file is not a database").
func sqliteMessage(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg, "SQLITE_") {
		return msg[i+2:]
	}
	return msg
}
