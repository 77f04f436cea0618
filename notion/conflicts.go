package notion

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// OpenConflict is a conflict waiting for a person, with the record's title.
type OpenConflict struct {
	ConflictRecord
	Title string // the record's title now; empty if the record is gone
}

// Conflicts lists the open conflicts, oldest first.
func (s *Service) Conflicts(ctx context.Context) ([]OpenConflict, error) {
	rows, err := s.store.DB().QueryContext(ctx, `SELECT id, entity, local_id, field, base_value, local_value, notion_value, applied, created_at
		FROM notion_conflicts WHERE resolved_at IS NULL ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list conflicts: %w", err)
	}
	defer rows.Close()
	var out []OpenConflict
	for rows.Next() {
		c, err := scanConflict(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, OpenConflict{ConflictRecord: c})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list conflicts: %w", err)
	}
	rows.Close()
	for i, c := range out {
		if f, err := s.engine.local.read(ctx, c.Entity, c.LocalID); err == nil {
			out[i].Title = f["title"]
		}
	}
	return out, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanConflict(row scanner) (ConflictRecord, error) {
	var c ConflictRecord
	var created string
	if err := row.Scan(&c.ID, &c.Entity, &c.LocalID, &c.Field, &c.BaseValue, &c.LocalValue, &c.NotionValue, &c.Applied, &created); err != nil {
		return c, fmt.Errorf("read conflict: %w", err)
	}
	var err error
	if c.CreatedAt, err = time.Parse(timeLayout, created); err != nil {
		return c, fmt.Errorf("read conflict time: %w", err)
	}
	return c, nil
}

// Resolve settles an open conflict with keep's value. The value becomes
// kaigi's through the store, so its journal entry makes the next push
// send it to Notion when Notion holds the other value; the merge base then
// follows as for any local edit, so the field does not conflict again.
func (s *Service) Resolve(ctx context.Context, id int64, keep Winner) error {
	if keep != WinnerNotion && keep != WinnerKaigi {
		return data.Invalid("keep", "keep must be %q or %q, got %q", WinnerNotion, WinnerKaigi, keep)
	}
	row := s.store.DB().QueryRowContext(ctx, `SELECT id, entity, local_id, field, base_value, local_value, notion_value, applied, created_at
		FROM notion_conflicts WHERE id = ? AND resolved_at IS NULL`, id)
	c, err := scanConflict(row)
	if errors.Is(err, sql.ErrNoRows) {
		return data.Errorf(data.ENOTFOUND, "conflict %d does not exist or is already resolved", id)
	}
	if err != nil {
		return err
	}
	value := c.NotionValue
	if keep == WinnerKaigi {
		value = c.LocalValue
	}
	current, err := s.engine.local.read(ctx, c.Entity, c.LocalID)
	if err != nil {
		return err
	}
	if current[c.Field] != value {
		if _, err := s.engine.local.write(ctx, c.Entity, c.LocalID, Fields{c.Field: value}, c.CreatedAt); err != nil {
			return err
		}
	}
	_, err = s.store.DB().ExecContext(ctx, `UPDATE notion_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL`,
		fmtTime(s.clock.Now()), string(keep), id)
	if err != nil {
		return fmt.Errorf("resolve conflict %d: %w", id, err)
	}
	return nil
}
