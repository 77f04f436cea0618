package server

import (
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// diskFullEvery is how often a full disk is logged while it stays full:
// every refused write would bury the log (and the disk) in one line each.
const diskFullEvery = time.Minute

// throttledLog counts an event and lets it be logged at most once per
// interval, with how many times it happened since the last line.
type throttledLog struct {
	mu      sync.Mutex
	last    time.Time
	unseen  int
	started bool
}

// note records one event at now; it returns whether to log and how many
// events the line stands for.
func (l *throttledLog) note(now time.Time, every time.Duration) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.unseen++
	if l.started && now.Sub(l.last) < every {
		return false, 0
	}
	n := l.unseen
	l.started, l.last, l.unseen = true, now, 0
	return true, n
}

// noteDiskFull logs a write refused for a full disk, at most once a minute.
func (a *app) noteDiskFull(c echo.Context, err error) {
	if ok, n := a.diskFull.note(a.Now(), diskFullEvery); ok {
		a.Logger.ErrorContext(c.Request().Context(), "the database's disk is full: writes are refused until space is freed",
			"refused_writes", n, "path", logPath(c.Request().URL.Path), "err", err)
	}
}
