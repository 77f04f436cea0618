package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

const taskColumns = "id, series_id, title, assignee_id, state, due, agenda_id, meeting_id, done_at, " + metaColumns

func scanTask(sc interface{ Scan(...any) error }) (Task, error) {
	var t Task
	var assignee, due, agenda, meeting, done sql.NullString
	var m metaCols
	dest := append([]any{&t.ID, &t.SeriesID, &t.Title, &assignee, &t.State, &due, &agenda, &meeting, &done}, m.dest()...)
	if err := sc.Scan(dest...); err != nil {
		return t, err
	}
	t.AssigneeID, t.AgendaID, t.MeetingID = PersonID(assignee.String), AgendaID(agenda.String), MeetingID(meeting.String)
	var err error
	if t.Due, err = optDate(due); err != nil {
		return t, err
	}
	if t.DoneAt, err = optTime(done); err != nil {
		return t, err
	}
	t.Meta, err = m.meta()
	return t, err
}

// checkTaskLinks makes sure a task's agenda and meeting exist and belong to
// the task's series.
func checkTaskLinks(ctx context.Context, tx *sql.Tx, t *Task) error {
	if err := refExists(ctx, tx, EntitySeries, string(t.SeriesID), "series_id"); err != nil {
		return err
	}
	if err := refKept(ctx, tx, EntityPerson, string(t.AssigneeID), "assignee_id"); err != nil {
		return err
	}
	for _, link := range []struct {
		e     Entity
		id    string
		field string
	}{{EntityAgenda, string(t.AgendaID), "agenda_id"}, {EntityMeeting, string(t.MeetingID), "meeting_id"}} {
		if link.id == "" {
			continue
		}
		var series SeriesID
		err := tx.QueryRowContext(ctx, `SELECT series_id FROM `+link.e.Table()+` WHERE id = ?`, link.id).Scan(&series)
		if err == sql.ErrNoRows {
			return Invalid(link.field, "%s %s does not exist", link.e, link.id)
		}
		if err != nil {
			return fmt.Errorf("check %s: %w", link.field, err)
		}
		if series != t.SeriesID {
			return Invalid(link.field, "the %s belongs to another series than the task", link.e)
		}
	}
	return nil
}

// stampDone keeps DoneAt true to the state: set when a task becomes done,
// cleared when it is reopened.
func stampDone(t *Task, before TaskState, beforeDone time.Time, now time.Time) {
	switch {
	case t.State != TaskDone:
		t.DoneAt = time.Time{}
	case before == TaskDone:
		t.DoneAt = beforeDone
	default:
		t.DoneAt = now
	}
}

