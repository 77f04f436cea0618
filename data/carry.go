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

// OpenMeetingAt opens the meeting of a series at a given slot, or returns
// the one already there. created reports whether this call made it.
func (s *Store) OpenMeetingAt(ctx context.Context, sr Series, slot time.Time) (m Meeting, created bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		m, created, err = s.openMeetingAt(ctx, tx, sr, slot)
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

func (s *Store) openMeetingAt(ctx context.Context, tx *sql.Tx, sr Series, slot time.Time) (Meeting, bool, error) {
	existing, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM meetings
		WHERE series_id = ? AND starts_at = ? AND deleted_at IS NULL`, sr.ID, formatTime(slot)))
	if err == nil {
		return existing, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Meeting{}, false, fmt.Errorf("find meeting at slot: %w", err)
	}
	m := Meeting{
		SeriesID:  sr.ID,
		StartsAt:  slot,
		Title:     defaultTitle(sr, slot),
		Attendees: sr.DefaultAttendees,
		State:     MeetingPlanned,
	}
	if err := m.Validate(); err != nil {
		return Meeting{}, false, err
	}
	if err := s.insertMeeting(ctx, tx, &m); err != nil {
		return Meeting{}, false, err
	}
	return m, true, s.carryOpenAgendas(ctx, tx, m)
}

// waitingAgenda is an open agenda of a series that no planned meeting has
// on its list: it joins the next meeting to open.
type waitingAgenda struct {
	id       AgendaID
	title    string
	standing bool
	before   bool // it was on an earlier meeting's list (carried, not new)
}

// waitingAgendasSQL reads a series' open agendas that are on no planned
// meeting other than ?2, in priority order (the list key of an open agenda
// starts with 0, then its priority and creation).
const waitingAgendasSQL = `SELECT a.id, a.title, a.standing, EXISTS (SELECT 1 FROM discussions h WHERE h.agenda_id = a.id AND h.meeting_id <> ?2)
	FROM agendas a
	WHERE a.series_id = ?1 AND a.list_key < '1' AND a.deleted_at IS NULL
	  AND NOT EXISTS (SELECT 1 FROM discussions d JOIN meetings o ON o.id = d.meeting_id
		WHERE d.agenda_id = a.id AND o.state = 'planned' AND o.deleted_at IS NULL AND o.id <> ?2)
	ORDER BY a.list_key`

func waitingAgendas(ctx context.Context, q Queryer, series SeriesID, except MeetingID) ([]waitingAgenda, error) {
	rows, err := q.QueryContext(ctx, waitingAgendasSQL, series, except)
	if err != nil {
		return nil, fmt.Errorf("waiting agendas: %w", err)
	}
	defer rows.Close()
	var out []waitingAgenda
	for rows.Next() {
		var w waitingAgenda
		if err := rows.Scan(&w.id, &w.title, &w.standing, &w.before); err != nil {
			return nil, fmt.Errorf("scan waiting agenda: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// carryOpenAgendas fills a newly opened meeting: first the series'
// standing items (a new agenda for each, unless the one made for an
// earlier meeting is still open), then every open agenda of the series
// that no other planned meeting has on its list, in priority order. An
// agenda on a planned meeting stays there, so that no agenda is open in two
// planned meetings; it moves on when that meeting is marked held (see
// carryHeld). Its cost follows the number of open agendas.
func (s *Store) carryOpenAgendas(ctx context.Context, tx *sql.Tx, m Meeting) error {
	waiting, err := waitingAgendas(ctx, tx, m.SeriesID, m.ID)
	if err != nil {
		return err
	}
	items, err := standingItems(ctx, tx, m.SeriesID)
	if err != nil {
		return err
	}
	openStanding, err := queryIDs[string](ctx, tx, `SELECT title FROM agendas
		WHERE series_id = ? AND standing = 1 AND state = 'open' AND deleted_at IS NULL`, m.SeriesID)
	if err != nil {
		return err
	}
	var list []waitingAgenda
	for _, title := range items {
		i := slices.IndexFunc(waiting, func(w waitingAgenda) bool { return w.standing && w.title == title })
		switch {
		case i >= 0:
			list = append(list, waiting[i])
			waiting = slices.Delete(waiting, i, i+1)
		case slices.Contains(openStanding, title):
			// still open on another planned meeting's list
		default:
			a := Agenda{SeriesID: m.SeriesID, Title: title, State: AgendaOpen, Standing: true}
			if err := a.Validate(); err != nil {
				return err
			}
			if err := s.insertAgenda(ctx, tx, &a, ""); err != nil {
				return fmt.Errorf("standing item %q: %w", title, err)
			}
			list = append(list, waitingAgenda{id: a.ID, title: title, standing: true})
		}
	}
	list = append(list, waiting...)
	now := formatTime(s.now())
	for i, w := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO discussions (meeting_id, agenda_id, position, notes, carried, added_at)
			VALUES (?, ?, ?, '', ?, ?)`, m.ID, w.id, i+1, w.before, now); err != nil {
			return fmt.Errorf("carry agenda %s: %w", w.id, err)
		}
	}
	return nil
}

