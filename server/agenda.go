package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

type agendaView struct {
	Agenda     data.Agenda
	Series     data.Series
	Owner      string
	Owners     []option
	States     []data.AgendaState
	Priorities []int
	Thread     []data.ThreadEntry
	Decisions  []data.Decision
	Tasks      []taskRow
	Form       form
}

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
	v := agendaView{Agenda: ag, Form: f, States: data.AgendaStates, Priorities: []int{1, 2, 3, 4}}
	if v.Series, err = a.Store.Series(ctx, ag.SeriesID); err != nil {
		return err
	}
	if v.Thread, err = a.Store.AgendaThread(ctx, ag.ID); err != nil {
		return err
	}
	if v.Decisions, err = a.Store.Decisions(ctx, data.DecisionFilter{AgendaID: ag.ID, Page: data.Page{Limit: 100}}); err != nil {
		return err
	}
	tasks, err := a.Store.Tasks(ctx, data.TaskFilter{AgendaID: ag.ID, Page: data.Page{Limit: 100}})
	if err != nil {
		return err
	}
	people, err := a.Store.People(ctx)
	if err != nil {
		return err
	}
	names := nameIndex(people)
	v.Owner = names[ag.OwnerID]
	owner := string(ag.OwnerID)
	if f.Failed("agenda") {
		owner = f.Get("owner_id")
	}
	v.Owners = personOptions(people, owner)
	v.Tasks = taskRows(tasks, names, data.DateOf(a.Now()))
	return render(a, c, status, "agenda", v)
}
