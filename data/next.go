package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// A series' next meeting is its earliest live meeting that is not held,
// wherever it is asked for (pages, CLI, API, the open-ahead job): a held
// meeting is never next. When every meeting is held, the next is the one to
// open at the first free slot after both now and the latest meeting, so a
// meeting marked held before its slot is followed by the one after it.

// Upcoming is a series' next meeting, or when none is open, the slot where
// opening it would put it.
type Upcoming struct {
	Meeting Meeting // zero ID: not open yet
	Slot    time.Time
}

// Open reports whether the next meeting exists already.
func (u Upcoming) Open() bool { return u.Meeting.ID != "" }

// When is the next meeting's start, opened or not.
func (u Upcoming) When() time.Time {
	if u.Open() {
		return u.Meeting.StartsAt
	}
	return u.Slot
}

// NextOf says what a series' next meeting is, without opening it.
func (s *Store) NextOf(ctx context.Context, sr Series) (Upcoming, error) {
	return s.upcoming(ctx, s.reads, sr)
}

func (s *Store) upcoming(ctx context.Context, q Queryer, sr Series) (Upcoming, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM meetings
		WHERE series_id = ? AND state = 'planned' AND deleted_at IS NULL ORDER BY starts_at LIMIT 1`, sr.ID))
	if err == nil {
		return Upcoming{Meeting: m, Slot: m.StartsAt}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Upcoming{}, fmt.Errorf("next meeting: %w", err)
	}
	after := s.now()
	var latest sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT max(starts_at) FROM meetings WHERE series_id = ? AND deleted_at IS NULL`, sr.ID).Scan(&latest); err != nil {
		return Upcoming{}, fmt.Errorf("latest meeting: %w", err)
	}
	if latest.Valid {
		last, err := parseTime(latest.String)
		if err != nil {
			return Upcoming{}, err
		}
		if last.After(after) {
			after = last
		}
	}
	slot, err := s.freeSlot(ctx, q, sr, after)
	return Upcoming{Slot: slot}, err
}

// NextMeeting answers a series' next meeting: its earliest meeting that is
// not held, or, when there is none, the following one, opened now with
// every open agenda (created reports that). Calling it again answers the
// same meeting, also when two calls race: both run in immediate
// transactions, so the second sees the first's meeting.
func (s *Store) NextMeeting(ctx context.Context, id SeriesID) (m Meeting, created bool, err error) {
	sr, err := s.Series(ctx, id)
	if err != nil {
		return Meeting{}, false, err
	}
	if sr.Deleted() {
		return Meeting{}, false, Errorf(ENOTFOUND, "series %s is in the trash", id)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		up, err := s.upcoming(ctx, tx, sr)
		if err != nil || up.Open() {
			m = up.Meeting
			return err
		}
		m, created, err = s.openMeetingAt(ctx, tx, sr, up.Slot)
		return err
	})
	if err != nil {
		return Meeting{}, false, err
	}
	if created {
		s.log.InfoContext(ctx, "opened meeting", "series", sr.ID, "meeting", m.ID, "starts_at", m.StartsAt)
	}
	return m, created, nil
}

// NextMeetings is every live series' next meeting where one is open (the
// home page's one line per series), in one query.
func (s *Store) NextMeetings(ctx context.Context) (map[SeriesID]Meeting, error) {
	rows, err := s.reads.QueryContext(ctx, nextMeetingsSQL)
	if err != nil {
		return nil, fmt.Errorf("next meetings: %w", err)
	}
	defer rows.Close()
	out := map[SeriesID]Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, fmt.Errorf("scan meeting: %w", err)
		}
		out[m.SeriesID] = m
	}
	return out, rows.Err()
}

const nextMeetingsSQL = `SELECT ` + meetingColumns + ` FROM meetings WHERE id IN (
	SELECT (SELECT m.id FROM meetings m WHERE m.series_id = s.id AND m.state = 'planned' AND m.deleted_at IS NULL
		ORDER BY m.starts_at LIMIT 1)
	FROM series s WHERE s.deleted_at IS NULL)`

// OpenUpcoming opens, ahead of time, the next meeting of every series that
// has none open and whose next slot is within ahead of now, and returns the
// meetings it created. A series whose next meeting is open (even one whose
// slot has passed without being marked held) gets no second one.
func (s *Store) OpenUpcoming(ctx context.Context, ahead time.Duration) ([]Meeting, error) {
	all, err := s.ListSeries(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var opened []Meeting
	for _, sr := range all {
		up, err := s.NextOf(ctx, sr)
		if err != nil {
			s.log.WarnContext(ctx, "series has an unusable schedule", "series", sr.ID, "err", err)
			continue
		}
		if up.Open() || up.Slot.Sub(now) > ahead {
			continue
		}
		m, created, err := s.NextMeeting(ctx, sr.ID)
		if err != nil {
			return opened, fmt.Errorf("open meeting of series %s: %w", sr.ID, err)
		}
		if created {
			opened = append(opened, m)
		}
	}
	return opened, nil
}

// UpcomingSlots are the next n slots of a series' schedule that no meeting
// holds yet: the free slots after now and after its latest meeting, where
// the next meetings will be opened (for calendar placeholders).
func (s *Store) UpcomingSlots(ctx context.Context, sr Series, n int) ([]time.Time, error) {
	up, err := s.upcoming(ctx, s.reads, sr)
	if err != nil {
		return nil, err
	}
	slot := up.Slot
	if up.Open() {
		var latest string
		if err := s.reads.QueryRowContext(ctx, `SELECT max(starts_at) FROM meetings WHERE series_id = ? AND deleted_at IS NULL`, sr.ID).Scan(&latest); err != nil {
			return nil, fmt.Errorf("latest meeting: %w", err)
		}
		last, err := parseTime(latest)
		if err != nil {
			return nil, err
		}
		if slot, err = s.freeSlot(ctx, s.reads, sr, maxTime(last, s.now())); err != nil {
			return nil, err
		}
	}
	out := make([]time.Time, 0, n)
	for len(out) < n {
		out = append(out, slot)
		if slot, err = s.freeSlot(ctx, s.reads, sr, slot); err != nil {
			return out, err
		}
	}
	return out, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// SlotTitle is the title a meeting opened at slot gets.
func SlotTitle(sr Series, slot time.Time) string { return defaultTitle(sr, slot) }
