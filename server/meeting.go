package server

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

type taskRow struct {
	data.Task
	Assignee string
	Overdue  bool
}

// meetingPage shows a meeting, from the page cache when nothing changed
// since this person last saw it (see pageCache).
func (a *app) meetingPage(c echo.Context) error {
	return a.cached(c, func(keep func([]byte)) error {
		return a.renderMeeting(c, http.StatusOK, data.MeetingID(c.Param("id")), form{}, keep)
	})
}

func (a *app) showMeeting(c echo.Context, status int, id data.MeetingID, f form) error {
	return a.renderMeeting(c, status, id, f, nil)
}

func (a *app) renderMeeting(c echo.Context, status int, id data.MeetingID, f form, keep func([]byte)) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, id)
	if err != nil {
		return err
	}
	if m.Deleted() {
		return data.Errorf(data.ENOTFOUND, "meeting %s is in the trash", id)
	}
	sr, err := a.Store.Series(ctx, m.SeriesID)
	if err != nil {
		return err
	}
	items, err := a.Store.MeetingItems(ctx, id)
	if err != nil {
		return err
	}
	decisions, err := a.Store.Decisions(ctx, data.DecisionFilter{MeetingID: id, Page: data.Page{Limit: 100}})
	if err != nil {
		return err
	}
	tasks, err := a.Store.Tasks(ctx, data.TaskFilter{SeriesID: m.SeriesID, OpenOnly: true, Page: data.Page{Limit: 100}})
	if err != nil {
		return err
	}
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return err
	}
	l := a.layout(c, m.Title, "series")
	v := meetingPage(m, sr, items, decisions, people, f, a.Now(), &a.zones)
	v.Tasks = taskTable(taskRows(tasks, nameIndex(people), data.DateOf(a.Now())), l.CSRF, "/meetings/"+string(m.ID))
	v.OpenTaskCount = strconv.Itoa(len(v.Tasks))
	return a.showCached(c, status, pages.MeetingPage(l, v), keep)
}

// meetingPage builds the meeting page's view model, all but its tasks.
func meetingPage(m data.Meeting, sr data.Series, items []data.MeetingItem, decisions []data.Decision, people []data.PersonName,
	f form, now time.Time, z *zones) pages.Meeting {
	names := nameIndex(people)
	prio, _ := strconv.Atoi(f.Val("agenda", "priority"))
	if prio == 0 {
		prio = 2
	}
	v := pages.Meeting{ID: string(m.ID), Title: m.Title, Revision: itoa(m.Revision), SeriesID: string(sr.ID), SeriesName: sr.Name,
		When: z.format(m.StartsAt, sr.TimeZone), State: string(m.State), AgendaCount: strconv.Itoa(len(items)), Notes: m.Notes,
		States: stateOptions(data.MeetingStates, m.State), Form: f, Priorities: priorityOptions(prio),
		Owners: personOptions(people, f.Val("agenda", "owner_id")), Assignees: personOptions(people, f.Val("task", "assignee_id")),
		Items: make([]pages.MeetingItem, len(items)), DecisionAgendas: make([]pages.Option, len(items)), TaskAgendas: make([]pages.Option, len(items))}
	open := make([]data.Agenda, 0, len(items))
	carried := make(map[data.AgendaID]int, len(items))
	decisionAgenda := f.Val("decision", "agenda_id")
	for i, it := range items {
		ag := it.Agenda
		id := string(ag.ID)
		v.Items[i] = pages.MeetingItem{ID: id, Title: ag.Title, Revision: itoa(ag.Revision), Priority: strconv.Itoa(ag.Priority),
			PriorityLabel: priorityLabel(ag.Priority), State: string(ag.State), Open: ag.State == data.AgendaOpen,
			AgeDays: strconv.Itoa(daysBetween(ag.CreatedAt, now)), OpenSince: fmtTime(ag.CreatedAt, "2006-01-02"),
			Owner: names[ag.OwnerID], First: i == 0, Last: i == len(items)-1, Body: ag.Body, Notes: it.Discussion.Notes}
		if it.CarryCount > 0 {
			v.Items[i].Carried = strconv.Itoa(it.CarryCount)
		}
		v.DecisionAgendas[i] = pages.Option{Value: id, Label: shorten(ag.Title, 60), Selected: id == decisionAgenda}
		v.TaskAgendas[i] = pages.Option{Value: id, Label: shorten(ag.Title, 40)}
		if ag.State == data.AgendaOpen {
			open = append(open, ag)
			carried[ag.ID] = it.CarryCount
		}
	}
	for _, d := range decisions {
		v.Decisions = append(v.Decisions, pages.MeetingDecision{ID: string(d.ID), Title: d.Title, LADRID: string(d.LADRID), Body: d.Body})
	}
	v.Aging = agingView(newAgingChart(now, open, carried))
	return v
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
		rows = append(rows, taskRow{Task: t, Assignee: names[t.AssigneeID], Overdue: t.Overdue(today)})
	}
	// Overdue first; the store already orders the rest by due date.
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Overdue && !rows[j].Overdue })
	return rows
}

