package notion

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// localRecords is kaigi's side of the sync: its records read and written
// as merge.Fields through the store.
type localRecords struct {
	store  *data.Store
	series func(ctx context.Context) (data.SeriesID, error) // series for records first made in Notion
}

func deletedValue(m data.Meta) string {
	if m.Deleted() {
		return "true"
	}
	return ""
}

func timeValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// read returns the fields of a record (deleted ones included).
func (l localRecords) read(ctx context.Context, e data.Entity, id string) (merge.Fields, error) {
	switch e {
	case data.EntityAgenda:
		a, err := l.store.Agenda(ctx, data.AgendaID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": a.Title, "state": string(a.State), "priority": strconv.Itoa(a.Priority),
			"owner": string(a.OwnerID), "body": blocks.Normalize(a.Body), merge.Deleted: deletedValue(a.Meta)}, nil
	case data.EntityMeeting:
		m, err := l.store.Meeting(ctx, data.MeetingID(id))
		if err != nil {
			return nil, err
		}
		agendas, err := l.store.MeetingAgendaIDs(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": m.Title, "starts_at": timeValue(m.StartsAt), "state": string(m.State),
			"agendas": joinList(strs(agendas)), "notes": blocks.Normalize(m.Notes), merge.Deleted: deletedValue(m.Meta)}, nil
	case data.EntityLADR:
		r, err := l.store.LADR(ctx, data.LADRID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": r.Title, "number": strconv.Itoa(r.Number), "state": string(r.State),
			"date": r.Date.String(), "review_by": r.ReviewBy.String(), "sections": ladrBody(r), merge.Deleted: deletedValue(r.Meta)}, nil
	case data.EntityTask:
		t, err := l.store.Task(ctx, data.TaskID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": t.Title, "state": string(t.State), "due": t.Due.String(),
			"assignee": string(t.AssigneeID), "agenda": string(t.AgendaID), "meeting": string(t.MeetingID), merge.Deleted: deletedValue(t.Meta)}, nil
	case data.EntityDecision:
		d, err := l.store.Decision(ctx, data.DecisionID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": d.Title, "state": string(d.State), "decided_on": d.DecidedOn.String(),
			"review_by": d.ReviewBy.String(), "agenda": string(d.AgendaID), "ladr": string(d.LADRID), "body": blocks.Normalize(d.Body),
			merge.Deleted: deletedValue(d.Meta)}, nil
	}
	return nil, fmt.Errorf("entity %s is not synced", e)
}

// write applies changed fields to a record, creating it when id is empty,
// and returns its ID. created is the page's creation time, the fallback for
// required dates a Notion page may leave empty.
//
// It runs in one transaction (joining the caller's, see data.Store.Atomically),
// which holds SQLite's write lock from its start: nobody can change the
// record between save's read and its update, so the update skips the
// revision check, which would otherwise trip over this transaction's own
// restore.
func (l localRecords) write(ctx context.Context, e data.Entity, id string, f merge.Fields, created time.Time) (string, error) {
	err := l.store.Atomically(ctx, func(ctx context.Context) error {
		del, ok := f[merge.Deleted]
		if id != "" && hasEdits(f) && !ok {
			// Edits to a record in the trash (made in Notion before the page
			// was trashed there) are kept: out of the trash, saved, back in.
			cur, err := l.read(ctx, e, id)
			if err != nil {
				return err
			}
			if cur[merge.Deleted] == "true" {
				del, ok, f = "", true, f.With(merge.Deleted, "true")
			}
		}
		if ok && del == "" && id != "" {
			if err := l.store.SetDeleted(ctx, e, id, false); err != nil {
				return err
			}
		}
		if hasEdits(f) {
			// Relations to records in the trash are kept: the store accepts
			// links to tombstones, so they come back with a restore.
			var err error
			if id, err = l.save(ctx, e, id, f, created); err != nil {
				return err
			}
		}
		if f[merge.Deleted] == "true" {
			return l.store.SetDeleted(ctx, e, id, true)
		}
		return nil
	})
	return id, err
}

