package notion

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// Saving fields into kaigi's records: each save reads the record first, so
// that fields the merge did not touch keep their values.

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

// save writes f's fields into a record (a new one when id is empty), read
// first so that fields f lacks keep their values.
func (l localRecords) save(ctx context.Context, e data.Entity, id string, f merge.Fields, created time.Time) (string, error) {
	switch e {
	case data.EntitySeries:
		return l.saveSeries(ctx, id, f)
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

func (l localRecords) saveSeries(ctx context.Context, id string, f merge.Fields) (string, error) {
	var sr data.Series
	if id != "" {
		var err error
		if sr, err = l.store.Series(ctx, data.SeriesID(id)); err != nil {
			return id, err
		}
	}
	err := firstErr(set(f, "title", &sr.Name, asIs[string]), set(f, "schedule", &sr.Schedule, asIs[string]),
		set(f, "time_zone", &sr.TimeZone, asIs[string]), set(f, "attendees", &sr.DefaultAttendees, idList[data.PersonID]))
	if err != nil {
		return id, err
	}
	if id == "" {
		err = l.store.CreateSeries(ctx, &sr)
	} else {
		sr.Revision = 0 // see write
		err = l.store.UpdateSeries(ctx, &sr)
	}
	return string(sr.ID), err
}

func idList[T ~string](v string) ([]T, error) {
	out := []T{}
	for _, id := range codec.SplitList(v) {
		out = append(out, T(id))
	}
	return out, nil
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
	err := firstErr(set(f, "title", &m.Title, asIs[string]), set(f, "starts_at", &m.StartsAt, codec.TimeOf),
		set(f, "ends_at", &m.EndsAt, codec.TimeOf), set(f, "state", &m.State, asIs[data.MeetingState]),
		set(f, "attendees", &m.Attendees, idList[data.PersonID]), set(f, "notes", &m.Notes, asIs[string]))
	if err != nil {
		return id, err
	}
	if v := f["series"]; v != "" {
		m.SeriesID = data.SeriesID(v) // moving an existing meeting is refused by the store, naming series_id
	}
	// Who was absent is kaigi's alone (Notion's people are who was expected):
	// someone taken off the attendees in Notion is no longer absent either.
	m.Absent = slices.DeleteFunc(m.Absent, func(p data.PersonID) bool { return !slices.Contains(m.Attendees, p) })
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
		for _, s := range codec.SplitList(v) {
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
		s := codec.SplitLADRBody(v)
		r.Context, r.Specification, r.Decision, r.Consequences = s[0], s[1], s[2], s[3]
	}
	if r.Date.IsZero() {
		if r.Date, err = l.createdDay(ctx, created, f); err != nil {
			return id, err
		}
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
		set(f, "agenda", &d.AgendaID, asIs[data.AgendaID]), set(f, "meeting", &d.MeetingID, asIs[data.MeetingID]),
		set(f, "ladr", &d.LADRID, asIs[data.LADRID]), set(f, "body", &d.Body, asIs[string]))
	if err != nil {
		return id, err
	}
	if d.DecidedOn.IsZero() {
		if d.DecidedOn, err = l.createdDay(ctx, created, f); err != nil {
			return id, err
		}
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
