package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

const meetingColumns = "id, series_id, starts_at, title, notes, state, ends_at, " + metaColumns

func scanMeeting(sc interface{ Scan(...any) error }) (Meeting, error) {
	var m Meeting
	var starts string
	var ends sql.NullString
	var mc metaCols
	if err := sc.Scan(append([]any{&m.ID, &m.SeriesID, &starts, &m.Title, &m.Notes, &m.State, &ends}, mc.dest()...)...); err != nil {
		return m, err
	}
	var err error
	if m.StartsAt, err = parseTime(starts); err != nil {
		return m, err
	}
	if m.EndsAt, err = optTime(ends); err != nil {
		return m, err
	}
	m.Meta, err = mc.meta()
	return m, err
}

// DefaultMeetingLength is how long a meeting made in kaigi lasts when its
// end is not given. A meeting first made in Notion keeps what its page says
// (no end when the page has none), so the sync never writes an end that
// nobody set.
const DefaultMeetingLength = time.Hour

func endOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

// CreateMeeting adds a meeting at a chosen time, outside the schedule.
func (s *Store) CreateMeeting(ctx context.Context, m *Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if id, err := s.replayed(ctx, tx, EntityMeeting); err != nil || id != "" {
			if err == nil {
				*m, err = meetingIn(ctx, tx, MeetingID(id))
			}
			return err
		}
		if err := s.insertMeeting(ctx, tx, m); err != nil {
			return err
		}
		return s.claim(ctx, tx, EntityMeeting, string(m.ID))
	})
}

func (s *Store) insertMeeting(ctx context.Context, tx *sql.Tx, m *Meeting) error {
	if err := refExists(ctx, tx, EntitySeries, string(m.SeriesID), "series_id"); err != nil {
		return err
	}
	if err := slotFree(ctx, tx, m.SeriesID, m.StartsAt, ""); err != nil {
		return err
	}
	if m.EndsAt.IsZero() && originOf(ctx) == originLocal {
		m.EndsAt = m.StartsAt.Add(DefaultMeetingLength)
	}
	m.ID = MeetingID(s.newID())
	now := formatTime(s.now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO meetings (id, series_id, starts_at, ends_at, title, notes, state, created_at, updated_at, revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`, m.ID, m.SeriesID, formatTime(m.StartsAt), endOrNull(m.EndsAt), m.Title, m.Notes, m.State, now, now); err != nil {
		return fmt.Errorf("insert meeting: %w", err)
	}
	if err := saveAttendees(ctx, tx, m); err != nil {
		return err
	}
	if _, err := s.journal(ctx, tx, EntityMeeting, string(m.ID), "create"); err != nil {
		return err
	}
	if err := s.reindex(ctx, tx, EntityMeeting, string(m.ID)); err != nil {
		return err
	}
	return stampMeta(ctx, tx, EntityMeeting, string(m.ID), &m.Meta)
}

// saveAttendees writes who was expected at a meeting and who of them was
// absent.
func saveAttendees(ctx context.Context, tx *sql.Tx, m *Meeting) error {
	if err := replacePeople(ctx, tx, "meeting_attendees", "meeting_id", string(m.ID), "attendees", m.Attendees); err != nil {
		return err
	}
	for _, id := range m.Absent {
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_attendees SET present = 0 WHERE meeting_id = ? AND person_id = ?`, m.ID, id); err != nil {
			return fmt.Errorf("mark absent: %w", err)
		}
	}
	return nil
}

