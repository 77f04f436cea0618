package server

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/minutes"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

type taskRow struct {
	data.Task
	Assignee string
	Overdue  bool
	DueToday bool
}

// meetingPage shows a meeting, from the page cache when nothing changed
// since this person last saw it (see pageCache).
func (a *app) meetingPage(c echo.Context) error {
	return a.cached(c, func(nonce string, keep func([]byte)) error {
		return a.renderMeeting(c, http.StatusOK, data.MeetingID(c.Param("id")), form{}, nonce, keep)
	})
}

func (a *app) showMeeting(c echo.Context, status int, id data.MeetingID, f form) error {
	return a.renderMeeting(c, status, id, f, newNonce(), nil)
}

func (a *app) renderMeeting(c echo.Context, status int, id data.MeetingID, f form, nonce string, keep func([]byte)) error {
	ctx := c.Request().Context()
	// The journal's head first: the page shows at least every change up to
	// it, so a live page that was told of a newer one fetches again.
	seq, _, err := a.Store.LastChange(ctx)
	if err != nil {
		return err
	}
	mn, err := a.Store.Minutes(ctx, id)
	if err != nil {
		return err
	}
	tasks, err := a.Store.Tasks(ctx, data.TaskFilter{SeriesID: mn.Meeting.SeriesID, OpenOnly: true, Page: data.Page{Limit: 100}})
	if err != nil {
		return err
	}
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return err
	}
	var next time.Time
	if mn.Meeting.State == data.MeetingPlanned {
		if next, err = a.Store.NextFreeSlot(ctx, mn.Series, mn.Meeting.StartsAt); err != nil {
			next = time.Time{} // a schedule that never fires again: nothing to skip to
		}
	}
	t := a.tr(c)
	l := a.layout(c, mn.Meeting.Title, "series")
	v := meetingPage(t, mn, people, f, a.Now(), &a.zones)
	v.Seq = strconv.FormatInt(seq, 10)
	if !next.IsZero() {
		v.NextSlot = t.DateTime(next.In(a.zones.location(mn.Series.TimeZone)))
	}
	v.Keys = pages.FormKeys{Agenda: nonce + "-agenda", Decision: nonce + "-decision", Task: nonce + "-task"}
	v.Tasks = taskRowsIn(t, taskRows(tasks, nameIndex(people), a.today(c, mn.Series.ID)), l.CSRF, "/meetings/"+string(id))
	v.OpenTaskCount = len(v.Tasks)
	return a.showCached(c, status, pages.MeetingPage(l, v), keep)
}

