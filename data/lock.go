package data

import (
	"fmt"
	"os"

	"github.com/gofrs/flock"
)

// A database file has a lock file beside it, FILE.lock. Every Store holds a
// shared lock on it while open (the server, and every command that opens the
// database); Restore takes it exclusively, so it cannot replace a file that
// anyone has open, and nobody can open the file while it is being replaced.
// The kernel drops the lock when its process ends, a SIGKILL included, so a
// crashed server never leaves a stale lock behind. The lock file is separate
// from the database because SQLite's own POSIX locks on the database file
// would be dropped when another descriptor of it is closed.
func lockPath(db string) string { return db + ".lock" }

// lockShared takes the shared lock of an open Store.
func lockShared(db string) (*flock.Flock, error) {
	return tryLock(db, (*flock.Flock).TryRLock,
		"%s is being restored from a backup; start kaigi again when the restore has finished")
}

// lockExclusive takes the lock Restore holds while it replaces db.
func lockExclusive(db string) (*flock.Flock, error) {
	return tryLock(db, (*flock.Flock).TryLock,
		"%s is in use by a running kaigi (the server, or another command); stop it, then restore")
}

// tryLock takes db's lock without waiting; busy is the conflict's message.
func tryLock(db string, try func(*flock.Flock) (bool, error), busy string) (*flock.Flock, error) {
	l := flock.New(lockPath(db), flock.SetPermissions(0o600))
	ok, err := try(l)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", lockPath(db), err)
	}
	if !ok {
		return nil, Errorf(ECONFLICT, busy, db)
	}
	return l, nil
}

// fileIdentity is what the path of an open database pointed at when it was
// opened; CheckFile compares the path with it.
type fileIdentity struct {
	path string
	info os.FileInfo
}

// CheckFile reports an error when the database file the store opened is no
// longer the file at its path: it was replaced (renamed over, as a restore
// would) or removed while the store had it open. The store's writes would
// go to the old file and be lost, so every transaction checks this first
// and a running server stops when it fails.
func (s *Store) CheckFile() error {
	if s.file.info == nil {
		return nil
	}
	now, err := os.Stat(s.file.path)
	if err != nil || !os.SameFile(now, s.file.info) {
		return fmt.Errorf("the database file %s was replaced or removed while kaigi had it open; "+
			"nothing more is written to it: stop kaigi and start it again", s.file.path)
	}
	return nil
}
