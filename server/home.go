package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

func (a *app) home(c echo.Context) error {
	return a.cached(c, func(nonce string, keep func([]byte)) error { return a.renderHome(c, nonce, keep) })
}

func (a *app) renderHome(c echo.Context, nonce string, keep func([]byte)) error {
	ctx := c.Request().Context()
	all, err := a.Store.ListSeries(ctx)
	if err != nil {
		return err
	}
	t := a.tr(c)
	l := a.layout(c, t.S("nav.home"), "home")
	var v pages.Home
	upcoming, err := a.Store.NextMeetings(ctx)
	if err != nil {
		return err
	}
	counts, err := a.Store.HomeCounts(ctx)
	if err != nil {
		return err
	}
	me := currentUser(c)
	todays, err := a.Store.TodayOfEach(ctx, all, me.ID)
	if err != nil {
		return err
	}
	for _, sr := range all {
		n := pages.SeriesNext{SeriesID: string(sr.ID), SeriesName: sr.Name, Agendas: counts[sr.ID].NextAgendas, Backlog: counts[sr.ID].Backlog}
		if m, ok := upcoming[sr.ID]; ok {
			n.MeetingID, n.MeetingTitle, n.When = string(m.ID), m.Title, a.whenIn(t, m.StartsAt, sr.TimeZone)
			n.Soon, n.Late = soon(t, data.DateOf(m.StartsAt.In(a.zones.location(sr.TimeZone))), todays[sr.ID])
		}
		v.Next = append(v.Next, n)
		v.Propose.Series = append(v.Propose.Series, pages.Option{Value: string(sr.ID), Label: sr.Name})
	}
	v.Propose.Priorities, v.Propose.Key = priorityChoices(t, data.PriorityLevels, data.PriorityDefault), nonce+"-propose"
	tasks, err := a.Store.Tasks(ctx, data.TaskFilter{AssigneeID: me.ID, OpenOnly: true, Page: data.Page{Limit: 50}})
	if err != nil {
		return err
	}
	today := a.today(c, "")
	v.MyTasks = taskRowsIn(t, taskRows(tasks, map[data.PersonID]string{me.ID: me.Name}, today), l.CSRF, "/")
	decisions, err := a.Store.Decisions(ctx, data.DecisionFilter{Page: data.Page{Limit: 10}})
	if err != nil {
		return err
	}
	v.Decisions = decisionLines(t, decisions)
	if a.Sync != nil {
		conflicts, err := a.Sync.Conflicts(ctx)
		if err != nil {
			return err
		}
		v.Conflicts = conflictViews(t, conflicts, 60)
	}
	return a.showCached(c, http.StatusOK, pages.HomePage(l, v), keep)
}

// soon says how far a meeting's day is from the team's today; late is a
// day that passed while the meeting is still planned (someone should mark
// it held).
func soon(t *i18n.T, day, today data.Date) (label string, late bool) {
	switch d := int(day.Time().Sub(today.Time()).Hours() / 24); {
	case d < 0:
		return t.S("home_week.day_passed"), true
	case d == 0:
		return t.S("home_week.today"), false
	case d == 1:
		return t.S("home_week.tomorrow"), false
	default:
		return t.N("home_week.in_days", d, nil), false
	}
}
