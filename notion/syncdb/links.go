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

// Link ties a kaigi record to its page, with the base of the three-way merge.
type Link struct {
	Entity       data.Entity
	LocalID      string
	PageID       string
	Base         map[string]string // the last synced value of every field (merge.Fields)
	RemoteEdited time.Time         // the page's last_edited_time when kaigi last saw it
	RemoteBy     string            // who made that edit (kaigi's integration after its own write)
	Settled      bool              // that minute had passed, so no later edit can hide in it
	// ConfirmedAt is when a query or a read last showed the page as it is;
	// zero in a link to save leaves the stored time as it is.
	ConfirmedAt time.Time
}

const linkColumns = "entity, local_id, page_id, base, remote_edited, settled, remote_by, confirmed_at"

type scanner interface{ Scan(dest ...any) error }

func scanLink(row scanner) (Link, error) {
	var l Link
	var base, edited, confirmed string
	var settled int
	if err := row.Scan(&l.Entity, &l.LocalID, &l.PageID, &base, &edited, &settled, &l.RemoteBy, &confirmed); err != nil {
		return l, fmt.Errorf("read link: %w", err)
	}
	if confirmed != "" {
		var err error
		if l.ConfirmedAt, err = time.Parse(timeLayout, confirmed); err != nil {
			return l, fmt.Errorf("read link confirmation: %w", err)
		}
	}
	if err := json.Unmarshal([]byte(base), &l.Base); err != nil {
		return l, fmt.Errorf("read link base: %w", err)
	}
	if edited != "" {
		var err error
		if l.RemoteEdited, err = time.Parse(timeLayout, edited); err != nil {
			return l, fmt.Errorf("read link time: %w", err)
		}
	}
	l.Settled = settled == 1
	return l, nil
}

func (d *DB) link(ctx context.Context, where string, args ...any) (Link, bool, error) {
	l, err := scanLink(d.conn(ctx).QueryRowContext(ctx, `SELECT `+linkColumns+` FROM notion_links WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Link{}, false, nil
	}
	if err != nil {
		return Link{}, false, err
	}
	return l, true, nil
}

// LinkByLocal returns a record's link; ok is false when it has no page.
func (d *DB) LinkByLocal(ctx context.Context, e data.Entity, id string) (Link, bool, error) {
	return d.link(ctx, `entity = ? AND local_id = ?`, e, id)
}

// LinkByPage returns the link of a page; ok is false for a page of no record.
func (d *DB) LinkByPage(ctx context.Context, pageID string) (Link, bool, error) {
	return d.link(ctx, `page_id = ?`, pageID)
}

// SaveLink stores a link, replacing the record's earlier one.
func (d *DB) SaveLink(ctx context.Context, l Link, now time.Time) error {
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
	confirmed := ""
	if !l.ConfirmedAt.IsZero() {
		confirmed = fmtTime(l.ConfirmedAt)
	}
	_, err = d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_links (entity, local_id, page_id, base, remote_edited, settled, remote_by, confirmed_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (entity, local_id) DO UPDATE SET page_id = excluded.page_id, base = excluded.base,
			remote_edited = excluded.remote_edited, settled = excluded.settled, remote_by = excluded.remote_by,
			confirmed_at = CASE WHEN excluded.confirmed_at <> '' THEN excluded.confirmed_at ELSE notion_links.confirmed_at END,
			updated_at = excluded.updated_at`,
		l.Entity, l.LocalID, l.PageID, string(base), edited, settled, l.RemoteBy, confirmed, fmtTime(now))
	if err != nil {
		return fmt.Errorf("save link %s %s: %w", l.Entity, l.LocalID, err)
	}
	return nil
}

// LinkedPages lists every link of an entity, by page ID.
func (d *DB) LinkedPages(ctx context.Context, e data.Entity) (map[string]Link, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT `+linkColumns+` FROM notion_links WHERE entity = ?`, e)
	if err != nil {
		return nil, fmt.Errorf("list links: %w", err)
	}
	defer rows.Close()
	out := map[string]Link{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out[l.PageID] = l
	}
	return out, rows.Err()
}

// PageIDs maps the IDs of an entity's records to the pages they are synced
// with (records without a page yet are absent). LADR files show the page
// in their front matter.
func (d *DB) PageIDs(ctx context.Context, e data.Entity) (map[string]string, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT local_id, page_id FROM notion_links WHERE entity = ?`, e)
	if err != nil {
		return nil, fmt.Errorf("read Notion pages: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var local, page string
		if err := rows.Scan(&local, &page); err != nil {
			return nil, fmt.Errorf("scan Notion page: %w", err)
		}
		out[local] = page
	}
	return out, rows.Err()
}