// meetingFailed shows the meeting again with a form that did not save, or
// returns the error when it is not about the form.
func (a *app) meetingFailed(c echo.Context, err error, forID string) error {
	f, status, err := failedForm(c, err, forID)
	if err != nil {
		return err
	}
	return a.showMeeting(c, status, data.MeetingID(c.Param("id")), f)
}

func (a *app) meetingAddAgenda(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	prio, err := formInt(c, "priority")
	if err != nil {
		return a.meetingFailed(c, err, "agenda")
	}
	ag := data.Agenda{SeriesID: m.SeriesID, Title: c.FormValue("title"), Body: c.FormValue("body"),
		OwnerID: data.PersonID(c.FormValue("owner_id")), Priority: int(prio)}
	if err := a.Store.CreateAgenda(ctx, &ag, m.ID); err != nil {
		return a.meetingFailed(c, err, "agenda")
	}
	return seeOther(c, "/meetings/%s#agenda-%s", m.ID, ag.ID)
}

// meetingSaveNotes saves what was said about one agenda. The form carries
// the agenda's revision: if someone saved in between, the person's text is
// shown again beside the other version instead of overwriting it.
func (a *app) meetingSaveNotes(c echo.Context) error {
	ctx := c.Request().Context()
	mid, aid := data.MeetingID(c.Param("id")), data.AgendaID(c.Param("agenda"))
	forID := "notes:" + string(aid)
	seen, err := formInt(c, "revision")
	if err != nil {
		return a.meetingFailed(c, err, forID)
	}
	ag, err := a.Store.Agenda(ctx, aid)
	if err != nil {
		return err
	}
	if seen != 0 && seen != ag.Revision {
		return a.meetingFailed(c, &data.Error{Code: data.ECONFLICT, Field: "notes",
			Message: "someone else changed this agenda while you were typing; your text is below, theirs is saved — merge and save again"}, forID)
	}
	if err := a.Store.SetDiscussionNotes(ctx, mid, aid, c.FormValue("notes")); err != nil {
		return a.meetingFailed(c, err, forID)
	}
	return seeOther(c, "/meetings/%s#agenda-%s", mid, aid)
}

// meetingUpdate saves the meeting's own title, notes and state. A stale
// revision re-shows the form with the person's text and the saved notes.
func (a *app) meetingUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err == nil {
		m.Revision = rev
		m.Title, m.Notes, m.State = c.FormValue("title"), c.FormValue("notes"), data.MeetingState(c.FormValue("state"))
		err = a.Store.UpdateMeeting(ctx, &m)
	}
	if err != nil {
		return a.meetingFailed(c, err, "meeting")
	}
	return seeOther(c, "/meetings/%s#meeting-notes", m.ID)
}

func (a *app) meetingAgendaState(c echo.Context) error {
	ctx := c.Request().Context()
	mid, aid := data.MeetingID(c.Param("id")), data.AgendaID(c.Param("agenda"))
	ag, err := a.Store.Agenda(ctx, aid)
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err == nil {
		ag.Revision = rev
		ag.State = data.AgendaState(c.FormValue("state"))
		err = a.Store.UpdateAgenda(ctx, &ag)
	}
	if err != nil {
		return a.meetingFailed(c, err, "state:"+string(aid))
	}
	// Closing an agenda takes it off meetings still ahead; the one it was
	// closed in keeps it (at the end), so the room sees what was settled.
	if ag.State != data.AgendaOpen {
		if err := a.Store.AttachAgenda(ctx, mid, aid); err != nil {
			return err
		}
	}
	return seeOther(c, "/meetings/%s#agenda-%s", mid, aid)
}

