package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

type homeView struct {
	Next      []seriesNext
	MyTasks   []taskRow
	Decisions []data.Decision
	Conflicts []SyncConflict
}

// seriesNext is a series with its upcoming (or running) meeting, if open.
type seriesNext struct {
	Series  data.Series
	Meeting data.Meeting
}

// runningFor is how long after its start a meeting still counts as "next".
const runningFor = 3 * time.Hour

func (a *app) home(c echo.Context) error {
	ctx := c.Request().Context()
	now := a.Now()
	all, err := a.Store.ListSeries(ctx)
	if err != nil {
		return err
	}
	var v homeView
	for _, sr := range all {
		upcoming, err := a.Store.Meetings(ctx, data.MeetingFilter{SeriesID: sr.ID, After: now.Add(-runningFor), Page: data.Page{Limit: 20}})
		if err != nil {
			return err
		}
		n := seriesNext{Series: sr}
		if len(upcoming) > 0 {
			n.Meeting = upcoming[len(upcoming)-1] // newest first: the last is the soonest
		}
		v.Next = append(v.Next, n)
	}
	me := currentUser(c)
	tasks, err := a.Store.Tasks(ctx, data.TaskFilter{AssigneeID: me.ID, OpenOnly: true, Page: data.Page{Limit: 50}})
	if err != nil {
		return err
	}
	v.MyTasks = taskRows(tasks, map[data.PersonID]string{me.ID: me.Name}, data.DateOf(now))
	if v.Decisions, err = a.Store.Decisions(ctx, data.DecisionFilter{Page: data.Page{Limit: 10}}); err != nil {
		return err
	}
	if a.Sync != nil {
		if v.Conflicts, err = a.Sync.Conflicts(ctx); err != nil {
			return err
		}
	}
	return render(a, c, http.StatusOK, "home", v)
}
