package notion

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

const timeLayout = "2006-01-02T15:04:05.000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// link ties a kaigi record to its page, with the base of the three-way merge.
type link struct {
	Entity       data.Entity
	LocalID      string
	PageID       string
	Base         Fields
	RemoteEdited time.Time // the page's last_edited_time when kaigi last saw it
	Settled      bool      // that minute had passed, so no later edit can hide in it
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func scanLink(row *sql.Row) (link, bool, error) {
	var l link
	var base, edited string
	var settled int
	err := row.Scan(&l.Entity, &l.LocalID, &l.PageID, &base, &edited, &settled)
	if errors.Is(err, sql.ErrNoRows) {
		return l, false, nil
	}
	if err != nil {
		return l, false, fmt.Errorf("read link: %w", err)
	}
	if err := json.Unmarshal([]byte(base), &l.Base); err != nil {
		return l, false, fmt.Errorf("read link base: %w", err)
	}
	if edited != "" {
		if l.RemoteEdited, err = time.Parse(timeLayout, edited); err != nil {
			return l, false, fmt.Errorf("read link time: %w", err)
		}
	}
	l.Settled = settled == 1
	return l, true, nil
}

const linkColumns = "entity, local_id, page_id, base, remote_edited, settled"

func linkByLocal(ctx context.Context, q queryer, e data.Entity, id string) (link, bool, error) {
	return scanLink(q.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM notion_links WHERE entity = ? AND local_id = ?`, e, id))
}

func linkByPage(ctx context.Context, q queryer, pageID string) (link, bool, error) {
	return scanLink(q.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM notion_links WHERE page_id = ?`, pageID))
}

func saveLink(ctx context.Context, q queryer, l link, now time.Time) error {
	base, err := json.Marshal(l.Base)
	if err != nil {
		return fmt.Errorf("encode base: %w", err)
	}
	edited := ""
	if !l.RemoteEdited.IsZero() {
		edited = fmtTime(l.RemoteEdited)
	}
	settled := 0
	if l.Settled {
		settled = 1
	}
	_, err = q.ExecContext(ctx, `INSERT INTO notion_links (entity, local_id, page_id, base, remote_edited, settled, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (entity, local_id) DO UPDATE SET page_id = excluded.page_id, base = excluded.base,
			remote_edited = excluded.remote_edited, settled = excluded.settled, updated_at = excluded.updated_at`,
		l.Entity, l.LocalID, l.PageID, string(base), edited, settled, fmtTime(now))
	if err != nil {
		return fmt.Errorf("save link %s %s: %w", l.Entity, l.LocalID, err)
	}
	return nil
}

// linkedPages lists every linked page of an entity: page ID → local ID.
func linkedPages(ctx context.Context, db *sql.DB, e data.Entity) (map[string]link, error) {
	rows, err := db.QueryContext(ctx, `SELECT page_id FROM notion_links WHERE entity = ?`, e)
	if err != nil {
		return nil, fmt.Errorf("list links: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan link: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, err
	}
	rows.Close()
	out := make(map[string]link, len(ids))
	for _, id := range ids {
		l, _, err := linkByPage(ctx, db, id)
		if err != nil {
			return nil, err
		}
		out[id] = l
	}
	return out, nil
}

func getState(ctx context.Context, q queryer, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM notion_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read sync state %s: %w", key, err)
	}
	return v, nil
}

func setState(ctx context.Context, q queryer, key, value string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO notion_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("save sync state %s: %w", key, err)
	}
	return nil
}

