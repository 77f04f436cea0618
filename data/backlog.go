package data

import (
	"context"
	"database/sql"
	"fmt"
)

// ProposeAgenda adds an agenda to a series' backlog at any time, with who
// proposed it (a.ProposedBy). When the series' next meeting is open it
// joins that meeting's list at its priority's place right away; otherwise
// it waits and joins the next meeting when it opens.
func (s *Store) ProposeAgenda(ctx context.Context, a *Agenda) error {
	a.State = AgendaOpen
	if err := a.Validate(); err != nil {
		return err
	}
	if a.ProposedBy == "" {
		return Invalid("proposed_by", "say who proposes the agenda")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if id, err := s.replayed(ctx, tx, EntityAgenda); err != nil || id != "" {
			if err == nil {
				*a, err = scanAgenda(tx.QueryRowContext(ctx, `SELECT `+agendaColumns+` FROM agendas a WHERE a.id = ?`, id))
			}
			return err
		}
		if err := liveSeries(ctx, tx, a.SeriesID); err != nil {
			return err
		}
		next, err := queryIDs[MeetingID](ctx, tx, `SELECT id FROM meetings
			WHERE series_id = ? AND state = 'planned' AND deleted_at IS NULL ORDER BY starts_at LIMIT 1`, a.SeriesID)
		if err != nil {
			return err
		}
		var in MeetingID
		if len(next) == 1 {
			in = next[0]
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

func liveSeries(ctx context.Context, q Queryer, id SeriesID) error {
	var deleted sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT deleted_at FROM series WHERE id = ?`, id).Scan(&deleted); err != nil {
		return notFound(err, "series", id)
	}
	if deleted.Valid {
		return Errorf(ENOTFOUND, "series %s is in the trash", id)
	}
	return nil
}

// Backlog lists a series' open agendas that no planned meeting has on its
// list, in the order they will join the next meeting: proposals, and
// agendas a held meeting left open, waiting for the next meeting to open.
func (s *Store) Backlog(ctx context.Context, series SeriesID) ([]Agenda, error) {
	rows, err := s.reads.QueryContext(ctx, backlogSQL, series)
	if err != nil {
		return nil, fmt.Errorf("backlog: %w", err)
	}
	defer rows.Close()
	var out []Agenda
	for rows.Next() {
		a, err := scanAgenda(rows)
		if err != nil {
			return nil, fmt.Errorf("scan backlog: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

const backlogSQL = `SELECT ` + agendaColumns + ` FROM agendas a
	WHERE a.series_id = ?1 AND a.list_key < '1' AND a.deleted_at IS NULL
	  AND NOT EXISTS (SELECT 1 FROM discussions d JOIN meetings o ON o.id = d.meeting_id
		WHERE d.agenda_id = a.id AND o.state = 'planned' AND o.deleted_at IS NULL)
	ORDER BY a.list_key`