func hasEdits(f merge.Fields) bool {
	for k := range f {
		if k != merge.Deleted && k != "kaigi_id" {
			return true
		}
	}
	return false
}

func set[T any](f merge.Fields, key string, dst *T, conv func(string) (T, error)) error {
	v, ok := f[key]
	if !ok {
		return nil
	}
	out, err := conv(v)
	if err != nil {
		return data.Invalid(key, "%v", err)
	}
	*dst = out
	return nil
}

func asIs[T ~string](v string) (T, error) { return T(v), nil }

func dateOf(v string) (data.Date, error) { return data.ParseDate(v) }

func timeOf(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, v)
}

// save writes f's fields into a record (a new one when id is empty), read
// first so that fields f lacks keep their values.
func (l localRecords) save(ctx context.Context, e data.Entity, id string, f merge.Fields, created time.Time) (string, error) {
	switch e {
	case data.EntityAgenda:
		return l.saveAgenda(ctx, id, f)
	case data.EntityMeeting:
		return l.saveMeeting(ctx, id, f, created)
	case data.EntityLADR:
		return l.saveLADR(ctx, id, f, created)
	case data.EntityTask:
		return l.saveTask(ctx, id, f, created)
	case data.EntityDecision:
		return l.saveDecision(ctx, id, f, created)
	}
	return id, fmt.Errorf("entity %s is not synced", e)
}

func (l localRecords) saveAgenda(ctx context.Context, id string, f merge.Fields) (string, error) {
	var a data.Agenda
	if id != "" {
		var err error
		if a, err = l.store.Agenda(ctx, data.AgendaID(id)); err != nil {
			return id, err
		}
	} else if s, err := l.series(ctx); err != nil {
		return "", err
	} else {
		a.SeriesID = s
	}
	err := firstErr(set(f, "title", &a.Title, asIs[string]), set(f, "state", &a.State, asIs[data.AgendaState]),
		set(f, "priority", &a.Priority, atoiOrZero), set(f, "owner", &a.OwnerID, asIs[data.PersonID]), set(f, "body", &a.Body, asIs[string]))
	if err != nil {
		return id, err
	}
	if id == "" {
		err = l.store.CreateAgenda(ctx, &a, "")
	} else {
		a.Revision = 0 // see write
		err = l.store.UpdateAgenda(ctx, &a)
	}
	return string(a.ID), err
}

func (l localRecords) saveMeeting(ctx context.Context, id string, f merge.Fields, created time.Time) (string, error) {
	var m data.Meeting
	if id != "" {
		var err error
		if m, err = l.store.Meeting(ctx, data.MeetingID(id)); err != nil {
			return id, err
		}
	} else if s, err := l.series(ctx); err != nil {
		return "", err
	} else {
		m.SeriesID = s
	}
	err := firstErr(set(f, "title", &m.Title, asIs[string]), set(f, "starts_at", &m.StartsAt, timeOf),
		set(f, "state", &m.State, asIs[data.MeetingState]), set(f, "notes", &m.Notes, asIs[string]))
	if err != nil {
		return id, err
	}
	if m.StartsAt.IsZero() {
		m.StartsAt = created.Truncate(time.Minute)
	}
	if id == "" {
		err = l.store.CreateMeeting(ctx, &m)
	} else {
		m.Revision = 0 // see write
		err = l.store.UpdateMeeting(ctx, &m)
	}
	if err != nil {
		return string(m.ID), err
	}
	if v, ok := f["agendas"]; ok {
		ids := make([]data.AgendaID, 0)
		for _, s := range splitList(v) {
			ids = append(ids, data.AgendaID(s))
		}
		err = l.store.SetMeetingAgendas(ctx, m.ID, ids)
	}
	return string(m.ID), err
}

