package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the live database to dst with VACUUM
// INTO, which reads one snapshot while writers carry on.
func (s *Store) Backup(ctx context.Context, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return Errorf(ECONFLICT, "%s already exists; choose a new file name", dst)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("backup to %s: %w", dst, err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok"
// for a sound database).
func IntegrityCheck(ctx context.Context, path string) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", Errorf(ENOTFOUND, "%s: no such database file", path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return "", fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&verdict); err != nil {
		return "", Errorf(EINVALID, "%s is not a kaigi database: %v", path, err)
	}
	return verdict, nil
}

// Restore replaces the database at dst with the backup at src. It refuses
// while any kaigi process has dst open (see lock.go), and it refuses to
// overwrite anything dst holds that the backup lacks (newer changes, logins,
// API tokens, settings; see newerThan) unless force is set. It never leaves
// a half-written file: the copy is checked and then renamed into place.
func Restore(ctx context.Context, src, dst string, force bool) error {
	verdict, err := IntegrityCheck(ctx, src)
	if err != nil {
		return err
	}
	if verdict != "ok" {
		return Errorf(EINVALID, "%s fails its integrity check: %s", src, verdict)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	lock, err := lockExclusive(dst)
	if err != nil {
		return err
	}
	defer lock.Close()
	if _, err := os.Stat(dst); err == nil && !force {
		newer, err := newerThan(ctx, dst, src)
		if err != nil {
			return err
		}
		if len(newer) > 0 {
			return Errorf(ECONFLICT, "%s has %s that the backup lacks; use --force to overwrite them",
				dst, strings.Join(newer, ", "))
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".restore-*")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp.Name())
	in, err := os.Open(src)
	if err != nil {
		tmp.Close()
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return fmt.Errorf("restore: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("restore: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// The old WAL belongs to the old file; replaying it onto the restored one
	// would corrupt it.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}
