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
// INTO, which reads one snapshot while writers carry on. The copy is made
// under a temporary name beside dst and linked to dst only when whole, so a
// backup that failed (a full disk) leaves no file that looks like a backup.
func (s *Store) Backup(ctx context.Context, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return Errorf(ECONFLICT, "%s already exists; choose a new file name", dst)
	}
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".partial")
	removePartial := func() {
		for _, p := range []string{tmp, tmp + "-journal", tmp + "-wal"} {
			_ = os.Remove(p) // absent is fine
		}
	}
	removePartial() // left by a backup that was killed
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		removePartial()
		if IsDiskFull(err) {
			return Errorf(EFULL, "the backup to %s did not fit: its disk is full; nothing was written (free space there or choose another disk)", dst)
		}
		return fmt.Errorf("backup to %s: %w (nothing was written)", dst, err)
	}
	defer removePartial()
	// A hard link fails if dst appeared meanwhile, where a rename would replace it.
	if err := os.Link(tmp, dst); err != nil {
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
	if err := VerifyBackup(ctx, src); err != nil {
		return err
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
