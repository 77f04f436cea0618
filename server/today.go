package server

import (
	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

// today is the team's date now (data.Store.Today) on a page about series
// (may be empty) seen by the request's person: what "overdue" and a new
// record's date are measured against.
func (a *app) today(c echo.Context, series data.SeriesID) data.Date {
	d, err := a.Store.Today(c.Request().Context(), series, currentUser(c).ID)
	if err != nil {
		a.Logger.WarnContext(c.Request().Context(), "team's day", "err", err)
		return data.TeamDay(a.Now(), a.Accounts.Zone)
	}
	return d
}
