package server

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

func (a *app) seriesList(c echo.Context) error {
	defaults := form{Values: url.Values{"schedule": {"0 10 * * MON"}, "time_zone": {"UTC"}}}
	return a.showSeriesList(c, http.StatusOK, defaults)
}

func (a *app) showSeriesList(c echo.Context, status int, f form) error {
	all, err := a.Store.ListSeries(c.Request().Context())
	if err != nil {
		return err
	}
	v := pages.SeriesList{Form: f}
	for _, sr := range all {
		v.Series = append(v.Series, pages.SeriesRow{ID: string(sr.ID), Name: sr.Name, Schedule: sr.Schedule, TimeZone: sr.TimeZone})
	}
	return a.show(c, status, pages.SeriesListPage(a.layout(c, "Series", "series"), v))
}

func seriesFromForm(c echo.Context, sr *data.Series) error {
	sr.Name = c.FormValue("name")
	sr.Schedule = c.FormValue("schedule")
	sr.TimeZone = c.FormValue("time_zone")
	rev, err := formInt(c, "revision")
	sr.Revision = rev
	return err
}

func (a *app) seriesCreate(c echo.Context) error {
	var sr data.Series
	err := seriesFromForm(c, &sr)
	if err == nil {
		err = a.Store.CreateSeries(c.Request().Context(), &sr)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "")
		if err != nil {
			return err
		}
		return a.showSeriesList(c, status, f)
	}
	return seeOther(c, "/series/%s", sr.ID)
}

func (a *app) seriesPage(c echo.Context) error {
	sr, err := a.Store.Series(c.Request().Context(), data.SeriesID(c.Param("id")))
	if err != nil {
		return err
	}
	f := form{Values: url.Values{"name": {sr.Name}, "schedule": {sr.Schedule}, "time_zone": {sr.TimeZone}}}
	return a.showSeries(c, http.StatusOK, sr, f)
}

func (a *app) showSeries(c echo.Context, status int, sr data.Series, f form) error {
	ctx := c.Request().Context()
	if sr.Deleted() {
		return data.Errorf(data.ENOTFOUND, "series %s is in the trash", sr.ID)
	}
	meetings, err := a.Store.Meetings(ctx, data.MeetingFilter{SeriesID: sr.ID, Page: data.Page{Limit: 30}})
	if err != nil {
		return err
	}
	aging, err := a.seriesAging(c, sr.ID)
	if err != nil {
		return err
	}
	if f.Values.Get("revision") == "" {
		f.Values.Set("revision", itoa(sr.Revision))
	}
	v := pages.Series{ID: string(sr.ID), Name: sr.Name, Schedule: sr.Schedule, TimeZone: sr.TimeZone, Aging: agingView(aging), Form: f}
	for _, m := range meetings {
		v.Meetings = append(v.Meetings, pages.SeriesMeeting{ID: string(m.ID), Title: m.Title, When: a.zones.format(m.StartsAt, sr.TimeZone), State: string(m.State)})
	}
	return a.show(c, status, pages.SeriesPage(a.layout(c, sr.Name, "series"), v))
}

func (a *app) seriesUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	sr, err := a.Store.Series(ctx, data.SeriesID(c.Param("id")))
	if err != nil {
		return err
	}
	current := sr
	err = seriesFromForm(c, &sr)
	if err == nil {
		err = a.Store.UpdateSeries(ctx, &sr)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "")
		if err != nil {
			return err
		}
		return a.showSeries(c, status, current, f)
	}
	return seeOther(c, "/series/%s", sr.ID)
}

// seriesNextMeeting opens the first meeting after now (or shows it if it is
// already open).
func (a *app) seriesNextMeeting(c echo.Context) error {
	m, _, err := a.Store.NextMeeting(c.Request().Context(), data.SeriesID(c.Param("id")))
	if err != nil {
		return err
	}
	return seeOther(c, "/meetings/%s", m.ID)
}

// seriesAging draws how long the series' open agendas have been open and
// how often they were carried, as of its latest meeting.
func (a *app) seriesAging(c echo.Context, id data.SeriesID) (agingChart, error) {
	ctx := c.Request().Context()
	open, err := a.Store.Agendas(ctx, data.AgendaFilter{SeriesID: id, State: data.AgendaOpen, Page: data.Page{Limit: 40}})
	if err != nil {
		return agingChart{}, err
	}
	carried := map[data.AgendaID]int{}
	latest, err := a.Store.Meetings(ctx, data.MeetingFilter{SeriesID: id, Page: data.Page{Limit: 1}})
	if err != nil {
		return agingChart{}, err
	}
	if len(latest) == 1 {
		items, err := a.Store.MeetingItems(ctx, latest[0].ID)
		if err != nil {
			return agingChart{}, err
		}
		for _, it := range items {
			carried[it.Agenda.ID] = it.CarryCount
		}
	}
	return newAgingChart(a.Now(), open, carried), nil
}