// CreateTask adds a task to a series. CreatedAt may be given for a task
// that was made elsewhere first (a Notion page's created_time); otherwise
// it is now. Any due date is accepted: a late to-do is overdue, not invalid.
func (s *Store) CreateTask(ctx context.Context, t *Task) error {
	now := s.now()
	if t.CreatedAt.IsZero() || t.CreatedAt.After(now) {
		t.CreatedAt = now
	}
	if err := t.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if id, err := s.replayed(ctx, tx, EntityTask); err != nil || id != "" {
			if err == nil {
				*t, err = scanTask(tx.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE id = ?`, id))
			}
			return err
		}
		if err := s.insertTask(ctx, tx, t); err != nil {
			return err
		}
		if err := s.claim(ctx, tx, EntityTask, string(t.ID)); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityTask, string(t.ID), &t.Meta)
	})
}

func (s *Store) insertTask(ctx context.Context, tx *sql.Tx, t *Task) error {
	if err := checkTaskLinks(ctx, tx, t); err != nil {
		return err
	}
	if t.MeetingID != "" {
		if err := writableMeeting(ctx, tx, t.MeetingID); err != nil {
			return err
		}
	}
	t.ID = TaskID(s.newID())
	stampDone(t, "", time.Time{}, t.CreatedAt)
	now := formatTime(t.CreatedAt)
	if _, err := tx.ExecContext(ctx, `INSERT INTO tasks (id, series_id, title, assignee_id, state, due, agenda_id, meeting_id, done_at,
		created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
		t.ID, t.SeriesID, t.Title, nullString(string(t.AssigneeID)), t.State, nullDate(t.Due),
		nullString(string(t.AgendaID)), nullString(string(t.MeetingID)), nullTime(t.DoneAt), now, now); err != nil {
		return fmt.Errorf("insert task: %w", err)
	}
	rev, err := s.journal(ctx, tx, EntityTask, string(t.ID), "create")
	if err != nil {
		return err
	}
	t.Revision = rev
	return s.index(ctx, tx, taskDoc(*t))
}

func taskDoc(t Task) searchDoc {
	return searchDoc{entity: EntityTask, id: string(t.ID), title: t.Title, meeting: t.MeetingID}
}

// UpdateTask saves a task.
func (s *Store) UpdateTask(ctx context.Context, t *Task) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRevision(ctx, tx, EntityTask, string(t.ID), t.Revision); err != nil {
			return err
		}
		old, err := scanTask(tx.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE id = ?`, t.ID))
		if err != nil {
			return fmt.Errorf("read task: %w", err)
		}
		t.CreatedAt = old.CreatedAt
		if err := t.Validate(); err != nil {
			return err
		}
		if t.SeriesID != old.SeriesID {
			return Invalid("series_id", "a task cannot move to another series")
		}
		if err := checkTaskLinks(ctx, tx, t); err != nil {
			return err
		}
		stampDone(t, old.State, old.DoneAt, s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET title = ?, assignee_id = ?, state = ?, due = ?, agenda_id = ?, meeting_id = ?, done_at = ?
			WHERE id = ?`, t.Title, nullString(string(t.AssigneeID)), t.State, nullDate(t.Due),
			nullString(string(t.AgendaID)), nullString(string(t.MeetingID)), nullTime(t.DoneAt), t.ID); err != nil {
			return fmt.Errorf("update task: %w", err)
		}
		rev, err := s.journal(ctx, tx, EntityTask, string(t.ID), "update")
		if err != nil {
			return err
		}
		t.Revision = rev
		if err := s.index(ctx, tx, taskDoc(*t)); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityTask, string(t.ID), &t.Meta)
	})
}

// Task returns one task.
func (s *Store) Task(ctx context.Context, id TaskID) (Task, error) {
	t, err := scanTask(s.reads.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM tasks WHERE id = ?`, id))
	return t, notFound(err, "task", id)
}

// TaskFilter selects tasks; empty fields match everything.
type TaskFilter struct {
	SeriesID   SeriesID
	AssigneeID PersonID
	AgendaID   AgendaID
	MeetingID  MeetingID
	State      TaskState
	OpenOnly   bool // todo or doing
	Page
}

// Tasks lists live tasks: open before closed, overdue (earliest due) first.
func (s *Store) Tasks(ctx context.Context, f TaskFilter) ([]Task, error) {
	out, err := list(ctx, s, taskList(f), f.Page, func(r *sql.Rows) (Task, error) { return scanTask(r) })
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	return out, nil
}

func taskList(f TaskFilter) *listQuery {
	q := newList("tasks", taskColumns, "list_key", false)
	if f.SeriesID != "" {
		q.and("series_id = ?", f.SeriesID)
	}
	if f.AssigneeID != "" {
		q.and("assignee_id = ?", f.AssigneeID)
	}
	if f.AgendaID != "" {
		q.and("agenda_id = ?", f.AgendaID)
	}
	if f.MeetingID != "" {
		q.and("meeting_id = ?", f.MeetingID)
	}
	if f.State != "" {
		q.and("state = ?", f.State)
	}
	// The key starts with 0 for open tasks and 1 for closed ones.
	switch {
	case f.OpenOnly || f.State.Open():
		q.and("list_key < '1'")
	case f.State != "":
		q.and("list_key >= '1'")
	}
	return q
}

// Overdue reports whether an open task's due date has passed on day today.
func (t Task) Overdue(today Date) bool {
	return t.State.Open() && !t.Due.IsZero() && t.Due.Before(today)
}
