package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// taskPage shows one task with a form to change its title, assignee,
// due date, agenda and state.
func (a *app) taskPage(c echo.Context) error {
	return a.showTask(c, http.StatusOK, form{})
}

func (a *app) showTask(c echo.Context, status int, f form) error {
	ctx := c.Request().Context()
	t, err := a.Store.Task(ctx, data.TaskID(c.Param("id")))
	if err != nil {
		return err
	}
	if t.Deleted() {
		return data.Errorf(data.ENOTFOUND, "task %s is in the trash", t.ID)
	}
	sr, err := a.Store.Series(ctx, t.SeriesID)
	if err != nil {
		return err
	}
	tr := a.tr(c)
	v := pages.Task{ID: string(t.ID), Title: t.Title, Revision: itoa(t.Revision), State: label(tr, taskStateLabels, t.State),
		Created: a.dayIn(tr, t.CreatedAt, sr.TimeZone), Done: a.dayIn(tr, t.DoneAt, sr.TimeZone), Due: t.Due.String(), DueText: day(tr, t.Due),
		SeriesID: string(sr.ID), SeriesName: sr.Name, MeetingID: string(t.MeetingID), Form: f,
		Overdue: t.Overdue(a.today(c, t.SeriesID)), LongPast: !t.Due.IsZero() && t.Due.Before(data.DateOf(t.CreatedAt.AddDate(-1, 0, 0)))}
	state := t.State
	if f.Failed("task") {
		state = data.TaskState(f.Get("state"))
	}
	v.States = choices(tr, taskStateLabels, data.TaskStates, state)
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return err
	}
	agendas, err := a.Store.Agendas(ctx, data.AgendaFilter{SeriesID: t.SeriesID, State: data.AgendaOpen, Page: data.Page{Limit: 200}})
	if err != nil {
		return err
	}
	assignee, agenda := string(t.AssigneeID), string(t.AgendaID)
	if f.Failed("task") {
		assignee, agenda = f.Get("assignee_id"), f.Get("agenda_id")
	}
	v.Assignees = personOptions(people, assignee)
	if t.AgendaID != "" && !containsAgenda(agendas, t.AgendaID) {
		// A closed agenda stays choosable for the task that points at it.
		if ag, err := a.Store.Agenda(ctx, t.AgendaID); err == nil {
			agendas = append(agendas, ag)
		}
	}
	for _, ag := range agendas {
		v.Agendas = append(v.Agendas, option{Value: string(ag.ID), Label: ag.Title, Selected: string(ag.ID) == agenda})
	}
	return a.show(c, status, pages.TaskPage(a.layout(c, t.Title, "tasks"), v))
}

func containsAgenda(list []data.Agenda, id data.AgendaID) bool {
	for _, a := range list {
		if a.ID == id {
			return true
		}
	}
	return false
}

// taskUpdate saves the task form; invalid or stale input comes back with
// what was typed.
func (a *app) taskUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := a.Store.Task(ctx, data.TaskID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	var due data.Date
	if err == nil {
		due, err = formDate(c, "due")
	}
	if err == nil {
		t.Revision, t.Due = rev, due
		t.Title, t.State = c.FormValue("title"), data.TaskState(c.FormValue("state"))
		t.AssigneeID, t.AgendaID = data.PersonID(c.FormValue("assignee_id")), data.AgendaID(c.FormValue("agenda_id"))
		err = a.Store.UpdateTask(ctx, &t)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "task")
		if err != nil {
			return err
		}
		return a.showTask(c, status, f)
	}
	return seeOther(c, "/tasks/%s", t.ID)
}
