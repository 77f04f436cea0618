package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

type agendaView struct {
	Agenda    data.Agenda
	Series    data.Series
	Owner     string
	Thread    []data.ThreadEntry
	Decisions []data.Decision
	Tasks     []taskRow
}

// agendaPage shows an agenda's whole thread across meetings.
func (a *app) agendaPage(c echo.Context) error {
	ctx := c.Request().Context()
	ag, err := a.Store.Agenda(ctx, data.AgendaID(c.Param("id")))
	if err != nil {
		return err
	}
	if ag.Deleted() {
		return data.Errorf(data.ENOTFOUND, "agenda %s is in the trash", ag.ID)
	}
	v := agendaView{Agenda: ag}
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
	v.Tasks = taskRows(tasks, names, data.DateOf(a.Now()))
	return render(a, c, http.StatusOK, "agenda", v)
}
