package replica

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// lastError keeps Litestream's newest error-level log line, which is the
// only place its background loops report a failure (an unreachable bucket,
// a refused upload), so the status can show it.
type lastError struct {
	mu  sync.Mutex
	msg string
	at  time.Time
}

func (l *lastError) get() (string, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.msg, l.at
}

func (l *lastError) set(msg string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msg, l.at = msg, at
}

func (l *lastError) handler(next slog.Handler) slog.Handler {
	return errorKeeper{next: next, keep: l}
}

// errorKeeper passes every record on and remembers error-level ones.
// Litestream's info lines (each compaction, every 30 s) become debug lines,
// so that an operator's log at info shows kaigi's own work and problems.
type errorKeeper struct {
	next slog.Handler
	keep *lastError
}

func demote(lv slog.Level) slog.Level {
	if lv < slog.LevelWarn {
		return slog.LevelDebug
	}
	return lv
}

func (h errorKeeper) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= slog.LevelError || h.next.Enabled(ctx, demote(lv))
}

func (h errorKeeper) Handle(ctx context.Context, r slog.Record) error {
	r.Level = demote(r.Level)
	if r.Level >= slog.LevelError {
		msg := r.Message
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "error" {
				msg += ": " + a.Value.String()
				return false
			}
			return true
		})
		h.keep.set(msg, r.Time)
	}
	if !h.next.Enabled(ctx, r.Level) {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h errorKeeper) WithAttrs(as []slog.Attr) slog.Handler {
	return errorKeeper{next: h.next.WithAttrs(as), keep: h.keep}
}

func (h errorKeeper) WithGroup(name string) slog.Handler {
	return errorKeeper{next: h.next.WithGroup(name), keep: h.keep}
}
