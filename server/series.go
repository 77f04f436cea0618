package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

func (a *app) seriesList(c echo.Context) error {
	defaults := form{Values: url.Values{"schedule": {"0 10 * * MON"}, "time_zone": {"Asia/Tokyo"}}}
	return a.showSeriesList(c, http.StatusOK, defaults)
}

func (a *app) showSeriesList(c echo.Context, status int, f form) error {
	ctx := c.Request().Context()
	all, err := a.Store.ListSeries(ctx)
	if err != nil {
		return err
	}
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return err
	}
	t := a.tr(c)
	v := pages.SeriesList{Form: f, Schedule: scheduleForm(f, people, a.Now()), Key: newNonce()}
	for _, sr := range all {
		v.Series = append(v.Series, pages.SeriesRow{ID: string(sr.ID), Name: sr.Name, TimeZone: sr.TimeZone,
			Repeats: scheduleView(sr.Schedule), Next: a.nextSlot(c, sr)})
	}
	return a.show(c, status, pages.SeriesListPage(a.layout(c, t.S("nav.series"), "series"), v))
}

// nextSlot is when the series meets next, in its time zone: its next
// meeting's start (never a held meeting's), or where opening it would put it.
func (a *app) nextSlot(c echo.Context, sr data.Series) string {
	next, err := a.Store.NextOf(c.Request().Context(), sr)
	if err != nil {
		return ""
	}
	return a.whenIn(a.tr(c), next.When(), sr.TimeZone)
}

