package data

import (
	"context"
	"database/sql"
	"fmt"
)

const decisionColumns = "id, series_id, title, body, agenda_id, meeting_id, decided_on, state, superseded_by, review_by, ladr_id, " + metaColumns

func scanDecision(sc interface{ Scan(...any) error }) (Decision, error) {
	var d Decision
	var series, agenda, meeting, succ, ladr, reviewBy sql.NullString
	var decided string
	var m metaCols
	dest := append([]any{&d.ID, &series, &d.Title, &d.Body, &agenda, &meeting, &decided, &d.State, &succ, &reviewBy, &ladr}, m.dest()...)
	if err := sc.Scan(dest...); err != nil {
		return d, err
	}
	d.SeriesID, d.AgendaID, d.MeetingID = SeriesID(series.String), AgendaID(agenda.String), MeetingID(meeting.String)
	d.SupersededBy, d.LADRID = DecisionID(succ.String), LADRID(ladr.String)
	var err error
	if d.DecidedOn, err = ParseDate(decided); err != nil {
		return d, err
	}
	if d.ReviewBy, err = optDate(reviewBy); err != nil {
		return d, err
	}
	d.Meta, err = m.meta()
	return d, err
}

// resolveDecisionSeries fills the decision's series from its meeting and
// agenda and refuses links that cross series.
func resolveDecisionSeries(ctx context.Context, tx *sql.Tx, d *Decision) error {
	var fromMeeting, fromAgenda SeriesID
	if d.MeetingID != "" {
		if err := tx.QueryRowContext(ctx, `SELECT series_id FROM meetings WHERE id = ?`, d.MeetingID).Scan(&fromMeeting); err != nil {
			if err == sql.ErrNoRows {
				return Invalid("meeting_id", "meeting %s does not exist", d.MeetingID)
			}
			return fmt.Errorf("read meeting: %w", err)
		}
	}
	if d.AgendaID != "" {
		if err := tx.QueryRowContext(ctx, `SELECT series_id FROM agendas WHERE id = ?`, d.AgendaID).Scan(&fromAgenda); err != nil {
			if err == sql.ErrNoRows {
				return Invalid("agenda_id", "agenda %s does not exist", d.AgendaID)
			}
			return fmt.Errorf("read agenda: %w", err)
		}
	}
	if fromMeeting != "" && fromAgenda != "" && fromMeeting != fromAgenda {
		return Invalid("agenda_id", "the agenda belongs to another series than the meeting")
	}
	switch {
	case fromMeeting != "":
		d.SeriesID = fromMeeting
	case fromAgenda != "":
		d.SeriesID = fromAgenda
	}
	if err := refExists(ctx, tx, EntitySeries, string(d.SeriesID), "series_id"); err != nil {
		return err
	}
	if err := refKept(ctx, tx, EntityDecision, string(d.SupersededBy), "superseded_by"); err != nil {
		return err
	}
	return refKept(ctx, tx, EntityLADR, string(d.LADRID), "ladr_id")
}

