package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// meetingOpenNext opens the meeting after this one. The series' next
// meeting is its earliest one not held: when that is this meeting (or an
// earlier one still planned), the person is asked first whether to mark it
// held or skip it (then=held or then=skip, from the confirm page); when a
// later one is open already it is shown; else the following one is opened.
func (a *app) meetingOpenNext(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	switch c.FormValue("then") {
	case "held":
		rev, err := formInt(c, "revision")
		if err == nil {
			_, err = a.Store.SetMeetingState(ctx, m.ID, data.MeetingHeld, rev)
		}
		if err != nil {
			return err
		}
	case "skip":
		rev, err := formInt(c, "revision")
		if err == nil {
			m, err = a.Store.SkipMeeting(ctx, m.ID, rev)
		}
		if err != nil {
			return err
		}
		return seeOther(c, "/meetings/%s", m.ID)
	case "":
	default:
		return data.Invalid("then", "choose whether to mark the meeting held or skip it")
	}
	sr, err := a.Store.Series(ctx, m.SeriesID)
	if err != nil {
		return err
	}
	up, err := a.Store.NextOf(ctx, sr)
	if err != nil {
		return err
	}
	if up.Open() && !up.Meeting.StartsAt.After(m.StartsAt) {
		return seeOther(c, "/meetings/%s/next", up.Meeting.ID)
	}
	next, _, err := a.Store.NextMeeting(ctx, sr.ID)
	if err != nil {
		return err
	}
	return seeOther(c, "/meetings/%s", next.ID)
}

// meetingConfirmNext asks, before the next meeting opens, what became of a
// meeting still planned: held, or skipped to the next slot.
func (a *app) meetingConfirmNext(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	if m.Deleted() {
		return data.Errorf(data.ENOTFOUND, "meeting %s is in the trash", m.ID)
	}
	if m.State == data.MeetingHeld {
		return seeOther(c, "/meetings/%s", m.ID)
	}
	sr, err := a.Store.Series(ctx, m.SeriesID)
	if err != nil {
		return err
	}
	items, err := a.Store.MeetingItems(ctx, m.ID)
	if err != nil {
		return err
	}
	t := a.tr(c)
	v := pages.ConfirmNext{MeetingID: string(m.ID), Title: m.Title, When: a.whenIn(t, m.StartsAt, sr.TimeZone),
		Revision: itoa(m.Revision)}
	for _, it := range items {
		if !it.Discussion.Outcome.Closes() {
			v.OpenAgendas++
		}
	}
	if slot, err := a.Store.NextFreeSlot(ctx, sr, m.StartsAt); err == nil {
		v.SkipTo = a.whenIn(t, slot, sr.TimeZone)
	}
	return a.show(c, http.StatusOK, pages.ConfirmNextPage(a.layout(c, t.S("next.confirm.heading"), "series"), v))
}
