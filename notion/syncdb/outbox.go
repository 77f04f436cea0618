package syncdb

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// The outbox is the store's change journal read from OutboxCursor on, plus
// the retry set: records whose push failed, tried again every cycle while
// the cursor moves on, so one broken record never holds back the others.

// Failure is a record whose push failed, to be tried again: at once
// (RetryAt zero) or after a backoff.
type Failure struct {
	Entity   data.Entity
	LocalID  string
	Error    string
	Attempts int       // failures in a row, this one included
	RetryAt  time.Time // not tried again before this; zero: next cycle
}

// RetrySet lists the records to push again, by entity and ID.
func (d *DB) RetrySet(ctx context.Context) ([]Failure, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT entity, local_id, error, attempts, retry_at FROM notion_retry ORDER BY entity, local_id`)
	if err != nil {
		return nil, fmt.Errorf("list failed pushes: %w", err)
	}
	defer rows.Close()
	var out []Failure
	for rows.Next() {
		var f Failure
		var at string
		if err := rows.Scan(&f.Entity, &f.LocalID, &f.Error, &f.Attempts, &at); err != nil {
			return nil, fmt.Errorf("scan failed push: %w", err)
		}
		if at != "" {
			if f.RetryAt, err = parseTime("retry time", at); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FinishPush ends a push in one transaction: the retry set becomes exactly
// failed (every earlier failure was tried again, or is waiting for its
// backoff and listed again) and the cursor moves to seq.
func (d *DB) FinishPush(ctx context.Context, failed []Failure, seq int64, now time.Time) error {
	return d.Atomically(ctx, func(ctx context.Context) error {
		q := d.conn(ctx)
		if _, err := q.ExecContext(ctx, `DELETE FROM notion_retry`); err != nil {
			return fmt.Errorf("clear failed pushes: %w", err)
		}
		for _, f := range failed {
			at := ""
			if !f.RetryAt.IsZero() {
				at = fmtTime(f.RetryAt)
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO notion_retry (entity, local_id, error, failed_at, attempts, retry_at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (entity, local_id) DO NOTHING`, f.Entity, f.LocalID, f.Error, fmtTime(now), max(f.Attempts, 1), at); err != nil {
				return fmt.Errorf("keep failed push: %w", err)
			}
		}
		return d.set(ctx, keyOutboxCursor, strconv.FormatInt(seq, 10))
	})
}

// QueuePush makes the next push try a record that the journal may not name
// past the cursor; reason says why.
func (d *DB) QueuePush(ctx context.Context, e data.Entity, id, reason string, now time.Time) error {
	_, err := d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_retry (entity, local_id, error, failed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (entity, local_id) DO NOTHING`, e, id, reason, fmtTime(now))
	if err != nil {
		return fmt.Errorf("queue push of %s %s: %w", e, id, err)
	}
	return nil
}
