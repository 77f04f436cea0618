package syncdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// Sent is a write sent to Notion whose answer kaigi has not stored: kept
// from before the request until the answer's new base commits, so that a
// lost answer (a crash, a timeout) is judged by what was sent.
type Sent struct {
	PageID string            // empty for a create
	Wrote  map[string]string // what the page holds if the write was applied
	SentAt time.Time
}

// SaveSent remembers a write before it is sent.
func (d *DB) SaveSent(ctx context.Context, e data.Entity, id string, w Sent) error {
	b, err := json.Marshal(w.Wrote)
	if err != nil {
		return fmt.Errorf("encode sent write: %w", err)
	}
	_, err = d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_sent (entity, local_id, page_id, base, sent_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (entity, local_id) DO UPDATE SET page_id = excluded.page_id, base = excluded.base, sent_at = excluded.sent_at`,
		e, id, w.PageID, string(b), fmtTime(w.SentAt))
	if err != nil {
		return fmt.Errorf("save sent write of %s %s: %w", e, id, err)
	}
	return nil
}

// SentTo returns the unanswered write of a record; ok is false when there is none.
func (d *DB) SentTo(ctx context.Context, e data.Entity, id string) (Sent, bool, error) {
	var w Sent
	var b, at string
	err := d.conn(ctx).QueryRowContext(ctx, `SELECT page_id, base, sent_at FROM notion_sent WHERE entity = ? AND local_id = ?`, e, id).Scan(&w.PageID, &b, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return w, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("read sent write of %s %s: %w", e, id, err)
	}
	if err := json.Unmarshal([]byte(b), &w.Wrote); err != nil {
		return w, false, fmt.Errorf("read sent write of %s %s: %w", e, id, err)
	}
	if w.SentAt, err = time.Parse(timeLayout, at); err != nil {
		return w, false, fmt.Errorf("read sent write of %s %s: %w", e, id, err)
	}
	return w, true, nil
}

// DropSent forgets a record's unanswered write (Notion refused it, or its
// page was merged with it).
func (d *DB) DropSent(ctx context.Context, e data.Entity, id string) error {
	if _, err := d.conn(ctx).ExecContext(ctx, `DELETE FROM notion_sent WHERE entity = ? AND local_id = ?`, e, id); err != nil {
		return fmt.Errorf("forget sent write of %s %s: %w", e, id, err)
	}
	return nil
}

// SaveAnswered stores a link after Notion answered the write: the new base
// and the end of the unanswered write commit together.
func (d *DB) SaveAnswered(ctx context.Context, l Link, now time.Time) error {
	return d.Atomically(ctx, func(ctx context.Context) error {
		if err := d.SaveLink(ctx, l, now); err != nil {
			return err
		}
		return d.DropSent(ctx, l.Entity, l.LocalID)
	})
}
