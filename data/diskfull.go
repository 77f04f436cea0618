package data

import (
	"context"
	"errors"
	"syscall"
	"time"

	"modernc.org/sqlite"
)

// sqliteFull is SQLITE_FULL: "database or disk is full".
const sqliteFull = 13

// IsDiskFull reports whether err comes from a disk with no space left.
func IsDiskFull(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqliteFull {
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}

// diskFull is the coded error every write answers while the disk is
// full: reads go on, and writes work again once space is freed, without
// a restart. The store remembers when it last saw one (Writable).
func (s *Store) diskFull(err error) error {
	if err == nil || !IsDiskFull(err) {
		return err
	}
	s.fullAt.Store(s.now().UnixNano())
	return Errorf(EFULL, "the server's disk is full, so nothing can be saved right now; "+
		"what you entered was not saved. Ask the person who runs kaigi to free space on its disk, then try again")
}

// recentFull is how long after a write failed for a full disk Writable
// still reports it (no write since has shown the space is back).
const recentFull = time.Minute

// Writable reports why the database cannot take writes now, or nil: its
// file was replaced or removed, is read-only for this process, or a write
// met a full disk within the last minute and none has succeeded since.
func (s *Store) Writable(ctx context.Context) error {
	if err := s.CheckFile(); err != nil {
		return err
	}
	if err := checkWritable(s.file.path); err != nil {
		return err
	}
	if at := s.fullAt.Load(); at != 0 && s.now().Sub(time.Unix(0, at)) < recentFull {
		return Errorf(EFULL, "the database's disk is full: writes are refused until space is freed")
	}
	return ctx.Err()
}
