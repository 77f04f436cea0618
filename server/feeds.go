package server

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/calendar"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// Calendar feeds: a calendar app fetches them with the private secret in
// the URL (it cannot send a header). The secret is the user's, so a feed
// stops at once when they rotate it or are deactivated.

const (
	feedPast     = 180 * 24 * time.Hour // meetings older than this leave the feed
	feedMeetings = 500
	feedSlots    = 8         // upcoming slots of the schedule shown before their meetings are open
	meetingSpan  = time.Hour // a meeting's length until meetings have an end
)

// feedOwner is the active user whose calendar secret the URL carries.
func (a *app) feedOwner(c echo.Context) (data.Account, *i18n.T, error) {
	acct, err := a.Store.AccountByFeedToken(c.Request().Context(), HashSecret(c.Param("token")))
	if err != nil {
		return data.Account{}, nil, err
	}
	// A calendar app's Accept-Language is its own, not the person's: a
	// person who chose no language gets the team's (KAIGI_LANG).
	return acct, a.catalog.Choose(acct.Settings.Lang, ""), nil
}

func (a *app) seriesFeed(c echo.Context) error {
	ctx := c.Request().Context()
	id, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok {
		return echo.ErrNotFound
	}
	_, t, err := a.feedOwner(c)
	if err != nil {
		return err
	}
	sr, err := a.Store.Series(ctx, data.SeriesID(id))
	if err != nil {
		return err
	}
	if sr.Deleted() {
		return data.Errorf(data.ENOTFOUND, "series %s is in the trash", sr.ID)
	}
	zone, err := time.LoadLocation(sr.TimeZone)
	if err != nil {
		zone = time.UTC
	}
	ms, err := a.Store.Meetings(ctx, data.MeetingFilter{SeriesID: sr.ID, After: a.Now().Add(-feedPast), Page: data.Page{Limit: feedMeetings}})
	if err != nil {
		return err
	}
	slots, err := a.Store.UpcomingSlots(ctx, sr, feedSlots)
	if err != nil {
		return err
	}
	out := make([]calendar.Meeting, 0, len(ms)+len(slots))
	for i := len(ms) - 1; i >= 0; i-- { // oldest first
		m := ms[i]
		end := m.EndsAt
		if end.IsZero() {
			end = m.StartsAt.Add(meetingSpan)
		}
		out = append(out, calendar.Meeting{ID: slotUID(sr.ID, m.StartsAt), Title: m.Title, URL: a.absURL(c, "/meetings/"+string(m.ID)),
			Start: m.StartsAt, End: end, Changed: m.UpdatedAt})
	}
	// The schedule's next slots, as placeholders until their meetings open
	// (with the same UID, so the meeting replaces its placeholder).
	for _, slot := range slots {
		out = append(out, calendar.Meeting{ID: slotUID(sr.ID, slot), Title: data.SlotTitle(sr, slot), Tentative: true,
			URL: a.absURL(c, "/series/"+string(sr.ID)), Description: t.S("series_calendar.slot_not_open"),
			Start: slot, End: slot.Add(data.DefaultMeetingLength), Changed: sr.UpdatedAt})
	}
	var b bytes.Buffer
	if err := calendar.WriteSeries(&b, t.F("calendar.series_name", i18n.Args{"Series": sr.Name}), zone, out); err != nil {
		return err
	}
	return writeCalendar(c, b.Bytes())
}

func (a *app) tasksFeed(c echo.Context) error {
	acct, t, err := a.feedOwner(c)
	if err != nil {
		return err
	}
	tasks, err := a.Store.Tasks(c.Request().Context(), data.TaskFilter{AssigneeID: acct.Person.ID, OpenOnly: true, Page: data.Page{Limit: 500}})
	if err != nil {
		return err
	}
	var out []calendar.Task
	for _, k := range tasks {
		if k.Due.IsZero() {
			continue
		}
		out = append(out, calendar.Task{ID: string(k.ID), Summary: t.F("calendar.task_summary", i18n.Args{"Title": k.Title}),
			URL: a.absURL(c, "/tasks/"+string(k.ID)), Due: k.Due.Time(), Changed: k.UpdatedAt})
	}
	var b bytes.Buffer
	if err := calendar.WriteTasks(&b, t.F("calendar.tasks_name", i18n.Args{"Name": acct.Person.Name}), out); err != nil {
		return err
	}
	return writeCalendar(c, b.Bytes())
}

func writeCalendar(c echo.Context, body []byte) error {
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", `inline; filename="kaigi.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", body)
}

// slotUID names a series' meeting at a start in a calendar: the same for
// the schedule's placeholder and the meeting opened there (a moved meeting
// becomes a new event at its new time, and its old one leaves the feed).
func slotUID(series data.SeriesID, start time.Time) string {
	return "series-" + string(series) + "-" + start.UTC().Format("20060102T150405Z")
}
