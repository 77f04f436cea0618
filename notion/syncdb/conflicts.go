package syncdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// Conflict is a same-field conflict as stored: both values, the base, the
// side whose value was applied, and how a person resolved it.
type Conflict struct {
	ID          int64
	Entity      data.Entity
	LocalID     string
	Field       string
	BaseValue   string
	LocalValue  string // kaigi's value
	NotionValue string // Notion's value
	Applied     string // "notion" or "kaigi": the winner until a person decides
	CreatedAt   time.Time
	ResolvedAt  time.Time // zero while open
	Resolution  string    // the side a person kept
}

const conflictColumns = "id, entity, local_id, field, base_value, local_value, notion_value, applied, created_at, resolved_at, resolution"

func scanConflict(row scanner) (Conflict, error) {
	var c Conflict
	var created string
	var resolved, resolution sql.NullString
	if err := row.Scan(&c.ID, &c.Entity, &c.LocalID, &c.Field, &c.BaseValue, &c.LocalValue, &c.NotionValue, &c.Applied, &created, &resolved, &resolution); err != nil {
		return c, fmt.Errorf("read conflict: %w", err)
	}
	var err error
	if c.CreatedAt, err = parseTime("conflict time", created); err != nil {
		return c, err
	}
	if resolved.Valid {
		if c.ResolvedAt, err = parseTime("conflict time", resolved.String); err != nil {
			return c, err
		}
	}
	c.Resolution = resolution.String
	return c, nil
}

func (d *DB) conflicts(ctx context.Context, where string, args ...any) ([]Conflict, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT `+conflictColumns+` FROM notion_conflicts WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list conflicts: %w", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		c, err := scanConflict(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list conflicts: %w", err)
	}
	return out, nil
}

// AddConflict records a conflict (c.ID, c.CreatedAt and the resolution are
// ignored). One still open on the same field is replaced, as settled by
// its applied value: the latest pair of values is what a person must judge.
func (d *DB) AddConflict(ctx context.Context, c Conflict, now time.Time) error {
	q := d.conn(ctx)
	if _, err := q.ExecContext(ctx, `UPDATE notion_conflicts SET resolved_at = ?, resolution = applied
		WHERE entity = ? AND local_id = ? AND field = ? AND resolved_at IS NULL`, fmtTime(now), c.Entity, c.LocalID, c.Field); err != nil {
		return fmt.Errorf("supersede conflict: %w", err)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO notion_conflicts (entity, local_id, field, base_value, local_value, notion_value, applied, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Entity, c.LocalID, c.Field, c.BaseValue, c.LocalValue, c.NotionValue, c.Applied, fmtTime(now))
	if err != nil {
		return fmt.Errorf("record conflict: %w", err)
	}
	return nil
}

// OpenConflicts lists the conflicts waiting for a person, oldest first.
func (d *DB) OpenConflicts(ctx context.Context) ([]Conflict, error) {
	return d.conflicts(ctx, `resolved_at IS NULL ORDER BY created_at, id`)
}

// OpenConflict returns one open conflict; ok is false when it does not
// exist or is resolved already.
func (d *DB) OpenConflict(ctx context.Context, id int64) (Conflict, bool, error) {
	c, err := scanConflict(d.conn(ctx).QueryRowContext(ctx, `SELECT `+conflictColumns+` FROM notion_conflicts WHERE id = ? AND resolved_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Conflict{}, false, nil
	}
	return c, err == nil, err
}

// ConflictsOf lists every conflict of a record, resolved ones included, oldest first.
func (d *DB) ConflictsOf(ctx context.Context, e data.Entity, id string) ([]Conflict, error) {
	return d.conflicts(ctx, `entity = ? AND local_id = ? ORDER BY id`, e, id)
}

// ResolveConflict marks an open conflict resolved with the side a person kept.
func (d *DB) ResolveConflict(ctx context.Context, id int64, kept string, now time.Time) error {
	_, err := d.conn(ctx).ExecContext(ctx, `UPDATE notion_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL`,
		fmtTime(now), kept, id)
	if err != nil {
		return fmt.Errorf("resolve conflict %d: %w", id, err)
	}
	return nil
}