// carryHeld moves the agendas a meeting left open, now that it was held,
// onto the series' earliest planned meeting when one is open already (a
// meeting opened ahead); with none they wait for the next to open.
func (s *Store) carryHeld(ctx context.Context, tx *sql.Tx, held Meeting) error {
	target, err := scanMeeting(tx.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM meetings
		WHERE series_id = ? AND state = 'planned' AND deleted_at IS NULL AND id <> ?
		ORDER BY starts_at, id LIMIT 1`, held.SeriesID, held.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find planned meeting: %w", err)
	}
	left, err := queryIDs[AgendaID](ctx, tx, `SELECT d.agenda_id FROM discussions d JOIN agendas a ON a.id = d.agenda_id
		WHERE d.meeting_id = ? AND a.state = 'open' AND a.deleted_at IS NULL ORDER BY d.position, d.agenda_id`, held.ID)
	if err != nil {
		return err
	}
	for _, id := range left {
		if _, err := s.place(ctx, tx, target.ID, id, true); err != nil {
			return err
		}
	}
	if len(left) > 0 {
		_, err = s.journal(ctx, tx, EntityMeeting, string(target.ID), "update")
	}
	return err
}

// attach puts an agenda on a meeting's list at its priority's place. An
// open agenda is on one planned meeting's list at a time (onePlanned): it
// leaves another planned meeting where nothing was noted about it yet; one
// with notes there is refused, for people and for the sync alike.
func (s *Store) attach(ctx context.Context, tx *sql.Tx, meeting MeetingID, agenda AgendaID, carried bool) error {
	if err := writableMeeting(ctx, tx, meeting); err != nil {
		return err
	}
	var series, agendaSeries SeriesID
	if err := tx.QueryRowContext(ctx, `SELECT series_id FROM meetings WHERE id = ? AND deleted_at IS NULL`, meeting).Scan(&series); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Invalid("meeting_id", "meeting %s does not exist", meeting)
		}
		return fmt.Errorf("read meeting: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT series_id FROM agendas WHERE id = ?`, agenda).Scan(&agendaSeries); err != nil {
		return notFound(err, "agenda", agenda)
	}
	if series != agendaSeries {
		return Invalid("agenda_id", "the agenda belongs to another series than the meeting")
	}
	placed, err := s.place(ctx, tx, meeting, agenda, carried)
	if err != nil || !placed {
		return err
	}
	rule := joining
	if originOf(ctx) != originLocal {
		rule.field = "agendas" // the sync holds the list it was given and says why
	}
	if err := s.onePlanned(ctx, tx, meeting, rule); err != nil {
		return err
	}
	_, err = s.journal(ctx, tx, EntityMeeting, string(meeting), "update")
	return err
}

// An open agenda is on one planned meeting's list at a time. Every change
// that can put it on a second one calls onePlanned with its rule: attaching
// it (a person, or the sync applying a list edited in Notion), reopening a
// held meeting, restoring a trashed one. A row with something noted (notes,
// or a resolve or drop) never gives way, so nothing written is lost; of two
// rows with nothing noted, the rule says which stays; two noted rows refuse
// the change (409 on field).
type plannedRule struct {
	mine  bool   // this meeting keeps the agenda when neither row has notes
	fixed bool   // this meeting's row never gives way (it was asked for)
	field string // the field a refusal names
}

