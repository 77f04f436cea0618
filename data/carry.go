package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// NextMeeting opens the next meeting of a series: the first slot of its
// schedule after now. Every open agenda of the series is put on it in
// priority order; open tasks are not copied, they are read from the series.
// Calling it again for the same slot returns the same meeting, also when
// two calls race: both run in immediate transactions, so the second sees
// the first's meeting.
func (s *Store) NextMeeting(ctx context.Context, id SeriesID) (Meeting, bool, error) {
	sr, err := s.Series(ctx, id)
	if err != nil {
		return Meeting{}, false, err
	}
	if sr.Deleted() {
		return Meeting{}, false, Errorf(ENOTFOUND, "series %s is in the trash", id)
	}
	slot, err := s.freeSlot(ctx, s.reads, sr, s.now())
	if err != nil {
		return Meeting{}, false, err
	}
	return s.OpenMeetingAt(ctx, sr, slot)
}

// OpenMeetingAt opens the meeting of a series at a given slot, or returns
// the one already there. created reports whether this call made it.
func (s *Store) OpenMeetingAt(ctx context.Context, sr Series, slot time.Time) (m Meeting, created bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		existing, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM meetings
			WHERE series_id = ? AND starts_at = ? AND deleted_at IS NULL`, sr.ID, formatTime(slot)))
		if err == nil {
			m = existing
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find meeting at slot: %w", err)
		}
		m = Meeting{
			SeriesID:  sr.ID,
			StartsAt:  slot,
			Title:     defaultTitle(sr, slot),
			Attendees: sr.DefaultAttendees,
			State:     MeetingPlanned,
		}
		if err := m.Validate(); err != nil {
			return err
		}
		if err := s.insertMeeting(ctx, tx, &m); err != nil {
			return err
		}
		created = true
		return s.carryOpenAgendas(ctx, tx, m)
	})
	if err != nil {
		return Meeting{}, false, err
	}
	if created {
		s.log.InfoContext(ctx, "opened meeting", "series", sr.ID, "meeting", m.ID, "starts_at", m.StartsAt)
	}
	return m, created, nil
}

// carryOpenAgendas attaches every open agenda of the meeting's series. Its
// cost follows the number of open agendas, thanks to the agendas_open index.
func (s *Store) carryOpenAgendas(ctx context.Context, tx *sql.Tx, m Meeting) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM agendas
		WHERE series_id = ? AND state = 'open' AND deleted_at IS NULL
		ORDER BY priority, created_at, id`, m.SeriesID)
	if err != nil {
		return fmt.Errorf("open agendas: %w", err)
	}
	var ids []AgendaID
	for rows.Next() {
		var id AgendaID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	now := formatTime(s.now())
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO discussions (meeting_id, agenda_id, position, notes, carried, added_at)
			VALUES (?, ?, ?, '', 1, ?)`, m.ID, id, i+1, now); err != nil {
			return fmt.Errorf("carry agenda %s: %w", id, err)
		}
	}
	return nil
}

// attach puts an agenda on a meeting's list at its priority's place.
func (s *Store) attach(ctx context.Context, tx *sql.Tx, meeting MeetingID, agenda AgendaID, carried bool) error {
	if err := writableMeeting(ctx, tx, meeting); err != nil {
		return err
	}
	var series, agendaSeries SeriesID
	var prio int
	if err := tx.QueryRowContext(ctx, `SELECT series_id FROM meetings WHERE id = ? AND deleted_at IS NULL`, meeting).Scan(&series); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Invalid("meeting_id", "meeting %s does not exist", meeting)
		}
		return fmt.Errorf("read meeting: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT series_id, priority FROM agendas WHERE id = ?`, agenda).Scan(&agendaSeries, &prio); err != nil {
		return notFound(err, "agenda", agenda)
	}
	if series != agendaSeries {
		return Invalid("agenda_id", "the agenda belongs to another series than the meeting")
	}
	var on int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM discussions WHERE meeting_id = ? AND agenda_id = ?`, meeting, agenda).Scan(&on); err != nil {
		return fmt.Errorf("read list: %w", err)
	}
	if on > 0 {
		return nil
	}
	pos, err := placeByPriority(ctx, tx, meeting, prio)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO discussions (meeting_id, agenda_id, position, notes, carried, added_at)
		VALUES (?, ?, ?, '', ?, ?) ON CONFLICT DO NOTHING`, meeting, agenda, pos, carried, formatTime(s.now())); err != nil {
		return fmt.Errorf("attach agenda: %w", err)
	}
	_, err = s.journal(ctx, tx, EntityMeeting, string(meeting), "update")
	return err
}

// AttachAgenda puts an existing agenda of the series on a meeting's list.
func (s *Store) AttachAgenda(ctx context.Context, meeting MeetingID, agenda AgendaID) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.attach(ctx, tx, meeting, agenda, false) })
}