// CreateDecision records a decision. Without a date it is dated the day
// of its meeting (in the series' time zone), or the team's today outside a
// meeting (the series' zone, else that of the person ctx names).
func (s *Store) CreateDecision(ctx context.Context, d *Decision) error {
	if d.DecidedOn.IsZero() {
		var err error
		if d.DecidedOn, err = s.decisionDay(ctx, d); err != nil {
			return err
		}
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if id, err := s.replayed(ctx, tx, EntityDecision); err != nil || id != "" {
			if err == nil {
				*d, err = scanDecision(tx.QueryRowContext(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE id = ?`, id))
			}
			return err
		}
		if err := s.insertDecision(ctx, tx, d); err != nil {
			return err
		}
		if err := s.claim(ctx, tx, EntityDecision, string(d.ID)); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityDecision, string(d.ID), &d.Meta)
	})
}

func (s *Store) insertDecision(ctx context.Context, tx *sql.Tx, d *Decision) error {
	if err := resolveDecisionSeries(ctx, tx, d); err != nil {
		return err
	}
	if d.MeetingID != "" {
		if err := writableMeeting(ctx, tx, d.MeetingID); err != nil {
			return err
		}
	}
	d.ID = DecisionID(s.newID())
	now := formatTime(s.now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (id, series_id, title, body, agenda_id, meeting_id, decided_on, state,
		superseded_by, review_by, ladr_id, created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
		d.ID, nullString(string(d.SeriesID)), d.Title, d.Body, nullString(string(d.AgendaID)), nullString(string(d.MeetingID)),
		d.DecidedOn.String(), d.State, nullString(string(d.SupersededBy)), nullDate(d.ReviewBy), nullString(string(d.LADRID)), now, now); err != nil {
		return fmt.Errorf("insert decision: %w", err)
	}
	rev, err := s.journal(ctx, tx, EntityDecision, string(d.ID), "create")
	if err != nil {
		return err
	}
	d.Revision = rev
	return s.index(ctx, tx, decisionDoc(*d))
}

func decisionDoc(d Decision) searchDoc {
	return searchDoc{entity: EntityDecision, id: string(d.ID), title: d.Title, body: d.Body, meeting: d.MeetingID}
}

// UpdateDecision saves a decision.
func (s *Store) UpdateDecision(ctx context.Context, d *Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRevision(ctx, tx, EntityDecision, string(d.ID), d.Revision); err != nil {
			return err
		}
		if err := resolveDecisionSeries(ctx, tx, d); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE decisions SET series_id = ?, title = ?, body = ?, agenda_id = ?, meeting_id = ?,
			decided_on = ?, state = ?, superseded_by = ?, review_by = ?, ladr_id = ? WHERE id = ?`,
			nullString(string(d.SeriesID)), d.Title, d.Body, nullString(string(d.AgendaID)), nullString(string(d.MeetingID)),
			d.DecidedOn.String(), d.State, nullString(string(d.SupersededBy)), nullDate(d.ReviewBy), nullString(string(d.LADRID)), d.ID); err != nil {
			return fmt.Errorf("update decision: %w", err)
		}
		rev, err := s.journal(ctx, tx, EntityDecision, string(d.ID), "update")
		if err != nil {
			return err
		}
		d.Revision = rev
		if err := s.index(ctx, tx, decisionDoc(*d)); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityDecision, string(d.ID), &d.Meta)
	})
}

// Decision returns one decision.
func (s *Store) Decision(ctx context.Context, id DecisionID) (Decision, error) {
	d, err := scanDecision(s.reads.QueryRowContext(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE id = ?`, id))
	return d, notFound(err, "decision", id)
}

// DecisionFilter selects decisions; empty fields match everything.
type DecisionFilter struct {
	SeriesID  SeriesID
	MeetingID MeetingID
	AgendaID  AgendaID
	LADRID    LADRID
	State     DecisionState
	From, To  Date // decided on or after From, on or before To
	Page
}

// Decisions lists live decisions, newest first.
func (s *Store) Decisions(ctx context.Context, f DecisionFilter) ([]Decision, error) {
	out, err := list(ctx, s, decisionList(f), f.Page, func(r *sql.Rows) (Decision, error) { return scanDecision(r) })
	if err != nil {
		return nil, fmt.Errorf("list decisions: %w", err)
	}
	return out, nil
}

func decisionList(f DecisionFilter) *listQuery {
	q := newList("decisions", decisionColumns, "list_key", true)
	if f.SeriesID != "" {
		q.and("series_id = ?", f.SeriesID)
	}
	if f.MeetingID != "" {
		q.and("meeting_id = ?", f.MeetingID)
	}
	if f.AgendaID != "" {
		q.and("agenda_id = ?", f.AgendaID)
	}
	if f.LADRID != "" {
		q.and("ladr_id = ?", f.LADRID)
	}
	if f.State != "" {
		q.and("state = ?", f.State)
	}
	// The key starts with the decision date, so a date range is a key range.
	if !f.From.IsZero() {
		q.and("list_key >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		q.and("list_key < ?", f.To.String()+" ~")
	}
	return q
}

// decisionDay is the day of a decision given none: the day its meeting
// starts in the series' time zone, else the team's today (the series'
// zone, else the server's).
func (s *Store) decisionDay(ctx context.Context, d *Decision) (Date, error) {
	if id := d.MeetingID; id != "" {
		var starts, tz string
		err := s.reads.QueryRowContext(ctx, `SELECT m.starts_at, s.time_zone FROM meetings m JOIN series s ON s.id = m.series_id
			WHERE m.id = ?`, id).Scan(&starts, &tz)
		if t, perr := parseTime(starts); err == nil && perr == nil {
			return TeamDay(t, s.zone, tz), nil
		}
	}
	return s.Today(ctx, d.SeriesID, actorOf(ctx))
}