func (a *app) meetingMoveAgenda(c echo.Context) error {
	ctx := c.Request().Context()
	mid, aid := data.MeetingID(c.Param("id")), data.AgendaID(c.Param("agenda"))
	items, err := a.Store.MeetingItems(ctx, mid)
	if err != nil {
		return err
	}
	order := make([]data.AgendaID, len(items))
	at := -1
	for i, it := range items {
		order[i] = it.Agenda.ID
		if it.Agenda.ID == aid {
			at = i
		}
	}
	if at < 0 {
		return data.Errorf(data.ENOTFOUND, "agenda %s is not on this meeting", aid)
	}
	step := 0
	switch c.FormValue("dir") {
	case "up":
		step = -1
	case "down":
		step = 1
	default:
		return data.Invalid("dir", "dir must be up or down")
	}
	if to := at + step; to >= 0 && to < len(order) {
		order[at], order[to] = order[to], order[at]
	}
	if err := a.Store.ReorderAgendas(ctx, mid, order); err != nil {
		return err
	}
	return seeOther(c, "/meetings/%s#agenda-%s", mid, aid)
}

// meetingSortByPriority puts the list in priority order, keeping the
// current order among equal priorities.
func (a *app) meetingSortByPriority(c echo.Context) error {
	ctx := c.Request().Context()
	mid := data.MeetingID(c.Param("id"))
	items, err := a.Store.MeetingItems(ctx, mid)
	if err != nil {
		return err
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Agenda.Priority < items[j].Agenda.Priority })
	order := make([]data.AgendaID, len(items))
	for i, it := range items {
		order[i] = it.Agenda.ID
	}
	if err := a.Store.ReorderAgendas(ctx, mid, order); err != nil {
		return err
	}
	return seeOther(c, "/meetings/%s", mid)
}

func (a *app) meetingAddDecision(c echo.Context) error {
	ctx := c.Request().Context()
	mid := data.MeetingID(c.Param("id"))
	decided, err := formDate(c, "decided_on")
	if err != nil {
		return a.meetingFailed(c, err, "decision")
	}
	d := data.Decision{MeetingID: mid, AgendaID: data.AgendaID(c.FormValue("agenda_id")), Title: c.FormValue("title"),
		Body: c.FormValue("body"), DecidedOn: decided}
	if err := a.Store.CreateDecision(ctx, &d); err != nil {
		return a.meetingFailed(c, err, "decision")
	}
	return seeOther(c, "/meetings/%s#decisions", mid)
}

func (a *app) meetingAddTask(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	due, err := formDate(c, "due")
	if err != nil {
		return a.meetingFailed(c, err, "task")
	}
	t := data.Task{SeriesID: m.SeriesID, MeetingID: m.ID, Title: c.FormValue("title"), Due: due,
		AssigneeID: data.PersonID(c.FormValue("assignee_id")), AgendaID: data.AgendaID(c.FormValue("agenda_id"))}
	if err := a.Store.CreateTask(ctx, &t); err != nil {
		return a.meetingFailed(c, err, "task")
	}
	return seeOther(c, "/meetings/%s#tasks", m.ID)
}

// meetingOpenNext opens the meeting after this one, carrying every open
// agenda; opening it twice lands on the same meeting.
func (a *app) meetingOpenNext(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	sr, err := a.Store.Series(ctx, m.SeriesID)
	if err != nil {
		return err
	}
	slot, err := sr.NextSlot(m.StartsAt)
	if err != nil {
		return err
	}
	next, _, err := a.Store.OpenMeetingAt(ctx, sr, slot)
	if err != nil {
		return err
	}
	return seeOther(c, "/meetings/%s", next.ID)
}

func daysBetween(from, to time.Time) int {
	return max(int(to.Sub(from).Hours()/24), 0)
}
