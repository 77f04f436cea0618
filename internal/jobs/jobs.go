// Package jobs runs kaigi's background work (cron jobs, sync cycles, the
// digest, minutes posts, the live pages' poller, webhooks' pulls) so that
// a panic in one job is logged with its stack and counted, and the server
// goes on serving, and so that shutdown can wait for whatever still runs.
package jobs

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
)

// Runner runs background jobs. The zero value is not usable; use New.
type Runner struct {
	log *slog.Logger
	wg  sync.WaitGroup

	mu     sync.Mutex
	panics map[string]int64 // by job name
}

// New returns a runner that logs recovered panics to log (discarded when nil).
func New(log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{log: log, panics: map[string]int64{}}
}

// Go runs fn in a new goroutine as the job name.
func (r *Runner) Go(name string, fn func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		r.guard(name, fn)
	}()
}

// Run runs fn in the caller's goroutine (a cron job, which has its own)
// as the job name, and returns when it has ended, panicked or not.
func (r *Runner) Run(name string, fn func()) {
	r.wg.Add(1)
	defer r.wg.Done()
	r.guard(name, fn)
}

// Wait returns when every job started by Go or Run has ended.
func (r *Runner) Wait() { r.wg.Wait() }

// Panics counts the panics recovered so far, by job name.
func (r *Runner) Panics() map[string]int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int64, len(r.panics))
	for k, v := range r.panics {
		out[k] = v
	}
	return out
}

func (r *Runner) guard(name string, fn func()) {
	defer func() {
		if p := recover(); p != nil {
			r.mu.Lock()
			r.panics[name]++
			r.mu.Unlock()
			r.log.Error("background job panicked; the server goes on", "job", name,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	fn()
}
