package server

import (
	"strings"
	"sync"
	"time"
)

// loginLimiter counts failed logins per client IP and per username within
// a window. Either key over the limit refuses further attempts, so neither
// a new address nor a new username alone gets around it.
type loginLimiter struct {
	limit  LoginLimit
	now    func() time.Time
	mu     sync.Mutex
	fails  map[string][]time.Time
	sweeps int
}

func newLoginLimiter(l LoginLimit, now func() time.Time) *loginLimiter {
	return &loginLimiter{limit: l, now: now, fails: make(map[string][]time.Time)}
}

func limiterKeys(ip, username string) [2]string {
	return [2]string{"ip:" + ip, "user:" + strings.ToLower(strings.TrimSpace(username))}
}

// allowed reports whether another attempt may be made now.
func (l *loginLimiter) allowed(ip, username string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range limiterKeys(ip, username) {
		if len(l.recent(k)) >= l.limit.Failures {
			return false
		}
	}
	return true
}

// failed records a failed attempt.
func (l *loginLimiter) failed(ip, username string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range limiterKeys(ip, username) {
		l.fails[k] = append(l.recent(k), l.now())
	}
	l.sweeps++
	if l.sweeps%1000 == 0 {
		l.sweep()
	}
}

// recent returns the failures of key inside the window; callers hold mu.
func (l *loginLimiter) recent(key string) []time.Time {
	cutoff := l.now().Add(-l.limit.Window)
	ts := l.fails[key]
	i := 0
	for i < len(ts) && !ts[i].After(cutoff) {
		i++
	}
	if i == len(ts) {
		delete(l.fails, key)
		return nil
	}
	return ts[i:]
}

// sweep forgets keys whose failures all fell out of the window, so that
// memory stays bounded under a spray of usernames.
func (l *loginLimiter) sweep() {
	for k := range l.fails {
		l.recent(k)
	}
}
