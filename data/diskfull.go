package data

import (
	"errors"
	"syscall"

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

// errDiskFull is the coded error every write answers while the disk is
// full: reads go on, and writes work again once space is freed, without
// a restart.
func errDiskFull(err error) error {
	if err == nil || !IsDiskFull(err) {
		return err
	}
	return Errorf(EFULL, "the server's disk is full, so nothing can be saved right now; "+
		"what you entered was not saved. Ask the person who runs kaigi to free space on its disk, then try again")
}
