package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// seriesCalendar makes the person's private calendar address (a new one
// when they had one: only its hash is kept, so it cannot be shown again)
// and shows this series' feed address once, on the series page.
func (a *app) seriesCalendar(c echo.Context) error {
	ctx := c.Request().Context()
	sr, err := a.Store.Series(ctx, data.SeriesID(c.Param("id")))
	if err != nil {
		return err
	}
	if sr.Deleted() {
		return data.Errorf(data.ENOTFOUND, "series %s is in the trash", sr.ID)
	}
	secret, hash := NewSecret()
	if err := a.Store.RotateFeedToken(ctx, currentUser(c).ID, hash); err != nil {
		return err
	}
	c.Set(ctxSeriesFeed, a.absURL(c, "/feeds/"+secret+"/series/"+string(sr.ID)+".ics"))
	return a.showSeries(c, http.StatusOK, sr, form{Values: seriesValues(sr)})
}

// ctxSeriesFeed carries a series feed address made by this request to the
// series page, which shows it this once.
const ctxSeriesFeed = "kaigi.series_feed"

// seriesCalendarView says whether the person has a calendar address, and
// the series' address when it was just made.
func (a *app) seriesCalendarView(c echo.Context) (pages.SeriesCalendar, error) {
	_, on, err := a.Store.FeedTokenOf(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return pages.SeriesCalendar{}, err
	}
	v := pages.SeriesCalendar{On: on}
	v.URL, _ = c.Get(ctxSeriesFeed).(string)
	return v, nil
}