// MeetingItem is an agenda as it stands on one meeting's list.
type MeetingItem struct {
	Agenda     Agenda
	Discussion Discussion
	// CarryCount is how many meetings up to this one the agenda was carried
	// into; FirstMeeting is when it was first on a meeting's list.
	CarryCount   int
	FirstMeeting time.Time
}

// MeetingItems lists a meeting's agendas by position.
func (s *Store) MeetingItems(ctx context.Context, meeting MeetingID) ([]MeetingItem, error) {
	rows, err := s.reads.QueryContext(ctx, meetingItemsSQL, meeting)
	if err != nil {
		return nil, fmt.Errorf("meeting items: %w", err)
	}
	defer rows.Close()
	var out []MeetingItem
	for rows.Next() {
		var it MeetingItem
		var added, first string
		it.Agenda, err = scanAgenda(rows, &it.Discussion.Position, &it.Discussion.Notes, &it.Discussion.Carried, &added,
			&it.Discussion.Outcome, &it.CarryCount, &first)
		if err != nil {
			return nil, fmt.Errorf("scan meeting item: %w", err)
		}
		it.Discussion.MeetingID, it.Discussion.AgendaID = meeting, it.Agenda.ID
		if it.Discussion.AddedAt, err = parseTime(added); err != nil {
			return nil, err
		}
		if it.FirstMeeting, err = parseTime(first); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// meetingItemsSQL reads a meeting's list in the order of the
// discussions_position index, each agenda with how often it was carried
// up to this meeting and when it was first on a list.
const meetingItemsSQL = `SELECT ` + agendaColumns + `, d.position, d.notes, d.carried, d.added_at, d.outcome,
	(SELECT count(*) FROM discussions d2 JOIN meetings m2 ON m2.id = d2.meeting_id
		WHERE d2.agenda_id = a.id AND d2.carried = 1 AND m2.starts_at <= m.starts_at),
	(SELECT min(m3.starts_at) FROM discussions d3 JOIN meetings m3 ON m3.id = d3.meeting_id WHERE d3.agenda_id = a.id)
	FROM meetings m JOIN discussions d ON d.meeting_id = m.id JOIN agendas a ON a.id = d.agenda_id
	WHERE m.id = ? AND a.deleted_at IS NULL
	ORDER BY d.position, d.agenda_id`

// ThreadEntry is one meeting in an agenda's history.
type ThreadEntry struct {
	Meeting    Meeting
	Discussion Discussion
}

// AgendaThread returns every meeting where an agenda was on the list, oldest
// first, with the notes taken and the outcome there: the whole discussion
// in one query (sorted here: an agenda is on tens of meetings, and sorting
// them in SQL would need a temporary B-tree).
func (s *Store) AgendaThread(ctx context.Context, agenda AgendaID) ([]ThreadEntry, error) {
	out, err := s.agendaThread(ctx, agenda)
	slices.SortFunc(out, func(a, b ThreadEntry) int {
		if c := a.Meeting.StartsAt.Compare(b.Meeting.StartsAt); c != 0 {
			return c
		}
		return strings.Compare(string(a.Meeting.ID), string(b.Meeting.ID))
	})
	return out, err
}

// agendaThreadSQL reads an agenda's discussions from the discussions_agenda
// index, each meeting by its key.
const agendaThreadSQL = `SELECT m.id, m.series_id, m.starts_at, m.title, m.notes, m.state,
	m.created_at, m.updated_at, m.deleted_at, m.revision, d.position, d.notes, d.carried, d.added_at, d.outcome
	FROM discussions d JOIN meetings m ON m.id = d.meeting_id
	WHERE d.agenda_id = ? AND m.deleted_at IS NULL`

func (s *Store) agendaThread(ctx context.Context, agenda AgendaID) ([]ThreadEntry, error) {
	rows, err := s.reads.QueryContext(ctx, agendaThreadSQL, agenda)
	if err != nil {
		return nil, fmt.Errorf("agenda thread: %w", err)
	}
	defer rows.Close()
	var out []ThreadEntry
	for rows.Next() {
		var e ThreadEntry
		var added string
		var mc metaCols
		var starts string
		dest := []any{&e.Meeting.ID, &e.Meeting.SeriesID, &starts, &e.Meeting.Title, &e.Meeting.Notes, &e.Meeting.State}
		dest = append(dest, mc.dest()...)
		dest = append(dest, &e.Discussion.Position, &e.Discussion.Notes, &e.Discussion.Carried, &added, &e.Discussion.Outcome)
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("scan thread: %w", err)
		}
		if e.Meeting.StartsAt, err = parseTime(starts); err != nil {
			return nil, err
		}
		if e.Meeting.Meta, err = mc.meta(); err != nil {
			return nil, err
		}
		if e.Discussion.AddedAt, err = parseTime(added); err != nil {
			return nil, err
		}
		e.Discussion.MeetingID, e.Discussion.AgendaID = e.Meeting.ID, agenda
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetDiscussionNotes saves what was said about an agenda in one meeting
// (see UpdateDiscussion).
func (s *Store) SetDiscussionNotes(ctx context.Context, meeting MeetingID, agenda AgendaID, notes string) error {
	_, err := s.UpdateDiscussion(ctx, meeting, agenda, DiscussionChange{Notes: &notes})
	return err
}

// ReorderAgendas sets the order of a meeting's list. Agendas not named keep
// their relative order after the named ones.
func (s *Store) ReorderAgendas(ctx context.Context, meeting MeetingID, order []AgendaID) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := writableMeeting(ctx, tx, meeting); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT agenda_id FROM discussions WHERE meeting_id = ? ORDER BY position, agenda_id`, meeting)
		if err != nil {
			return fmt.Errorf("read order: %w", err)
		}
		var current []AgendaID
		for rows.Next() {
			var id AgendaID
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			current = append(current, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		on := make(map[AgendaID]bool, len(current))
		for _, id := range current {
			on[id] = true
		}
		seen := make(map[AgendaID]bool, len(order))
		var next []AgendaID
		for _, id := range order {
			if !on[id] {
				return Invalid("order", "agenda %s is not on this meeting", id)
			}
			if !seen[id] {
				seen[id] = true
				next = append(next, id)
			}
		}
		for _, id := range current {
			if !seen[id] {
				next = append(next, id)
			}
		}
		for i, id := range next {
			if _, err := tx.ExecContext(ctx, `UPDATE discussions SET position = ? WHERE meeting_id = ? AND agenda_id = ?`, i+1, meeting, id); err != nil {
				return fmt.Errorf("reorder: %w", err)
			}
		}
		_, err = s.journal(ctx, tx, EntityMeeting, string(meeting), "update")
		return err
	})
}

// MeetingAgendaIDs lists the agendas on a meeting's list (for relations).
func (s *Store) MeetingAgendaIDs(ctx context.Context, meeting MeetingID) ([]AgendaID, error) {
	return queryIDs[AgendaID](ctx, s.reads, `SELECT agenda_id FROM discussions WHERE meeting_id = ? ORDER BY position, agenda_id`, meeting)
}

// SetMeetingAgendas makes a meeting's list exactly ids (used when the list
// was edited elsewhere, e.g. the relation in Notion). Kept agendas keep
// their notes; dropped ones lose only this meeting's empty join row.
func (s *Store) SetMeetingAgendas(ctx context.Context, meeting MeetingID, ids []AgendaID) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		want := make(map[AgendaID]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		current, err := queryIDs[AgendaID](ctx, tx, `SELECT agenda_id FROM discussions WHERE meeting_id = ?`, meeting)
		if err != nil {
			return err
		}
		have := make(map[AgendaID]bool, len(current))
		for _, id := range current {
			have[id] = true
			if !want[id] {
				if _, err := tx.ExecContext(ctx, `DELETE FROM discussions WHERE meeting_id = ? AND agenda_id = ?`, meeting, id); err != nil {
					return fmt.Errorf("detach agenda: %w", err)
				}
			}
		}
		for _, id := range ids {
			if !have[id] {
				if err := s.attach(ctx, tx, meeting, id, false); err != nil {
					return err
				}
			}
		}
		_, err = s.journal(ctx, tx, EntityMeeting, string(meeting), "update")
		return err
	})
}

func queryIDs[T ~string](ctx context.Context, q Queryer, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query ids: %w", err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var id T
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// OpenUpcoming opens the next meeting of every series whose next slot is
// within ahead of now, and returns the meetings it created.
func (s *Store) OpenUpcoming(ctx context.Context, ahead time.Duration) ([]Meeting, error) {
	all, err := s.ListSeries(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var opened []Meeting
	for _, sr := range all {
		slot, err := s.freeSlot(ctx, s.reads, sr, now)
		if err != nil {
			s.log.WarnContext(ctx, "series has an unusable schedule", "series", sr.ID, "err", err)
			continue
		}
		if slot.Sub(now) > ahead {
			continue
		}
		if sr.DefaultAttendees, err = queryIDs[PersonID](ctx, s.reads, `SELECT person_id FROM series_attendees WHERE series_id = ? ORDER BY person_id`, sr.ID); err != nil {
			return opened, err
		}
		m, created, err := s.OpenMeetingAt(ctx, sr, slot)
		if err != nil {
			return opened, fmt.Errorf("open meeting of series %s: %w", sr.ID, err)
		}
		if created {
			opened = append(opened, m)
		}
	}
	return opened, nil
}
