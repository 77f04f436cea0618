package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// checkRevision refuses an update made from a stale copy: if the caller says
// which revision it edited (non-zero) and the row has moved on, someone else
// saved in between and their edit must not be silently overwritten.
func checkRevision(ctx context.Context, tx *sql.Tx, e Entity, id string, seen int64) error {
	var rev int64
	var deleted sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT revision, deleted_at FROM `+e.Table()+` WHERE id = ?`, id).Scan(&rev, &deleted)
	if err != nil {
		return notFound(err, string(e), id)
	}
	if deleted.Valid {
		return Errorf(ENOTFOUND, "%s %s is in the trash; restore it before editing", e, id)
	}
	if seen != 0 && seen != rev {
		return &Error{Code: ECONFLICT, Field: "revision",
			Message: fmt.Sprintf("this %s was changed by someone else since you opened it; reload to see their change", e)}
	}
	return nil
}

// SetDeleted moves a record to the trash (deleted=true) or back out of it.
// Rows are never removed, so identities and relations survive.
func (s *Store) SetDeleted(ctx context.Context, e Entity, id string, deleted bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var at any
		op := "restore"
		if deleted {
			at, op = formatTime(s.now()), "delete"
		}
		if e == EntityMeeting && !deleted {
			// Before the update: the slot's unique index would refuse it
			// with an error nobody can act on.
			if err := restoredSlotFree(ctx, tx, MeetingID(id)); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE `+e.Table()+` SET deleted_at = ? WHERE id = ? AND (deleted_at IS NULL) = ?`, at, id, deleted)
		if err != nil {
			return fmt.Errorf("%s %s %s: %w", op, e, id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+e.Table()+` WHERE id = ?`, id).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				return Errorf(ENOTFOUND, "%s %s not found", e, id)
			}
			return nil // already in the asked state
		}
		if _, err := s.journal(ctx, tx, e, id, op); err != nil {
			return err
		}
		if deleted {
			err = s.unindex(ctx, tx, e, id)
		} else {
			err = s.reindex(ctx, tx, e, id)
		}
		if err == nil && (e == EntityMeeting || e == EntityAgenda) {
			err = s.indexDiscussionsOf(ctx, tx, e, id)
		}
		if err == nil && e == EntityMeeting && !deleted {
			err = s.onePlanned(ctx, tx, MeetingID(id), restoring)
		}
		return err
	})
}

// restoredSlotFree refuses to restore a meeting into a slot that another
// meeting of its series took meanwhile.
func restoredSlotFree(ctx context.Context, tx *sql.Tx, id MeetingID) error {
	var series SeriesID
	var starts string
	err := tx.QueryRowContext(ctx, `SELECT series_id, starts_at FROM meetings WHERE id = ? AND deleted_at IS NOT NULL`, id).Scan(&series, &starts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // not in the trash (restoring is idempotent) or no such meeting: the update says which
	}
	if err != nil {
		return fmt.Errorf("read meeting: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meetings WHERE series_id = ? AND starts_at = ? AND id <> ? AND deleted_at IS NULL`,
		series, starts, id).Scan(&n); err != nil {
		return fmt.Errorf("check slot: %w", err)
	}
	if n > 0 {
		return &Error{Code: ECONFLICT, Field: "starts_at",
			Message: "another meeting of the series now starts at the same time; move or trash that one before restoring this one"}
	}
	return nil
}

// Page selects a slice of a list: Limit records after the record whose ID
// is After (the last one of the previous page: keyset pagination, as cheap
// on the thousandth page as on the first), or after skipping Offset
// records. A zero Limit means the default.
type Page struct {
	Limit  int
	Offset int
	After  string
}

const (
	defaultPageSize = 50
	maxPageSize     = 500
)

func (p Page) limit() int {
	switch {
	case p.Limit <= 0:
		return defaultPageSize
	case p.Limit > maxPageSize:
		return maxPageSize
	}
	return p.Limit
}

// scanMeta reads the four meta columns in their usual order.
type metaCols struct {
	created, updated string
	deleted          sql.NullString
	rev              int64
}

func (m *metaCols) dest() []any { return []any{&m.created, &m.updated, &m.deleted, &m.rev} }

func (m *metaCols) meta() (Meta, error) {
	var out Meta
	var err error
	if out.CreatedAt, err = parseTime(m.created); err != nil {
		return out, err
	}
	if out.UpdatedAt, err = parseTime(m.updated); err != nil {
		return out, err
	}
	if m.deleted.Valid {
		if out.DeletedAt, err = parseTime(m.deleted.String); err != nil {
			return out, err
		}
	}
	out.Revision = m.rev
	return out, nil
}

const metaColumns = "created_at, updated_at, deleted_at, revision"

func optTime(ns sql.NullString) (time.Time, error) {
	if !ns.Valid {
		return time.Time{}, nil
	}
	return parseTime(ns.String)
}

func optDate(ns sql.NullString) (Date, error) {
	if !ns.Valid {
		return Date{}, nil
	}
	return ParseDate(ns.String)
}

// refKept checks that a linked record exists, in the trash or not: a link
// to a record in the trash is kept (it comes back with a restore, and a
// relation in Notion to a trashed page stays too); a link to a record that
// never existed is refused.
func refKept(ctx context.Context, q Queryer, e Entity, id, field string) error {
	if id == "" {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+e.Table()+` WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("check %s: %w", field, err)
	}
	if n == 0 {
		return Invalid(field, "%s %s does not exist", e, id)
	}
	return nil
}

// refExists checks that a referenced, live record exists, so that a bad ID
// gets a message naming the field rather than a foreign-key failure.
func refExists(ctx context.Context, q Queryer, e Entity, id, field string) error {
	if id == "" {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+e.Table()+` WHERE id = ? AND deleted_at IS NULL`, id).Scan(&n); err != nil {
		return fmt.Errorf("check %s: %w", field, err)
	}
	if n == 0 {
		return Invalid(field, "%s %s does not exist", e, id)
	}
	return nil
}