var (
	// joining: the agenda was asked for here; it leaves a meeting where
	// nothing was noted about it and is refused where something was.
	joining = plannedRule{mine: true, fixed: true, field: "agenda_id"}
	// reopening a held meeting takes back the agendas it had left open
	// (undoing what marking it held carried on), unless the following
	// meeting has already noted them.
	reopening = plannedRule{mine: true, field: "state"}
	// restoring a trashed meeting does not take agendas back from the
	// meeting the team went on with, unless only the restored one noted them.
	restoring = plannedRule{field: "deleted"}
)

// onePlanned applies rule to the open agendas on meeting's list that
// another live planned meeting also has (nothing to do when meeting is not
// itself live and planned).
func (s *Store) onePlanned(ctx context.Context, tx *sql.Tx, meeting MeetingID, rule plannedRule) error {
	rows, err := tx.QueryContext(ctx, `SELECT d.agenda_id, a.title, o.id, o.title,
			d.notes <> '' OR d.outcome IN ('resolved', 'dropped'), od.notes <> '' OR od.outcome IN ('resolved', 'dropped')
		FROM meetings m
		JOIN discussions d ON d.meeting_id = m.id
		JOIN agendas a ON a.id = d.agenda_id AND a.state = 'open' AND a.deleted_at IS NULL
		JOIN discussions od ON od.agenda_id = d.agenda_id AND od.meeting_id <> m.id
		JOIN meetings o ON o.id = od.meeting_id AND o.state = 'planned' AND o.deleted_at IS NULL
		WHERE m.id = ? AND m.state = 'planned' AND m.deleted_at IS NULL
		ORDER BY d.position, o.starts_at`, meeting)
	if err != nil {
		return fmt.Errorf("find agendas on two planned meetings: %w", err)
	}
	type twice struct {
		agenda             AgendaID
		title              string
		other              MeetingID
		otherTitle         string
		notedHere, notedOn bool
	}
	var found []twice
	for rows.Next() {
		var t twice
		if err := rows.Scan(&t.agenda, &t.title, &t.other, &t.otherTitle, &t.notedHere, &t.notedOn); err != nil {
			rows.Close()
			return fmt.Errorf("scan agenda on two planned meetings: %w", err)
		}
		found = append(found, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range found {
		otherGoes := !t.notedOn && (rule.mine || t.notedHere || rule.fixed)
		hereGoes := !otherGoes && !t.notedHere && !rule.fixed
		switch {
		case otherGoes:
			err = s.detach(ctx, tx, t.other, t.agenda)
		case hereGoes:
			err = s.detach(ctx, tx, meeting, t.agenda)
		default:
			return &Error{Code: ECONFLICT, Field: rule.field, Message: fmt.Sprintf(
				"the agenda %q has notes on the list of %q, which is still planned; an agenda is open in one planned meeting at a time: mark that meeting held first", t.title, t.otherTitle)}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// detach takes an agenda with nothing noted off a meeting's list.
func (s *Store) detach(ctx context.Context, tx *sql.Tx, meeting MeetingID, agenda AgendaID) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM discussions WHERE meeting_id = ? AND agenda_id = ?`, meeting, agenda); err != nil {
		return fmt.Errorf("take agenda off %s: %w", meeting, err)
	}
	_, err := s.journal(ctx, tx, EntityMeeting, string(meeting), "update")
	return err
}

// place inserts an agenda into a meeting's list at its priority's place
// (after the agendas of the same or a higher priority); placed is false
// when it was there already.
func (s *Store) place(ctx context.Context, tx *sql.Tx, meeting MeetingID, agenda AgendaID, carried bool) (placed bool, err error) {
	var on, prio int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM discussions WHERE meeting_id = ?1 AND agenda_id = ?2),
		(SELECT priority FROM agendas WHERE id = ?2)`, meeting, agenda).Scan(&on, &prio); err != nil {
		return false, fmt.Errorf("read list: %w", err)
	}
	if on > 0 {
		return false, nil
	}
	pos, err := placeByPriority(ctx, tx, meeting, prio)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO discussions (meeting_id, agenda_id, position, notes, carried, added_at)
		VALUES (?, ?, ?, '', ?, ?)`, meeting, agenda, pos, carried, formatTime(s.now())); err != nil {
		return false, fmt.Errorf("attach agenda: %w", err)
	}
	return true, nil
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