func (l localRecords) saveLADR(ctx context.Context, id string, f merge.Fields, created time.Time) (string, error) {
	var r data.LADR
	if id != "" {
		var err error
		if r, err = l.store.LADR(ctx, data.LADRID(id)); err != nil {
			return id, err
		}
	}
	err := firstErr(set(f, "title", &r.Title, asIs[string]), set(f, "state", &r.State, asIs[data.LADRState]),
		set(f, "date", &r.Date, dateOf), set(f, "review_by", &r.ReviewBy, dateOf))
	if err != nil {
		return id, err
	}
	if v, ok := f["sections"]; ok {
		s := splitLADRBody(v)
		r.Context, r.Specification, r.Decision, r.Consequences = s[0], s[1], s[2], s[3]
	}
	if r.Date.IsZero() {
		r.Date = data.DateOf(created)
	}
	if id == "" {
		err = l.store.CreateLADR(ctx, &r)
	} else {
		r.Revision = 0 // see write
		err = l.store.UpdateLADR(ctx, &r)
	}
	return string(r.ID), err
}

func (l localRecords) saveTask(ctx context.Context, id string, f merge.Fields, created time.Time) (string, error) {
	var t data.Task
	if id != "" {
		var err error
		if t, err = l.store.Task(ctx, data.TaskID(id)); err != nil {
			return id, err
		}
	}
	err := firstErr(set(f, "title", &t.Title, asIs[string]), set(f, "state", &t.State, asIs[data.TaskState]),
		set(f, "due", &t.Due, dateOf), set(f, "assignee", &t.AssigneeID, asIs[data.PersonID]),
		set(f, "agenda", &t.AgendaID, asIs[data.AgendaID]), set(f, "meeting", &t.MeetingID, asIs[data.MeetingID]))
	if err != nil {
		return id, err
	}
	if id == "" {
		if t.SeriesID, err = l.seriesOf(ctx, t.AgendaID, t.MeetingID); err != nil {
			return "", err
		}
		t.CreatedAt = created // the due-date rule judges from when the page was made
		err = l.store.CreateTask(ctx, &t)
	} else {
		t.Revision = 0 // see write
		err = l.store.UpdateTask(ctx, &t)
	}
	return string(t.ID), err
}

func (l localRecords) saveDecision(ctx context.Context, id string, f merge.Fields, created time.Time) (string, error) {
	var d data.Decision
	if id != "" {
		var err error
		if d, err = l.store.Decision(ctx, data.DecisionID(id)); err != nil {
			return id, err
		}
	}
	err := firstErr(set(f, "title", &d.Title, asIs[string]), set(f, "state", &d.State, asIs[data.DecisionState]),
		set(f, "decided_on", &d.DecidedOn, dateOf), set(f, "review_by", &d.ReviewBy, dateOf),
		set(f, "agenda", &d.AgendaID, asIs[data.AgendaID]), set(f, "ladr", &d.LADRID, asIs[data.LADRID]), set(f, "body", &d.Body, asIs[string]))
	if err != nil {
		return id, err
	}
	if d.DecidedOn.IsZero() {
		d.DecidedOn = data.DateOf(created)
	}
	if id == "" {
		err = l.store.CreateDecision(ctx, &d)
	} else {
		d.Revision = 0 // see write
		err = l.store.UpdateDecision(ctx, &d)
	}
	return string(d.ID), err
}

// seriesOf finds a new task's series from its agenda or meeting.
func (l localRecords) seriesOf(ctx context.Context, agenda data.AgendaID, meeting data.MeetingID) (data.SeriesID, error) {
	if agenda != "" {
		if a, err := l.store.Agenda(ctx, agenda); err == nil {
			return a.SeriesID, nil
		}
	}
	if meeting != "" {
		if m, err := l.store.Meeting(ctx, meeting); err == nil {
			return m.SeriesID, nil
		}
	}
	return l.series(ctx)
}

func atoiOrZero(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	return strconv.Atoi(v)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
