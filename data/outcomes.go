package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Outcome is what happened to an agenda in one meeting. It is written in
// that meeting (by its notes, its resolve or drop) and never by a later
// one, so that a meeting's minutes stay what they were.
type Outcome string

const (
	OutcomeCarried   Outcome = "carried"   // on the list, nothing noted: carried on to the next meeting
	OutcomeDiscussed Outcome = "discussed" // notes taken, still open
	OutcomeResolved  Outcome = "resolved"  // resolved in this meeting
	OutcomeDropped   Outcome = "dropped"   // dropped in this meeting
)

var Outcomes = []Outcome{OutcomeDiscussed, OutcomeCarried, OutcomeResolved, OutcomeDropped}

// Closes reports whether the outcome closes the agenda.
func (o Outcome) Closes() bool { return o == OutcomeResolved || o == OutcomeDropped }

// openOutcome is the outcome of an agenda left open in a meeting.
func openOutcome(notes string) Outcome {
	if notes != "" {
		return OutcomeDiscussed
	}
	return OutcomeCarried
}

// DiscussionChange is an edit of what a meeting recorded about one agenda.
// Nil Notes keep the notes; an empty Outcome keeps a resolve or drop and
// otherwise follows the notes (discussed when there are some, carried when
// not). Revision, when not zero, is the agenda's revision the editor saw.
type DiscussionChange struct {
	Notes    *string
	Outcome  Outcome
	Reopen   bool // back to open (discussed or carried, by the notes)
	Revision int64
}

// UpdateDiscussion saves an agenda's notes and outcome in one meeting.
// Resolving or dropping it here closes the agenda; going back to discussed
// or carried in the meeting that closed it opens it again. Refused while
// the meeting is held.
func (s *Store) UpdateDiscussion(ctx context.Context, meeting MeetingID, agenda AgendaID, ch DiscussionChange) (Discussion, error) {
	if ch.Notes != nil {
		if err := checkBody("notes", *ch.Notes); err != nil {
			return Discussion{}, err
		}
	}
	if ch.Outcome != "" && !oneOf(ch.Outcome, Outcomes) {
		return Discussion{}, Invalid("outcome", "%q is not an outcome (discussed, carried, resolved, dropped)", ch.Outcome)
	}
	var d Discussion
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := writableMeeting(ctx, tx, meeting); err != nil {
			return err
		}
		if err := checkRevision(ctx, tx, EntityAgenda, string(agenda), ch.Revision); err != nil {
			return err
		}
		var err error
		if d, err = discussionIn(ctx, tx, meeting, agenda); err != nil {
			return err
		}
		was := d.Outcome
		if ch.Notes != nil {
			d.Notes = *ch.Notes
		}
		switch {
		case ch.Reopen:
			d.Outcome = openOutcome(d.Notes)
		case ch.Outcome != "":
			d.Outcome = ch.Outcome
		case !was.Closes():
			d.Outcome = openOutcome(d.Notes)
		}
		if err := s.followOutcome(ctx, tx, meeting, agenda, was, d.Outcome); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE discussions SET notes = ?, outcome = ? WHERE meeting_id = ? AND agenda_id = ?`,
			d.Notes, d.Outcome, meeting, agenda); err != nil {
			return fmt.Errorf("save discussion: %w", err)
		}
		// The discussion is part of the agenda's page body in Notion and of
		// the meeting's minutes.
		if d.AgendaRevision, err = s.journal(ctx, tx, EntityAgenda, string(agenda), "update"); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT revision FROM meetings WHERE id = ?`, meeting).Scan(&d.MeetingWas); err != nil {
			return fmt.Errorf("read meeting revision: %w", err)
		}
		if d.MeetingIs, err = s.journal(ctx, tx, EntityMeeting, string(meeting), "update"); err != nil {
			return err
		}
		return s.indexDiscussion(ctx, tx, meeting, agenda)
	})
	return d, err
}

// followOutcome brings the agenda's state in line with what this meeting
// did to it: closed here, or opened again here after being closed here.
func (s *Store) followOutcome(ctx context.Context, tx *sql.Tx, meeting MeetingID, agenda AgendaID, was, now Outcome) error {
	ag, err := scanAgenda(tx.QueryRowContext(ctx, `SELECT `+agendaColumns+` FROM agendas a WHERE a.id = ?`, agenda))
	if err != nil {
		return notFound(err, "agenda", agenda)
	}
	var state AgendaState
	var resolved time.Time
	switch {
	case now.Closes():
		state, resolved = AgendaState(now), ag.ResolvedAt
		if ag.State == AgendaOpen || resolved.IsZero() {
			resolved = s.now()
		}
	case was.Closes() && ag.State == AgendaState(was):
		state = AgendaOpen // reopened in the meeting that closed it
	default:
		return nil
	}
	if state == ag.State {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE agendas SET state = ?, resolved_at = ? WHERE id = ?`, state, nullTime(resolved), agenda); err != nil {
		return fmt.Errorf("update agenda state: %w", err)
	}
	if state != AgendaOpen && ag.State == AgendaOpen {
		return s.detachFromFuture(ctx, tx, agenda, meeting)
	}
	return nil
}

func discussionIn(ctx context.Context, q Queryer, meeting MeetingID, agenda AgendaID) (Discussion, error) {
	d := Discussion{MeetingID: meeting, AgendaID: agenda}
	var added string
	err := q.QueryRowContext(ctx, `SELECT position, notes, carried, added_at, outcome FROM discussions WHERE meeting_id = ? AND agenda_id = ?`,
		meeting, agenda).Scan(&d.Position, &d.Notes, &d.Carried, &added, &d.Outcome)
	if err == sql.ErrNoRows {
		return d, Errorf(ENOTFOUND, "agenda %s is not on meeting %s", agenda, meeting)
	}
	if err != nil {
		return d, fmt.Errorf("read discussion: %w", err)
	}
	d.AddedAt, err = parseTime(added)
	return d, err
}

// Discussion returns what one meeting recorded about one agenda.
func (s *Store) Discussion(ctx context.Context, meeting MeetingID, agenda AgendaID) (Discussion, error) {
	return discussionIn(ctx, s.reads, meeting, agenda)
}

// placeByPriority is the position a new agenda of priority prio takes on a
// meeting's list: after every agenda of the same or a more urgent
// priority, before the less urgent ones (which move down one).
func placeByPriority(ctx context.Context, tx *sql.Tx, meeting MeetingID, prio int) (int, error) {
	var pos int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(d.position), 0) + 1 FROM discussions d JOIN agendas a ON a.id = d.agenda_id
		WHERE d.meeting_id = ? AND a.priority <= ?`, meeting, prio).Scan(&pos); err != nil {
		return 0, fmt.Errorf("place agenda: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE discussions SET position = position + 1 WHERE meeting_id = ? AND position >= ?`, meeting, pos); err != nil {
		return 0, fmt.Errorf("make room for agenda: %w", err)
	}
	return pos, nil
}
