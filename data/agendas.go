package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

const agendaColumns = "a.id, a.series_id, a.title, a.body, a.owner_id, a.priority, a.state, a.resolved_at, a.proposed_by, a.standing, " +
	"a.created_at, a.updated_at, a.deleted_at, a.revision"

func scanAgenda(sc interface{ Scan(...any) error }, extra ...any) (Agenda, error) {
	var a Agenda
	var owner, resolved, proposer sql.NullString
	var m metaCols
	dest := append([]any{&a.ID, &a.SeriesID, &a.Title, &a.Body, &owner, &a.Priority, &a.State, &resolved, &proposer, &a.Standing}, m.dest()...)
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return a, err
	}
	a.OwnerID, a.ProposedBy = PersonID(owner.String), PersonID(proposer.String)
	var err error
	if a.ResolvedAt, err = optTime(resolved); err != nil {
		return a, err
	}
	a.Meta, err = m.meta()
	return a, err
}

// CreateAgenda adds an agenda to its series. With a meeting ID it is also
// put at the end of that meeting's list, as raised in the meeting.
func (s *Store) CreateAgenda(ctx context.Context, a *Agenda, in MeetingID) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if id, err := s.replayed(ctx, tx, EntityAgenda); err != nil || id != "" {
			if err == nil {
				*a, err = scanAgenda(tx.QueryRowContext(ctx, `SELECT `+agendaColumns+` FROM agendas a WHERE a.id = ?`, id))
			}
			return err
		}
		if err := s.insertAgenda(ctx, tx, a, in); err != nil {
			return err
		}
		if err := s.claim(ctx, tx, EntityAgenda, string(a.ID)); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityAgenda, string(a.ID), &a.Meta)
	})
}

func (s *Store) insertAgenda(ctx context.Context, tx *sql.Tx, a *Agenda, in MeetingID) error {
	if err := refExists(ctx, tx, EntitySeries, string(a.SeriesID), "series_id"); err != nil {
		return err
	}
	if err := refKept(ctx, tx, EntityPerson, string(a.OwnerID), "owner_id"); err != nil {
		return err
	}
	if err := refKept(ctx, tx, EntityPerson, string(a.ProposedBy), "proposed_by"); err != nil {
		return err
	}
	a.ID = AgendaID(s.newID())
	now := s.now()
	if a.State != AgendaOpen {
		a.ResolvedAt = now
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO agendas (id, series_id, title, body, owner_id, priority, state, resolved_at, proposed_by, standing, created_at, updated_at, revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`, a.ID, a.SeriesID, a.Title, a.Body, nullString(string(a.OwnerID)),
		a.Priority, a.State, nullTime(a.ResolvedAt), nullString(string(a.ProposedBy)), a.Standing, formatTime(now), formatTime(now)); err != nil {
		return fmt.Errorf("insert agenda: %w", err)
	}
	rev, err := s.journal(ctx, tx, EntityAgenda, string(a.ID), "create")
	if err != nil {
		return err
	}
	a.Revision = rev
	if in != "" {
		if err := s.attach(ctx, tx, in, a.ID, false); err != nil {
			return err
		}
	}
	return s.index(ctx, tx, searchDoc{entity: EntityAgenda, id: string(a.ID), title: a.Title, body: a.Body})
}

// UpdateAgenda saves title, body, owner, priority and state. Closing an
// agenda takes it off meetings that have not happened yet, but keeps it in
// the meetings where it was discussed.
func (s *Store) UpdateAgenda(ctx context.Context, a *Agenda) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRevision(ctx, tx, EntityAgenda, string(a.ID), a.Revision); err != nil {
			return err
		}
		old, err := scanAgenda(tx.QueryRowContext(ctx, `SELECT `+agendaColumns+` FROM agendas a WHERE a.id = ?`, a.ID))
		if err != nil {
			return fmt.Errorf("read agenda: %w", err)
		}
		if old.SeriesID != a.SeriesID {
			return Invalid("series_id", "an agenda cannot move to another series")
		}
		if err := refKept(ctx, tx, EntityPerson, string(a.OwnerID), "owner_id"); err != nil {
			return err
		}
		switch {
		case a.State == AgendaOpen:
			a.ResolvedAt = time.Time{} // reopened
		case old.State == AgendaOpen:
			a.ResolvedAt = s.now()
		default:
			a.ResolvedAt = old.ResolvedAt
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agendas SET title = ?, body = ?, owner_id = ?, priority = ?, state = ?, resolved_at = ? WHERE id = ?`,
			a.Title, a.Body, nullString(string(a.OwnerID)), a.Priority, a.State, nullTime(a.ResolvedAt), a.ID); err != nil {
			return fmt.Errorf("update agenda: %w", err)
		}
		rev, err := s.journal(ctx, tx, EntityAgenda, string(a.ID), "update")
		if err != nil {
			return err
		}
		a.Revision = rev
		if a.State != AgendaOpen && old.State == AgendaOpen {
			if err := s.detachFromFuture(ctx, tx, a.ID, ""); err != nil {
				return err
			}
		}
		if err := s.index(ctx, tx, searchDoc{entity: EntityAgenda, id: string(a.ID), title: a.Title, body: a.Body}); err != nil {
			return err
		}
		if a.Title != old.Title {
			if err := s.indexDiscussionsOf(ctx, tx, EntityAgenda, string(a.ID)); err != nil {
				return err
			}
		}
		return stampMeta(ctx, tx, EntityAgenda, string(a.ID), &a.Meta)
	})
}

