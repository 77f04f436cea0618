package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

type actorKey struct{}

// WithActor names the person making the changes of ctx, for the records
// that say who did something (a held meeting's reopening) and for the
// team's day of a record made without a date (the person's zone).
func WithActor(ctx context.Context, p PersonID) context.Context {
	return context.WithValue(ctx, actorKey{}, p)
}

func actorOf(ctx context.Context) PersonID {
	p, _ := ctx.Value(actorKey{}).(PersonID)
	return p
}

// Reopen records that a held meeting was opened again for changes.
type Reopen struct {
	PersonID   PersonID // empty when nobody was named (a sync, a script)
	ReopenedAt time.Time
}

func (s *Store) recordReopen(ctx context.Context, tx *sql.Tx, m MeetingID) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_reopens (meeting_id, person_id, reopened_at) VALUES (?, ?, ?)`,
		m, nullString(string(actorOf(ctx))), formatTime(s.now())); err != nil {
		return fmt.Errorf("record reopen: %w", err)
	}
	return nil
}

// Reopens lists who reopened a meeting and when, oldest first.
func (s *Store) Reopens(ctx context.Context, m MeetingID) ([]Reopen, error) {
	rows, err := s.reads.QueryContext(ctx, reopensSQL, m)
	if err != nil {
		return nil, fmt.Errorf("reopens: %w", err)
	}
	defer rows.Close()
	var out []Reopen
	for rows.Next() {
		var r Reopen
		var p sql.NullString
		var at string
		if err := rows.Scan(&p, &at); err != nil {
			return nil, fmt.Errorf("scan reopen: %w", err)
		}
		r.PersonID = PersonID(p.String)
		if r.ReopenedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const reopensSQL = `SELECT person_id, reopened_at FROM meeting_reopens WHERE meeting_id = ? ORDER BY id`

// SetMeetingState marks a meeting held (its minutes become read-only) or
// planned again (a reopen, recorded with the actor of ctx).
func (s *Store) SetMeetingState(ctx context.Context, id MeetingID, state MeetingState, revision int64) (Meeting, error) {
	m, err := s.Meeting(ctx, id)
	if err != nil {
		return m, err
	}
	m.State, m.Revision = state, revision
	err = s.UpdateMeeting(ctx, &m)
	return m, err
}

// writableMeeting refuses changes to a held meeting's minutes made by
// people (the sync applies what Notion holds).
func writableMeeting(ctx context.Context, q Queryer, id MeetingID) error {
	var state MeetingState
	err := q.QueryRowContext(ctx, `SELECT state FROM meetings WHERE id = ?`, id).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return Invalid("meeting_id", "meeting %s does not exist", id)
	}
	if err != nil {
		return fmt.Errorf("read meeting: %w", err)
	}
	if state == MeetingHeld && originOf(ctx) == "local" {
		return errHeld
	}
	return nil
}

// SkipMeeting skips a planned meeting's slot: the meeting, with its
// agendas and notes, moves to the next slot of the schedule that is not
// skipped, and the skipped slot is remembered so that opening the next
// meeting never lands on it again.
func (s *Store) SkipMeeting(ctx context.Context, id MeetingID, revision int64) (Meeting, error) {
	m, err := s.Meeting(ctx, id)
	if err != nil {
		return m, err
	}
	if m.Deleted() {
		return m, Errorf(ENOTFOUND, "meeting %s is in the trash", id)
	}
	if m.State == MeetingHeld {
		return m, &Error{Code: ECONFLICT, Field: "state", Message: "this meeting was held; only a planned meeting can be skipped"}
	}
	sr, err := s.Series(ctx, m.SeriesID)
	if err != nil {
		return m, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRevision(ctx, tx, EntityMeeting, string(id), revision); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO meeting_skips (series_id, starts_at, skipped_at) VALUES (?, ?, ?)`,
			m.SeriesID, formatTime(m.StartsAt), formatTime(s.now())); err != nil {
			return fmt.Errorf("record skip: %w", err)
		}
		next, err := s.freeSlot(ctx, tx, sr, m.StartsAt)
		if err != nil {
			return err
		}
		if err := slotFree(ctx, tx, m.SeriesID, next, m.ID); err != nil {
			return &Error{Code: ECONFLICT, Field: "starts_at", Message: "the next slot already has a meeting; move or trash that one first"}
		}
		m.Title = retitle(sr, m.Title, m.StartsAt, next)
		moved := m
		moved.StartsAt = next
		keepLength(m, &moved)
		m.StartsAt, m.EndsAt = moved.StartsAt, moved.EndsAt
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET starts_at = ?, ends_at = ?, title = ? WHERE id = ?`,
			formatTime(next), endOrNull(m.EndsAt), m.Title, id); err != nil {
			return fmt.Errorf("move meeting: %w", err)
		}
		if _, err := s.journal(ctx, tx, EntityMeeting, string(id), "update"); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityMeeting, string(id), &m.Meta)
	})
	return m, err
}

// freeSlot is the first slot of the series' schedule after t that the team
// did not skip.
func (s *Store) freeSlot(ctx context.Context, q Queryer, sr Series, t time.Time) (time.Time, error) {
	for range 1000 {
		slot, err := sr.NextSlot(t)
		if err != nil {
			return slot, err
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM meeting_skips WHERE series_id = ? AND starts_at = ?`,
			sr.ID, formatTime(slot)).Scan(&n); err != nil {
			return slot, fmt.Errorf("read skips: %w", err)
		}
		if n == 0 {
			return slot, nil
		}
		t = slot
	}
	return time.Time{}, Invalid("schedule", "every one of the next 1000 slots was skipped")
}

// NextFreeSlot is the first slot after t that was not skipped.
func (s *Store) NextFreeSlot(ctx context.Context, sr Series, t time.Time) (time.Time, error) {
	return s.freeSlot(ctx, s.reads, sr, t)
}

// defaultTitle is the title a meeting gets when it is opened: the series'
// name and the day in the series' time zone.
func defaultTitle(sr Series, slot time.Time) string {
	return sr.Name + " " + titleDate(sr, slot)
}

func titleDate(sr Series, t time.Time) string {
	loc, err := time.LoadLocation(sr.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}

// retitle keeps the date in a meeting's title true to its start when the
// meeting moves: the day it was at becomes the day it moves to, and a
// title without that day (one a person wrote) stays as it is.
func retitle(sr Series, title string, from, to time.Time) string {
	old, now := titleDate(sr, from), titleDate(sr, to)
	i := strings.LastIndex(title, old)
	if i < 0 || old == now {
		return title
	}
	return title[:i] + now + title[i+len(old):]
}

func retitleIn(ctx context.Context, q Queryer, m Meeting, from time.Time) (string, error) {
	sr, err := seriesIn(ctx, q, m.SeriesID)
	if err != nil {
		return m.Title, err
	}
	return retitle(sr, m.Title, from, m.StartsAt), nil
}