func slotFree(ctx context.Context, tx *sql.Tx, series SeriesID, at time.Time, self MeetingID) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meetings WHERE series_id = ? AND starts_at = ? AND id <> ? AND deleted_at IS NULL`,
		series, formatTime(at), self).Scan(&n)
	if err != nil {
		return fmt.Errorf("check slot: %w", err)
	}
	if n > 0 {
		return &Error{Code: ECONFLICT, Field: "starts_at", Message: "this series already has a meeting at " + at.Format(time.RFC3339)}
	}
	return nil
}

// UpdateMeeting saves title, start and end, notes, state and attendees. A held
// meeting's minutes are read-only: changing anything but its state back to
// planned is refused (except for changes the sync applies: the record in
// Notion wins there). Taking a held meeting back to planned is recorded as
// a reopen, with the actor of ctx (see WithActor).
func (s *Store) UpdateMeeting(ctx context.Context, m *Meeting) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRevision(ctx, tx, EntityMeeting, string(m.ID), m.Revision); err != nil {
			return err
		}
		old, err := meetingIn(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		keepLength(old, m)
		if err := m.Validate(); err != nil {
			return err
		}
		if old.SeriesID != m.SeriesID {
			return Invalid("series_id", "a meeting cannot move to another series")
		}
		if old.State == MeetingHeld && m.State == MeetingHeld && originOf(ctx) == "local" && minutesChanged(old, *m) {
			return errHeld
		}
		if err := slotFree(ctx, tx, m.SeriesID, m.StartsAt, m.ID); err != nil {
			return err
		}
		if m.Title == old.Title && !m.StartsAt.Equal(old.StartsAt) && originOf(ctx) == originLocal {
			if m.Title, err = retitleIn(ctx, tx, *m, old.StartsAt); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET starts_at = ?, ends_at = ?, title = ?, notes = ?, state = ? WHERE id = ?`,
			formatTime(m.StartsAt), endOrNull(m.EndsAt), m.Title, m.Notes, m.State, m.ID); err != nil {
			return fmt.Errorf("update meeting: %w", err)
		}
		if err := saveAttendees(ctx, tx, m); err != nil {
			return err
		}
		if old.State == MeetingHeld && m.State == MeetingPlanned {
			if err := s.recordReopen(ctx, tx, m.ID); err != nil {
				return err
			}
			if err := s.onePlanned(ctx, tx, m.ID, reopening); err != nil {
				return err
			}
		}
		if old.State == MeetingPlanned && m.State == MeetingHeld {
			if err := s.carryHeld(ctx, tx, *m); err != nil {
				return err
			}
		}
		if _, err := s.journal(ctx, tx, EntityMeeting, string(m.ID), "update"); err != nil {
			return err
		}
		if err := s.reindex(ctx, tx, EntityMeeting, string(m.ID)); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityMeeting, string(m.ID), &m.Meta)
	})
}

// keepLength moves a meeting's end with its start when only the start was
// changed (a meeting moved keeps its length).
func keepLength(old Meeting, m *Meeting) {
	if !old.EndsAt.IsZero() && m.EndsAt.Equal(old.EndsAt) && !m.StartsAt.Equal(old.StartsAt) && !m.StartsAt.IsZero() {
		m.EndsAt = old.EndsAt.Add(m.StartsAt.Sub(old.StartsAt))
	}
}

// errHeld refuses a change to the minutes of a held meeting.
var errHeld = &Error{Code: ECONFLICT, Field: "state",
	Message: "this meeting is held: its minutes are read-only; reopen it to change them"}

func minutesChanged(old, m Meeting) bool {
	return old.Title != m.Title || old.Notes != m.Notes || !old.StartsAt.Equal(m.StartsAt) || !old.EndsAt.Equal(m.EndsAt) ||
		!slices.Equal(sortedIDs(old.Attendees), sortedIDs(m.Attendees)) || !slices.Equal(sortedIDs(old.Absent), sortedIDs(m.Absent))
}

func sortedIDs(ids []PersonID) []PersonID {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// Meeting returns one meeting with its attendees.
func (s *Store) Meeting(ctx context.Context, id MeetingID) (Meeting, error) {
	return meetingIn(ctx, s.reads, id)
}

func meetingIn(ctx context.Context, q Queryer, id MeetingID) (Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM meetings WHERE id = ?`, id))
	if err != nil {
		return m, notFound(err, "meeting", id)
	}
	rows, err := q.QueryContext(ctx, `SELECT person_id, present FROM meeting_attendees WHERE meeting_id = ? ORDER BY person_id`, id)
	if err != nil {
		return m, fmt.Errorf("attendees: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p PersonID
		var present bool
		if err := rows.Scan(&p, &present); err != nil {
			return m, fmt.Errorf("scan attendee: %w", err)
		}
		m.Attendees = append(m.Attendees, p)
		if !present {
			m.Absent = append(m.Absent, p)
		}
	}
	return m, rows.Err()
}

// MeetingFilter selects meetings; empty fields match everything.
type MeetingFilter struct {
	SeriesID SeriesID
	After    time.Time // starts strictly after
	Page
}

// Meetings lists live meetings, newest first.
func (s *Store) Meetings(ctx context.Context, f MeetingFilter) ([]Meeting, error) {
	out, err := list(ctx, s, meetingList(f), f.Page, func(r *sql.Rows) (Meeting, error) { return scanMeeting(r) })
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	return out, nil
}

func meetingList(f MeetingFilter) *listQuery {
	q := newList("meetings", meetingColumns, "list_key", true)
	if f.SeriesID != "" {
		q.and("series_id = ?", f.SeriesID)
	}
	if !f.After.IsZero() {
		// The key starts with the start time; ' ~' sorts after every ID.
		q.and("list_key > ?", formatTime(f.After)+" ~")
	}
	return q
}
