package syncdb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// Confirmation: every query that lists a linked page, and every read of it,
// confirms it (confirmed_at); linked pages the queries stop showing (in the
// trash, unshared, deleted) are the ones left unconfirmed, read one by one
// within the cycle's request budget.

// Confirm marks pages as seen by a query or a read at now.
func (d *DB) Confirm(ctx context.Context, pageIDs []string, now time.Time) error {
	for len(pageIDs) > 0 {
		n := min(len(pageIDs), 500)
		args := []any{fmtTime(now)}
		for _, id := range pageIDs[:n] {
			args = append(args, id)
		}
		q := `UPDATE notion_links SET confirmed_at = ? WHERE page_id IN (?` + strings.Repeat(", ?", n-1) + `)`
		if _, err := d.conn(ctx).ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("confirm pages: %w", err)
		}
		pageIDs = pageIDs[n:]
	}
	return nil
}

// Unconfirmed lists up to limit links of an entity not confirmed since
// before, recently edited first: those kaigi knows as live (trashed false),
// or those it knows are in the trash and were edited since notBefore.
func (d *DB) Unconfirmed(ctx context.Context, e data.Entity, before time.Time, trashed bool, notBefore time.Time, limit int) ([]Link, error) {
	if limit <= 0 {
		return nil, nil
	}
	flag := `json_extract(base, '$.deleted') IS NOT 'true'`
	if trashed {
		flag = `json_extract(base, '$.deleted') = 'true' AND remote_edited >= ?`
	}
	args := []any{e, fmtTime(before)}
	if trashed {
		args = append(args, fmtTime(notBefore))
	}
	args = append(args, limit)
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT `+linkColumns+` FROM notion_links
		WHERE entity = ? AND confirmed_at < ? AND `+flag+`
		ORDER BY remote_edited DESC, page_id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list unconfirmed pages: %w", err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Pass is where the confirmation pass of one database stands: a walk through
// its pages in creation order, a few query pages per cycle.
type Pass struct {
	From     time.Time `json:"from,omitempty"`      // the walk lists pages created on or after this minute; zero: all
	Cursor   string    `json:"cursor,omitempty"`    // where the walk resumes in that listing; "" with From zero: at the start
	Last     time.Time `json:"last,omitempty"`      // when the last page the walk listed was made (to resume by time when a cursor fails)
	Started  time.Time `json:"started,omitempty"`   // when the current walk began
	LastFull time.Time `json:"last_full,omitempty"` // when a walk last ended with every linked page confirmed
	Walked   time.Time `json:"walked,omitempty"`    // when the last walk reached the end (its pages then confirmed one by one)
}

// Pass reads the confirmation pass of an entity's database.
func (d *DB) Pass(ctx context.Context, e data.Entity) (Pass, error) {
	var p Pass
	err := d.getJSON(ctx, keyPassPrefix+string(e), &p)
	return p, err
}

func (d *DB) SetPass(ctx context.Context, e data.Entity, p Pass) error {
	return d.setJSON(ctx, keyPassPrefix+string(e), p)
}

// LostCreates lists the records of an entity whose page create was sent
// and never answered, with the oldest send time.
func (d *DB) LostCreates(ctx context.Context, e data.Entity) ([]string, time.Time, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT local_id, sent_at FROM notion_sent WHERE entity = ? AND page_id = '' ORDER BY sent_at`, e)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("list lost creates: %w", err)
	}
	defer rows.Close()
	var ids []string
	var oldest time.Time
	for rows.Next() {
		var id, at string
		if err := rows.Scan(&id, &at); err != nil {
			return nil, time.Time{}, fmt.Errorf("scan lost create: %w", err)
		}
		if oldest.IsZero() {
			if oldest, err = parseTime("lost create time", at); err != nil {
				return nil, time.Time{}, err
			}
		}
		ids = append(ids, id)
	}
	return ids, oldest, rows.Err()
}

// LinkCount counts an entity's linked pages.
func (d *DB) LinkCount(ctx context.Context, e data.Entity) (int, error) {
	var n int
	if err := d.conn(ctx).QueryRowContext(ctx, `SELECT count(*) FROM notion_links WHERE entity = ?`, e).Scan(&n); err != nil {
		return 0, fmt.Errorf("count links: %w", err)
	}
	return n, nil
}