func addConflict(ctx context.Context, q queryer, e data.Entity, id string, c Conflict, now time.Time) error {
	// A conflict still open on the same field is replaced: the latest pair of values is what a person must judge.
	if _, err := q.ExecContext(ctx, `UPDATE notion_conflicts SET resolved_at = ?, resolution = applied
		WHERE entity = ? AND local_id = ? AND field = ? AND resolved_at IS NULL`, fmtTime(now), e, id, c.Field); err != nil {
		return fmt.Errorf("supersede conflict: %w", err)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO notion_conflicts (entity, local_id, field, base_value, local_value, notion_value, applied, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e, id, c.Field, c.Base, c.Local, c.Remote, string(c.Winner), fmtTime(now))
	if err != nil {
		return fmt.Errorf("record conflict: %w", err)
	}
	return nil
}

// ConflictRecord is a conflict as the web app lists it.
type ConflictRecord struct {
	ID          int64
	Entity      data.Entity
	LocalID     string
	Field       string
	BaseValue   string
	LocalValue  string
	NotionValue string
	Applied     Winner
	CreatedAt   time.Time
}

// Run is the stored summary of one sync cycle.
type Run struct {
	ID         int64
	Trigger    string
	StartedAt  time.Time
	FinishedAt time.Time
	Summary    Summary
	Errors     []string
}

// Summary counts what one cycle did.
type Summary struct {
	Pulled    int     `json:"pulled"`
	Pushed    int     `json:"pushed"`
	Created   int     `json:"created"`
	Trashed   int     `json:"trashed"`
	Conflicts int     `json:"conflicts"`
	Requests  int64   `json:"requests"`
	Seconds   float64 `json:"seconds"`
}

// failure is a record whose push failed, to be tried again next cycle.
type failure struct {
	Entity  data.Entity
	LocalID string
	Error   string
}

func retryRecords(ctx context.Context, db *sql.DB) ([]failure, error) {
	rows, err := db.QueryContext(ctx, `SELECT entity, local_id, error FROM notion_retry ORDER BY entity, local_id`)
	if err != nil {
		return nil, fmt.Errorf("list failed pushes: %w", err)
	}
	defer rows.Close()
	var out []failure
	for rows.Next() {
		var f failure
		if err := rows.Scan(&f.Entity, &f.LocalID, &f.Error); err != nil {
			return nil, fmt.Errorf("scan failed push: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// saveRetry makes the retry set exactly failed: every earlier failure was
// tried again in this cycle.
func saveRetry(ctx context.Context, q queryer, failed []failure, now time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM notion_retry`); err != nil {
		return fmt.Errorf("clear failed pushes: %w", err)
	}
	for _, f := range failed {
		if _, err := q.ExecContext(ctx, `INSERT INTO notion_retry (entity, local_id, error, failed_at) VALUES (?, ?, ?, ?)`,
			f.Entity, f.LocalID, f.Error, fmtTime(now)); err != nil {
			return fmt.Errorf("keep failed push: %w", err)
		}
	}
	return nil
}

// sentWrite is a write sent to Notion whose answer kaigi has not stored.
type sentWrite struct {
	PageID string // empty for a create
	Base   Fields // what the page holds if the write was applied
	SentAt time.Time
}

// saveSent remembers a write before it is sent.
func saveSent(ctx context.Context, q queryer, e data.Entity, id string, w sentWrite) error {
	b, err := json.Marshal(w.Base)
	if err != nil {
		return fmt.Errorf("encode sent write: %w", err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO notion_sent (entity, local_id, page_id, base, sent_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (entity, local_id) DO UPDATE SET page_id = excluded.page_id, base = excluded.base, sent_at = excluded.sent_at`,
		e, id, w.PageID, string(b), fmtTime(w.SentAt))
	if err != nil {
		return fmt.Errorf("save sent write of %s %s: %w", e, id, err)
	}
	return nil
}

// sentTo returns the unanswered write of a record; ok is false when there is none.
func sentTo(ctx context.Context, q queryer, e data.Entity, id string) (sentWrite, bool, error) {
	var w sentWrite
	var b, at string
	err := q.QueryRowContext(ctx, `SELECT page_id, base, sent_at FROM notion_sent WHERE entity = ? AND local_id = ?`, e, id).Scan(&w.PageID, &b, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return w, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("read sent write of %s %s: %w", e, id, err)
	}
	if err := json.Unmarshal([]byte(b), &w.Base); err != nil {
		return w, false, fmt.Errorf("read sent write of %s %s: %w", e, id, err)
	}
	if w.SentAt, err = time.Parse(timeLayout, at); err != nil {
		return w, false, fmt.Errorf("read sent write of %s %s: %w", e, id, err)
	}
	return w, true, nil
}

func dropSent(ctx context.Context, q queryer, e data.Entity, id string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM notion_sent WHERE entity = ? AND local_id = ?`, e, id); err != nil {
		return fmt.Errorf("forget sent write of %s %s: %w", e, id, err)
	}
	return nil
}

// saveLinkSent stores a link after Notion answered the write: the new base
// and the end of the unanswered write commit together.
func (e *Engine) saveLinkSent(ctx context.Context, l link) error {
	return e.store.InTx(ctx, func(tx *sql.Tx) error {
		if err := saveLink(ctx, tx, l, e.clock.Now()); err != nil {
			return err
		}
		return dropSent(ctx, tx, l.Entity, l.LocalID)
	})
}

// queuePush makes the next push try a record that the outbox may not name.
func queuePush(ctx context.Context, q queryer, e data.Entity, id string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO notion_retry (entity, local_id, error, failed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (entity, local_id) DO NOTHING`, e, id, "Notion lags a merge", fmtTime(now))
	if err != nil {
		return fmt.Errorf("queue push of %s %s: %w", e, id, err)
	}
	return nil
}