// detachFromFuture removes a closed agenda from planned meetings that start
// later than now (except the one it was closed in) and where nothing was
// noted about it yet.
func (s *Store) detachFromFuture(ctx context.Context, tx *sql.Tx, id AgendaID, closedIn MeetingID) error {
	rows, err := tx.QueryContext(ctx, `SELECT d.meeting_id FROM discussions d JOIN meetings m ON m.id = d.meeting_id
		WHERE d.agenda_id = ? AND m.state = 'planned' AND m.starts_at > ? AND d.notes = '' AND m.id <> ?`, id, formatTime(s.now()), closedIn)
	if err != nil {
		return fmt.Errorf("find later meetings: %w", err)
	}
	var meetings []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return err
		}
		meetings = append(meetings, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range meetings {
		if _, err := tx.ExecContext(ctx, `DELETE FROM discussions WHERE meeting_id = ? AND agenda_id = ?`, m, id); err != nil {
			return fmt.Errorf("detach agenda: %w", err)
		}
		if _, err := s.journal(ctx, tx, EntityMeeting, m, "update"); err != nil {
			return err
		}
	}
	return nil
}

// Agenda returns one agenda.
func (s *Store) Agenda(ctx context.Context, id AgendaID) (Agenda, error) {
	a, err := scanAgenda(s.reads.QueryRowContext(ctx, `SELECT `+agendaColumns+` FROM agendas a WHERE a.id = ?`, id))
	return a, notFound(err, "agenda", id)
}

// AgendaFilter selects agendas; empty fields match everything.
type AgendaFilter struct {
	SeriesID SeriesID
	State    AgendaState
	Page
}

// Agendas lists live agendas, open and urgent first.
func (s *Store) Agendas(ctx context.Context, f AgendaFilter) ([]Agenda, error) {
	out, err := list(ctx, s, agendaList(f), f.Page, func(r *sql.Rows) (Agenda, error) { return scanAgenda(r) })
	if err != nil {
		return nil, fmt.Errorf("list agendas: %w", err)
	}
	return out, nil
}

func agendaList(f AgendaFilter) *listQuery {
	q := newList("agendas a", agendaColumns, "list_key", false)
	q.where[0] = "a.deleted_at IS NULL"
	if f.SeriesID != "" {
		q.and("a.series_id = ?", f.SeriesID)
	}
	if f.State != "" {
		q.and("a.state = ?", f.State)
		// The key starts with 0 for open agendas and 1 for closed ones.
		if f.State == AgendaOpen {
			q.and("list_key < '1'")
		} else {
			q.and("list_key >= '1'")
		}
	}
	return q
}