func scheduleView(expr string) pages.ScheduleView {
	p := data.SplitSchedule(expr)
	return pages.ScheduleView{Repeat: string(p.Repeat), Weekday: strconv.Itoa(int(p.Weekday)), Day: strconv.Itoa(p.Day),
		Time: twoDigits(p.Hour) + ":" + twoDigits(p.Minute), Cron: expr}
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// scheduleForm fills the series form's schedule choices from the values
// shown (a series' own, a failed form's, or the defaults).
func scheduleForm(f form, people []data.PersonName, now time.Time) pages.ScheduleForm {
	p := data.SplitSchedule(f.Get("schedule"))
	repeat := string(p.Repeat)
	weekday, day, at := strconv.Itoa(int(p.Weekday)), strconv.Itoa(p.Day), twoDigits(p.Hour)+":"+twoDigits(p.Minute)
	from := p.From.String()
	if f.Get("repeat") != "" { // a failed form shows what was chosen
		repeat, weekday, day, at, from = f.Get("repeat"), f.Get("weekday"), f.Get("day"), f.Get("time"), f.Get("from")
	}
	if p.Repeat == data.RepeatCustom && f.Get("repeat") == "" {
		weekday, day, at = "1", "1", "10:00"
	}
	if from == "" {
		from = now.Format(time.DateOnly)
	}
	v := pages.ScheduleForm{Time: at, Cron: f.Get("schedule"), From: from}
	for _, r := range []data.Repeat{data.RepeatWeekly, data.RepeatBiweekly, data.RepeatMonthly, data.RepeatCustom} {
		v.Repeats = append(v.Repeats, pages.Option{Value: string(r), Selected: string(r) == repeat})
	}
	for d := range 7 {
		wd := (d + 1) % 7 // Monday first
		v.Weekdays = append(v.Weekdays, pages.Option{Value: strconv.Itoa(wd), Selected: strconv.Itoa(wd) == weekday})
	}
	for d := 1; d <= 28; d++ {
		v.Days = append(v.Days, pages.Option{Value: strconv.Itoa(d), Label: strconv.Itoa(d), Selected: strconv.Itoa(d) == day})
	}
	chosen := map[string]bool{}
	for _, id := range f.Values["attendees"] {
		chosen[id] = true
	}
	for _, pn := range people {
		v.Attendees = append(v.Attendees, pages.Option{Value: string(pn.ID), Label: pn.Name, Selected: chosen[string(pn.ID)]})
	}
	return v
}

// seriesFromForm reads the series form: the schedule from its simple
// choices ("weekly on Monday at 10:00"), or the cron field when the
// choice is custom.
func seriesFromForm(c echo.Context, sr *data.Series) error {
	sr.Name = c.FormValue("name")
	sr.TimeZone = c.FormValue("time_zone")
	sr.DefaultAttendees = nil
	vals, _ := c.FormParams()
	for _, id := range vals["attendees"] {
		sr.DefaultAttendees = append(sr.DefaultAttendees, data.PersonID(id))
	}
	rev, err := formInt(c, "revision")
	if err != nil {
		return err
	}
	sr.Revision = rev
	sr.PriorityWords = data.PriorityWords(c.FormValue("priority_words"))
	sr.StandingItems = strings.Split(strings.ReplaceAll(c.FormValue("standing_items"), "\r\n", "\n"), "\n")
	repeat := data.Repeat(c.FormValue("repeat"))
	if repeat == "" || repeat == data.RepeatCustom {
		sr.Schedule = c.FormValue("schedule")
		return nil
	}
	at, err := time.Parse("15:04", strings.TrimSpace(c.FormValue("time")))
	if err != nil {
		return data.Invalid("time", "%q is not a time like 10:00", c.FormValue("time"))
	}
	p := data.ScheduleParts{Repeat: repeat, Hour: at.Hour(), Minute: at.Minute()}
	wd, _ := strconv.Atoi(c.FormValue("weekday"))
	p.Weekday = time.Weekday(((wd % 7) + 7) % 7)
	p.Day, _ = strconv.Atoi(c.FormValue("day"))
	if repeat == data.RepeatMonthly && (p.Day < 1 || p.Day > 31) {
		return data.Invalid("day", "choose a day of the month")
	}
	if repeat == data.RepeatBiweekly {
		if p.From, err = formDate(c, "from"); err != nil {
			return err
		}
		if p.From.IsZero() {
			return data.Invalid("from", "choose the day of the first meeting")
		}
	}
	if sr.Schedule = p.Expr(); sr.Schedule == "" {
		return data.Invalid("repeat", "choose weekly, every 2 weeks, monthly or custom")
	}
	return nil
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

func seriesValues(sr data.Series) url.Values {
	v := url.Values{"name": {sr.Name}, "schedule": {sr.Schedule}, "time_zone": {sr.TimeZone},
		"standing_items": {strings.Join(sr.StandingItems, "\n")}, "priority_words": {string(sr.PriorityWords)}}
	for _, p := range sr.DefaultAttendees {
		v.Add("attendees", string(p))
	}
	return v
}

func (a *app) seriesPage(c echo.Context) error {
	sr, err := a.Store.Series(c.Request().Context(), data.SeriesID(c.Param("id")))
	if err != nil {
		return err
	}
	return a.showSeries(c, http.StatusOK, sr, form{Values: seriesValues(sr)})
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
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return err
	}
	edit := f
	if f.For != "" { // another form failed; the series form shows the series
		edit = form{Values: seriesValues(sr)}
	}
	if edit.Values.Get("revision") == "" {
		edit.Values.Set("revision", itoa(sr.Revision))
	}
	t := a.tr(c)
	loc := a.zones.location(sr.TimeZone)
	now := a.Now().In(loc)
	v := pages.Series{ID: string(sr.ID), Name: sr.Name, Schedule: sr.Schedule, TimeZone: sr.TimeZone, Aging: agingView(t, aging), Form: f,
		StandingItems: sr.StandingItems, Propose: a.proposeView(t, sr, f), PriorityWords: priorityWordChoices(t, data.PriorityWords(edit.Values.Get("priority_words"))),
		Repeats: scheduleView(sr.Schedule), Next: a.nextSlot(c, sr), Edit: scheduleForm(edit, people, a.Now()), EditForm: edit, MeetingKey: newNonce(),
		Date: now.Format(time.DateOnly), Time: scheduleView(sr.Schedule).Time, Zone: sr.TimeZone + " (" + now.Format("MST") + ")"}
	if v.MinutesPost, err = a.minutesPostView(c, sr); err != nil {
		return err
	}
	if v.Backlog, err = a.backlogView(c, sr); err != nil {
		return err
	}
	if v.Calendar, err = a.seriesCalendarView(c); err != nil {
		return err
	}
	for _, m := range meetings {
		sm := pages.SeriesMeeting{ID: string(m.ID), Title: m.Title, When: a.whenIn(t, m.StartsAt, sr.TimeZone),
			State: label(t, meetingStateLabels, m.State)}
		v.Meetings = append(v.Meetings, sm)
		// The list is newest first: the last planned one is the next.
		if m.State != data.MeetingHeld {
			v.Upcoming = &sm
		}
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

// seriesAddMeeting opens a meeting at a chosen date and time (in the
// series' zone), carrying the open agendas as the next meeting would.
func (a *app) seriesAddMeeting(c echo.Context) error {
	ctx := c.Request().Context()
	sr, err := a.Store.Series(ctx, data.SeriesID(c.Param("id")))
	if err != nil {
		return err
	}
	at, err := formStart(c, a.zones.location(sr.TimeZone))
	var m data.Meeting
	if err == nil {
		m, _, err = a.Store.OpenMeetingAt(ctx, sr, at)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "meeting")
		if err != nil {
			return err
		}
		return a.showSeries(c, status, sr, f)
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
