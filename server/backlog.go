package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// backlogPropose adds an agenda to a series' backlog from the series page
// or home; the person signed in proposes it.
func (a *app) backlogPropose(c echo.Context) error {
	ctx := c.Request().Context()
	id := data.SeriesID(c.FormValue("series_id"))
	if id == "" {
		return data.Invalid("series_id", "choose the series to propose the agenda for")
	}
	sr, err := a.Store.Series(ctx, id)
	if err != nil {
		return err
	}
	prio, err := formInt(c, "priority")
	ag := data.Agenda{SeriesID: sr.ID, Title: c.FormValue("title"), Body: c.FormValue("body"), Priority: int(prio),
		ProposedBy: currentUser(c).ID}
	if err == nil {
		err = a.Store.ProposeAgenda(ctx, &ag)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "propose")
		if err != nil {
			return err
		}
		return a.showSeries(c, status, sr, f)
	}
	return seeOther(c, "/series/%s#backlog", sr.ID)
}

func (a *app) proposeView(t *i18n.T, sr data.Series, f form) pages.ProposeForm {
	prio, err := strconv.Atoi(f.Val("propose", "priority"))
	if err != nil {
		prio = data.PriorityDefault
	}
	return pages.ProposeForm{SeriesID: string(sr.ID), Priorities: priorityChoices(t, sr.PriorityWords, prio), Key: newNonce(), Form: f}
}

// backlogView lists the agendas waiting for the series' next meeting.
func (a *app) backlogView(c echo.Context, sr data.Series) ([]pages.BacklogItem, error) {
	ctx := c.Request().Context()
	waiting, err := a.Store.Backlog(ctx, sr.ID)
	if err != nil {
		return nil, err
	}
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return nil, err
	}
	names, t := nameIndex(people), a.tr(c)
	out := make([]pages.BacklogItem, 0, len(waiting))
	for _, ag := range waiting {
		out = append(out, pages.BacklogItem{ID: string(ag.ID), Title: ag.Title, Priority: itoa(int64(ag.Priority)),
			PriorityLabel: priorityName(t, sr.PriorityWords, ag.Priority), ProposedBy: names[ag.ProposedBy]})
	}
	return out, nil
}

// proposalDTO is what an API client sends to propose an agenda.
type proposalDTO struct {
	Title    string        `json:"title"`
	Body     string        `json:"body"`
	Priority int           `json:"priority"`
	OwnerID  data.PersonID `json:"owner_id"`
}

// apiPropose proposes an agenda for a series' backlog, as the token's
// person; 201 with the agenda (on the next meeting already when one is
// open, else waiting for it).
func (a *app) apiPropose(c echo.Context) error {
	var in proposalDTO
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ag := data.Agenda{SeriesID: data.SeriesID(c.Param("id")), Title: in.Title, Body: in.Body, Priority: in.Priority,
		OwnerID: in.OwnerID, ProposedBy: currentUser(c).ID}
	if err := a.Store.ProposeAgenda(c.Request().Context(), &ag); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, agendaOut(ag))
}

// apiBacklog lists the agendas waiting for a series' next meeting, in the
// order they will join it.
func (a *app) apiBacklog(c echo.Context) error {
	ctx := c.Request().Context()
	sr, err := a.Store.Series(ctx, data.SeriesID(c.Param("id")))
	if err != nil {
		return err
	}
	if sr.Deleted() {
		return data.Errorf(data.ENOTFOUND, "series %s is in the trash", sr.ID)
	}
	waiting, err := a.Store.Backlog(ctx, sr.ID)
	if err != nil {
		return err
	}
	out := make([]agendaDTO, 0, len(waiting))
	for _, ag := range waiting {
		out = append(out, agendaOut(ag))
	}
	return c.JSON(http.StatusOK, map[string][]agendaDTO{"items": out})
}