// meetingPage builds the meeting page's view model, all but its open
// tasks, from the meeting's minutes, in t's language.
func meetingPage(t *i18n.T, mn data.Minutes, people []data.PersonName, f form, now time.Time, z *zones) pages.Meeting {
	m, sr := mn.Meeting, mn.Series
	names := nameIndex(people)
	prio, _ := strconv.Atoi(f.Val("agenda", "priority"))
	if prio == 0 {
		prio = 2
	}
	held := m.State == data.MeetingHeld
	// Ages are as of the meeting once it started or was held, so its
	// minutes do not change with the clock.
	asOf := m.AgesAsOf(now)
	loc := z.location(sr.TimeZone)
	start := m.StartsAt.In(loc)
	v := pages.Meeting{ID: string(m.ID), Title: m.Title, Revision: itoa(m.Revision), SeriesID: string(sr.ID), SeriesName: sr.Name,
		When: t.DateTime(start), State: label(t, meetingStateLabels, m.State), Held: held, AgendaCount: len(mn.Items),
		Date: start.Format(time.DateOnly), Time: start.Format("15:04"), Zone: sr.TimeZone + " (" + start.Format("MST") + ")",
		Notes: m.Notes, Form: f, Priorities: priorityChoices(t, sr.PriorityWords, prio), Attendance: attendance(m, sr, people),
		Owners: personOptions(people, f.Val("agenda", "owner_id")), Assignees: personOptions(people, f.Val("task", "assignee_id")),
		Items: make([]pages.MeetingItem, len(mn.Items))}
	for _, r := range mn.Reopens {
		v.Reopens = append(v.Reopens, pages.ReopenLine{Who: names[r.PersonID], When: t.DateTime(r.ReopenedAt.In(loc))})
	}
	open := make([]data.Agenda, 0, len(mn.Items))
	carried := make(map[data.AgendaID]int, len(mn.Items))
	decisionAgenda := f.Val("decision", "agenda_id")
	for i, it := range mn.Items {
		ag := it.Agenda
		id := string(ag.ID)
		v.Items[i] = pages.MeetingItem{ID: id, Title: ag.Title, Revision: itoa(ag.Revision), Priority: strconv.Itoa(ag.Priority),
			PriorityLabel: priorityName(t, sr.PriorityWords, ag.Priority), Outcome: string(it.Discussion.Outcome), Closed: it.Discussion.Outcome.Closes(),
			Age: minutes.AgeLabel(t, it.Age(asOf)), OpenSince: t.Date(ag.CreatedAt.In(loc)), Carried: it.CarryCount,
			Owner: names[ag.OwnerID], First: i == 0, Last: i == len(mn.Items)-1, Body: ag.Body, Notes: it.Discussion.Notes,
			Previous: previousView(t, it.Previous, loc)}
		if !it.Discussion.Outcome.Closes() {
			v.DecisionAgendas = append(v.DecisionAgendas, pages.Option{Value: id, Label: shorten(ag.Title, 60), Selected: id == decisionAgenda})
			v.TaskAgendas = append(v.TaskAgendas, pages.Option{Value: id, Label: shorten(ag.Title, 40)})
			open = append(open, ag)
			carried[ag.ID] = it.CarryCount
		}
	}
	card := make(map[data.AgendaID]*pages.MeetingItem, len(v.Items))
	for i := range v.Items {
		card[data.AgendaID(v.Items[i].ID)] = &v.Items[i]
	}
	for _, d := range mn.Decisions {
		v.Decisions = append(v.Decisions, pages.MeetingDecision{ID: string(d.ID), Title: d.Title, LADRID: string(d.LADRID), Body: d.Body})
	}
	// A card lists its agenda's decisions in the order they were made.
	for i := len(mn.Decisions) - 1; i >= 0; i-- {
		if it := card[mn.Decisions[i].AgendaID]; it != nil {
			it.Decisions = append(it.Decisions, v.Decisions[i])
		}
	}
	for _, tk := range mn.Tasks {
		ct := pages.CreatedTask{ID: string(tk.ID), Title: tk.Title, Assignee: names[tk.AssigneeID], Due: day(t, tk.Due),
			State: string(tk.State), StateLabel: label(t, taskStateLabels, tk.State)}
		v.CreatedTasks = append(v.CreatedTasks, ct)
		if it := card[tk.AgendaID]; it != nil {
			it.Tasks = append(it.Tasks, ct)
		}
	}
	v.Aging = agingView(t, newAgingChart(asOf, open, carried))
	return v
}

func previousView(t *i18n.T, p *data.PreviousDiscussion, loc *time.Location) *pages.Previous {
	if p == nil {
		return nil
	}
	v := &pages.Previous{MeetingID: string(p.Meeting.ID), MeetingTitle: p.Meeting.Title, When: t.DateTime(p.Meeting.StartsAt.In(loc)),
		Outcome: string(p.Discussion.Outcome), Notes: p.Discussion.Notes}
	for _, d := range p.Decisions {
		v.Decisions = append(v.Decisions, d.Title)
	}
	return v
}

// attendance lists the meeting's attendees first, then everyone else, so
// that a person can be added.
func attendance(m data.Meeting, sr data.Series, people []data.PersonName) []pages.Attendee {
	status := map[data.PersonID]string{}
	for _, p := range m.Attendees {
		status[p] = "present"
	}
	for _, p := range m.Absent {
		status[p] = "absent"
	}
	out := make([]pages.Attendee, 0, len(people))
	for _, p := range people {
		out = append(out, pages.Attendee{ID: string(p.ID), Name: p.Name, Status: status[p.ID]})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Status != "" && out[j].Status == "" })
	return out
}

func nameIndex(people []data.PersonName) map[data.PersonID]string {
	m := make(map[data.PersonID]string, len(people))
	for _, p := range people {
		m[p.ID] = p.Name
	}
	return m
}

func taskRows(tasks []data.Task, names map[data.PersonID]string, today data.Date) []taskRow {
	rows := make([]taskRow, 0, len(tasks))
	for _, t := range tasks {
		rows = append(rows, taskRow{Task: t, Assignee: names[t.AssigneeID], Overdue: t.Overdue(today), DueToday: t.Due == today})
	}
	// Overdue first; the store already orders the rest by due date.
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Overdue && !rows[j].Overdue })
	return rows
}
