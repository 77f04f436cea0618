package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/minutes"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// agendaPage shows an agenda's whole thread across meetings.
func (a *app) agendaPage(c echo.Context) error {
	return a.showAgenda(c, http.StatusOK, form{})
}

// agendaUpdate saves the agenda's title, details, priority, owner and
// state. Invalid or stale input re-shows the form with what was typed.
func (a *app) agendaUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	ag, err := a.Store.Agenda(ctx, data.AgendaID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	var prio int64
	if err == nil {
		prio, err = formInt(c, "priority")
	}
	if err == nil {
		ag.Revision, ag.Priority = rev, int(prio)
		ag.Title, ag.Body = c.FormValue("title"), c.FormValue("body")
		ag.OwnerID, ag.State = data.PersonID(c.FormValue("owner_id")), data.AgendaState(c.FormValue("state"))
		err = a.Store.UpdateAgenda(ctx, &ag)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "agenda")
		if err != nil {
			return err
		}
		return a.showAgenda(c, status, f)
	}
	return seeOther(c, "/agendas/%s", ag.ID)
}

func (a *app) showAgenda(c echo.Context, status int, f form) error {
	ctx := c.Request().Context()
	ag, err := a.Store.Agenda(ctx, data.AgendaID(c.Param("id")))
	if err != nil {
		return err
	}
	if ag.Deleted() {
		return data.Errorf(data.ENOTFOUND, "agenda %s is in the trash", ag.ID)
	}
	sr, err := a.Store.Series(ctx, ag.SeriesID)
	if err != nil {
		return err
	}
	thread, err := a.Store.AgendaThread(ctx, ag.ID)
	if err != nil {
		return err
	}
	decisions, err := a.Store.Decisions(ctx, data.DecisionFilter{AgendaID: ag.ID, Page: data.Page{Limit: 100}})
	if err != nil {
		return err
	}
	tasks, err := a.Store.Tasks(ctx, data.TaskFilter{AgendaID: ag.ID, Page: data.Page{Limit: 100}})
	if err != nil {
		return err
	}
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return err
	}
	names := nameIndex(people)
	owner, prio, state := string(ag.OwnerID), ag.Priority, ag.State
	if f.Failed("agenda") {
		owner, state = f.Get("owner_id"), data.AgendaState(f.Get("state"))
		prio, _ = strconv.Atoi(f.Get("priority"))
	}
	t := a.tr(c)
	l := a.layout(c, ag.Title, "series")
	v := pages.Agenda{ID: string(ag.ID), Title: ag.Title, Revision: itoa(ag.Revision), Priority: strconv.Itoa(ag.Priority), PriorityLabel: priorityName(t, sr.PriorityWords, ag.Priority),
		State: label(t, agendaStateLabels, ag.State), Opened: a.dayIn(t, ag.CreatedAt, sr.TimeZone), Closed: a.dayIn(t, ag.ResolvedAt, sr.TimeZone),
		Owner: names[ag.OwnerID], MeetingCount: t.N("agenda.meetings", len(thread), nil), Body: ag.Body, SeriesID: string(sr.ID), SeriesName: sr.Name,
		Priorities: priorityChoices(t, sr.PriorityWords, prio), Owners: personOptions(people, owner), States: choices(t, agendaStateLabels, data.AgendaStates, state),
		Decisions: decisionLines(t, decisions), Tasks: taskRowsIn(t, taskRows(tasks, names, a.today(c, sr.ID)), l.CSRF, ""), Form: f,
		Age: minutes.AgeLabel(t, data.ThreadAge(ag, thread, a.Now()))}
	// Closed on the day of the meeting that closed it, whatever day the
	// outcome was clicked.
	if e, ok := data.ClosedIn(thread); ok && ag.State != data.AgendaOpen {
		v.ClosedInID, v.ClosedIn, v.Closed = string(e.Meeting.ID), e.Meeting.Title, a.dayIn(t, e.Meeting.StartsAt, sr.TimeZone)
	}
	// The thread, meeting by meeting, with what was decided and given out
	// there (grouped from the agenda's own lists: no query per meeting).
	byMeeting := map[data.MeetingID][]data.Decision{}
	for _, d := range decisions {
		byMeeting[d.MeetingID] = append(byMeeting[d.MeetingID], d)
	}
	tasksBy := map[data.MeetingID][]taskRow{}
	for _, r := range taskRows(tasks, names, a.today(c, sr.ID)) {
		tasksBy[r.MeetingID] = append(tasksBy[r.MeetingID], r)
	}
	for _, e := range thread {
		v.Thread = append(v.Thread, pages.ThreadEntry{MeetingID: string(e.Meeting.ID), MeetingTitle: e.Meeting.Title,
			When: a.whenIn(t, e.Meeting.StartsAt, sr.TimeZone), Carried: e.Discussion.Carried, Outcome: string(e.Discussion.Outcome),
			Notes: e.Discussion.Notes, Decisions: decisionLines(t, byMeeting[e.Meeting.ID]), Tasks: taskRowsIn(t, tasksBy[e.Meeting.ID], l.CSRF, "")})
	}
	return a.show(c, status, pages.AgendaPage(l, v))
}
