package data

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// Minutes is everything a meeting's page and its minutes show, typed and
// unformatted, read in a fixed number of queries whatever the size of the
// list: the meeting page renders it, and so can a Markdown export.
type Minutes struct {
	Meeting   Meeting
	Series    Series
	Items     []MinutesItem // the agenda list in its order, with this meeting's outcomes and notes
	Decisions []Decision    // made in this meeting, newest first
	Tasks     []Task        // created in this meeting
	Reopens   []Reopen      // who reopened the meeting after it was held, and when
}

// MinutesItem is one agenda as this meeting recorded it. Previous is
// where it was last on a list before this meeting, when it was.
type MinutesItem struct {
	MeetingItem
	Previous *PreviousDiscussion
}

// PreviousDiscussion is an agenda's last meeting before this one: what was
// noted and decided about it there.
type PreviousDiscussion struct {
	Meeting    Meeting // ID, title and start only
	Discussion Discussion
	Decisions  []Decision // made there on this agenda
}

// Minutes reads a meeting's minutes.
func (s *Store) Minutes(ctx context.Context, id MeetingID) (Minutes, error) {
	var mn Minutes
	var err error
	if mn.Meeting, err = s.Meeting(ctx, id); err != nil {
		return mn, err
	}
	if mn.Meeting.Deleted() {
		return mn, Errorf(ENOTFOUND, "meeting %s is in the trash", id)
	}
	if mn.Series, err = s.Series(ctx, mn.Meeting.SeriesID); err != nil {
		return mn, err
	}
	items, err := s.MeetingItems(ctx, id)
	if err != nil {
		return mn, err
	}
	prev, err := s.previousDiscussions(ctx, id)
	if err != nil {
		return mn, err
	}
	for _, it := range items {
		mi := MinutesItem{MeetingItem: it}
		if p, ok := prev[it.Agenda.ID]; ok {
			mi.Previous = p
		}
		mn.Items = append(mn.Items, mi)
	}
	if mn.Decisions, err = s.Decisions(ctx, DecisionFilter{MeetingID: id, Page: Page{Limit: maxPageSize}}); err != nil {
		return mn, err
	}
	if mn.Tasks, err = s.Tasks(ctx, TaskFilter{MeetingID: id, Page: Page{Limit: maxPageSize}}); err != nil {
		return mn, err
	}
	mn.Reopens, err = s.Reopens(ctx, id)
	return mn, err
}

// previousDiscussionsSQL finds, for each agenda on a meeting's list, the
// latest earlier live meeting it was on (max of start || id: no sort), and
// what was recorded there.
const previousDiscussionsSQL = `SELECT p.agenda_id, pm.id, pm.title, pm.starts_at, pd.notes, pd.outcome, pd.carried, pd.position, pd.added_at
	FROM (SELECT d.agenda_id AS agenda_id,
			(SELECT substr(max(m2.starts_at || m2.id), 25) FROM discussions d2 JOIN meetings m2 ON m2.id = d2.meeting_id
				WHERE d2.agenda_id = d.agenda_id AND m2.starts_at < m.starts_at AND m2.deleted_at IS NULL) AS meeting_id
		FROM discussions d JOIN meetings m ON m.id = d.meeting_id WHERE d.meeting_id = ?) p
	JOIN discussions pd ON pd.meeting_id = p.meeting_id AND pd.agenda_id = p.agenda_id
	JOIN meetings pm ON pm.id = p.meeting_id`

// previousDecisionsSQL reads the decisions made in a few meetings (the
// previous meetings of a list's agendas).
const previousDecisionsSQL = `SELECT ` + decisionColumns + ` FROM decisions
	WHERE meeting_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`

func (s *Store) previousDiscussions(ctx context.Context, id MeetingID) (map[AgendaID]*PreviousDiscussion, error) {
	rows, err := s.reads.QueryContext(ctx, previousDiscussionsSQL, id)
	if err != nil {
		return nil, fmt.Errorf("previous discussions: %w", err)
	}
	defer rows.Close()
	out := map[AgendaID]*PreviousDiscussion{}
	var meetings []string
	for rows.Next() {
		p := &PreviousDiscussion{}
		var agenda AgendaID
		var starts, added string
		if err := rows.Scan(&agenda, &p.Meeting.ID, &p.Meeting.Title, &starts, &p.Discussion.Notes, &p.Discussion.Outcome,
			&p.Discussion.Carried, &p.Discussion.Position, &added); err != nil {
			return nil, fmt.Errorf("scan previous discussion: %w", err)
		}
		if p.Meeting.StartsAt, err = parseTime(starts); err != nil {
			return nil, err
		}
		if p.Discussion.AddedAt, err = parseTime(added); err != nil {
			return nil, err
		}
		p.Discussion.MeetingID, p.Discussion.AgendaID = p.Meeting.ID, agenda
		out[agenda] = p
		if !slices.Contains(meetings, string(p.Meeting.ID)) {
			meetings = append(meetings, string(p.Meeting.ID))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(meetings) == 0 {
		return out, nil
	}
	drows, err := s.reads.QueryContext(ctx, previousDecisionsSQL, jsonText(meetings))
	if err != nil {
		return nil, fmt.Errorf("previous decisions: %w", err)
	}
	defer drows.Close()
	for drows.Next() {
		d, err := scanDecision(drows)
		if err != nil {
			return nil, fmt.Errorf("scan previous decision: %w", err)
		}
		if p, ok := out[d.AgendaID]; ok && p.Meeting.ID == d.MeetingID {
			p.Decisions = append(p.Decisions, d)
		}
	}
	if err := drows.Err(); err != nil {
		return nil, err
	}
	for _, p := range out {
		slices.SortFunc(p.Decisions, func(a, b Decision) int { return -compareDecisions(a, b) })
	}
	return out, nil
}

// compareDecisions orders decisions as the decisions log does (oldest
// first here; the log reads it backwards).
func compareDecisions(a, b Decision) int {
	return cmp.Or(strings.Compare(a.DecidedOn.String(), b.DecidedOn.String()), a.CreatedAt.Compare(b.CreatedAt),
		strings.Compare(string(a.ID), string(b.ID)))
}
