package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Entity names a kind of record in the change journal.
type Entity string

const (
	EntityPerson   Entity = "person"
	EntitySeries   Entity = "series"
	EntityMeeting  Entity = "meeting"
	EntityAgenda   Entity = "agenda"
	EntityDecision Entity = "decision"
	EntityTask     Entity = "task"
	EntityLADR     Entity = "ladr"
)

// Change is one journal entry: which record changed, how, and where the
// change came from. Seq is also the record's new revision.
type Change struct {
	Seq       int64
	Entity    Entity
	EntityID  string
	Op        string // create, update, delete, restore
	Origin    string // "local", or e.g. "notion" for changes applied by the sync
	ChangedAt time.Time
}

type originKey struct{}

// WithOrigin marks the changes made with ctx as coming from origin, so that
// the sync can tell its own applied pulls from people's edits.
func WithOrigin(ctx context.Context, origin string) context.Context {
	return context.WithValue(ctx, originKey{}, origin)
}

// originLocal is the origin of changes made in kaigi itself.
const originLocal = "local"

func originOf(ctx context.Context) string {
	if o, ok := ctx.Value(originKey{}).(string); ok && o != "" {
		return o
	}
	return originLocal
}

// journal records a change of one row and stamps the row with the new
// revision and update time, inside the caller's transaction.
func (s *Store) journal(ctx context.Context, tx *sql.Tx, e Entity, id string, op string) (int64, error) {
	now := formatTime(s.now())
	res, err := tx.ExecContext(ctx, `INSERT INTO changes (entity, entity_id, op, origin, changed_at) VALUES (?, ?, ?, ?, ?)`,
		string(e), id, op, originOf(ctx), now)
	if err != nil {
		return 0, fmt.Errorf("journal %s %s: %w", e, id, err)
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("journal %s %s: %w", e, id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+e.Table()+` SET revision = ?, updated_at = ? WHERE id = ?`, seq, now, id); err != nil {
		return 0, fmt.Errorf("stamp %s %s: %w", e, id, err)
	}
	return seq, nil
}

// Table returns the table that holds records of kind e.
func (e Entity) Table() string {
	switch e {
	case EntityPerson:
		return "people"
	case EntitySeries:
		return "series"
	case EntityMeeting:
		return "meetings"
	case EntityAgenda:
		return "agendas"
	case EntityDecision:
		return "decisions"
	case EntityTask:
		return "tasks"
	case EntityLADR:
		return "ladrs"
	}
	panic("unknown entity " + string(e)) // a programming error, never user input
}

// ChangesSince lists journal entries after seq in order, at most limit.
func (s *Store) ChangesSince(ctx context.Context, seq int64, limit int) ([]Change, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.reads.QueryContext(ctx, `SELECT seq, entity, entity_id, op, origin, changed_at FROM changes
		WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", seq, err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at string
		if err := rows.Scan(&c.Seq, &c.Entity, &c.EntityID, &c.Op, &c.Origin, &at); err != nil {
			return nil, fmt.Errorf("scan change: %w", err)
		}
		if c.ChangedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LastChange returns the newest journal sequence number and its time
// (zero values for an empty database).
func (s *Store) LastChange(ctx context.Context) (int64, time.Time, error) {
	var seq sql.NullInt64
	var at sql.NullString
	err := s.reads.QueryRowContext(ctx, `SELECT seq, changed_at FROM changes ORDER BY seq DESC LIMIT 1`).Scan(&seq, &at)
	if err == sql.ErrNoRows {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("last change: %w", err)
	}
	t, err := parseTime(at.String)
	return seq.Int64, t, err
}
