package server

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

// The meeting page's forms. A held meeting refuses them in the store (409,
// shown on the page), except reopening it.

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
	var d data.Discussion
	if err == nil {
		notes := c.FormValue("notes")
		d, err = a.Store.UpdateDiscussion(ctx, mid, aid, data.DiscussionChange{Notes: &notes, Revision: seen})
	}
	if data.ErrorCode(err) == data.ECONFLICT && data.ErrorField(err) == "revision" {
		err = &data.Error{Code: data.ECONFLICT, Field: "notes", Message: a.tr(c).S("meeting.notes_conflict")}
	}
	if wantsJSON(c) {
		return a.notesSaved(c, d, err, forID)
	}
	if err != nil {
		return a.meetingFailed(c, err, forID)
	}
	return seeOther(c, "/meetings/%s#agenda-%s", mid, aid)
}

// notesSaved answers the page's save-as-you-type: the agenda's new
// revision, for the next save's check, and the meeting's before and after
// (the page's other forms move on with it when they were at the one
// before), or why it did not save. On a
// conflict the page posts the form as a form, which shows both texts.
func (a *app) notesSaved(c echo.Context, d data.Discussion, err error, forID string) error {
	if err != nil {
		f, status, err := failedForm(c, err, forID)
		if err != nil {
			return err
		}
		return c.JSON(status, map[string]string{"message": f.Error})
	}
	return c.JSON(http.StatusOK, map[string]string{"revision": itoa(d.AgendaRevision),
		"meeting_was": itoa(d.MeetingWas), "meeting": itoa(d.MeetingIs)})
}

// wantsJSON reports whether a page's script asked for a JSON answer
// instead of the page.
func wantsJSON(c echo.Context) bool {
	return c.Request().Header.Get(echo.HeaderAccept) == echo.MIMEApplicationJSON
}

// meetingOrder sets the whole agenda order at once: the page's drag and
// drop sends every agenda's ID in the new order.
func (a *app) meetingOrder(c echo.Context) error {
	mid := data.MeetingID(c.Param("id"))
	vals, err := c.FormParams()
	if err != nil {
		return data.Invalid("agenda", "the order could not be read: %v", err)
	}
	ids := vals["agenda"]
	if len(ids) == 0 {
		return a.meetingFailed(c, data.Invalid("agenda", "send the agendas in their new order"), "state")
	}
	order := make([]data.AgendaID, len(ids))
	for i, id := range ids {
		order[i] = data.AgendaID(id)
	}
	if err := a.Store.ReorderAgendas(c.Request().Context(), mid, order); err != nil {
		return a.meetingFailed(c, err, "state")
	}
	return seeOther(c, "/meetings/%s#agendas", mid)
}

// meetingUpdate saves the meeting's own title and notes. A stale revision
// re-shows the form with the person's text and the saved notes.
func (a *app) meetingUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err == nil {
		m.Revision = rev
		m.Title, m.Notes = c.FormValue("title"), c.FormValue("notes")
		if st := c.FormValue("state"); st != "" { // the API-like form of older pages
			m.State = data.MeetingState(st)
		}
		err = a.Store.UpdateMeeting(ctx, &m)
	}
	if err != nil {
		return a.meetingFailed(c, err, "meeting")
	}
	return seeOther(c, "/meetings/%s#meeting-notes", m.ID)
}

// meetingSetState marks the meeting held, or reopens it (recorded with
// who and when).
func (a *app) meetingSetState(state data.MeetingState) echo.HandlerFunc {
	return func(c echo.Context) error {
		rev, err := formInt(c, "revision")
		if err == nil {
			_, err = a.Store.SetMeetingState(c.Request().Context(), data.MeetingID(c.Param("id")), state, rev)
		}
		if err != nil {
			return a.meetingFailed(c, err, "state")
		}
		if state == data.MeetingHeld {
			a.minutesHeld(c.Request().Context(), data.MeetingID(c.Param("id")))
		}
		return seeOther(c, "/meetings/%s", c.Param("id"))
	}
}

// meetingMove sets the meeting's date and time, read in the series' time
// zone.
func (a *app) meetingMove(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	sr, err := a.Store.Series(ctx, m.SeriesID)
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err == nil {
		m.Revision = rev
		m.StartsAt, err = formStart(c, a.zones.location(sr.TimeZone))
	}
	if err == nil {
		err = a.Store.UpdateMeeting(ctx, &m)
	}
	if err != nil {
		return a.meetingFailed(c, err, "time")
	}
	return seeOther(c, "/meetings/%s", m.ID)
}

// formStart reads the date and time fields in loc.
func formStart(c echo.Context, loc *time.Location) (time.Time, error) {
	day, err := formDate(c, "date")
	if err != nil {
		return time.Time{}, err
	}
	if day.IsZero() {
		return time.Time{}, data.Invalid("date", "choose the day of the meeting")
	}
	clock, err := time.Parse("15:04", strings.TrimSpace(c.FormValue("time")))
	if err != nil {
		return time.Time{}, data.Invalid("time", "%q is not a time like 10:00", c.FormValue("time"))
	}
	return time.Date(day.Year, day.Month, day.Day, clock.Hour(), clock.Minute(), 0, 0, loc).UTC(), nil
}

func (a *app) meetingSkip(c echo.Context) error {
	rev, err := formInt(c, "revision")
	if err == nil {
		_, err = a.Store.SkipMeeting(c.Request().Context(), data.MeetingID(c.Param("id")), rev)
	}
	if err != nil {
		return a.meetingFailed(c, err, "time")
	}
	return seeOther(c, "/meetings/%s", c.Param("id"))
}

// meetingAttendance saves who was expected and who was there: one select
// per person, "present", "absent" or empty.
func (a *app) meetingAttendance(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err != nil {
		return a.meetingFailed(c, err, "attendance")
	}
	vals, _ := c.FormParams()
	m.Attendees, m.Absent, m.Revision = nil, nil, rev
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		id, ok := strings.CutPrefix(k, "attendee:")
		if !ok {
			continue
		}
		switch vals.Get(k) {
		case "present":
			m.Attendees = append(m.Attendees, data.PersonID(id))
		case "absent":
			m.Attendees = append(m.Attendees, data.PersonID(id))
			m.Absent = append(m.Absent, data.PersonID(id))
		}
	}
	if err := a.Store.UpdateMeeting(ctx, &m); err != nil {
		return a.meetingFailed(c, err, "attendance")
	}
	return seeOther(c, "/meetings/%s#attendance", m.ID)
}

// meetingAgendaState resolves, drops or reopens an agenda in this meeting:
// its outcome here. The meeting keeps it on its list; later meetings do
// not get it.
func (a *app) meetingAgendaState(c echo.Context) error {
	ctx := c.Request().Context()
	mid, aid := data.MeetingID(c.Param("id")), data.AgendaID(c.Param("agenda"))
	rev, err := formInt(c, "revision")
	if err == nil {
		ch := data.DiscussionChange{Revision: rev}
		switch st := c.FormValue("state"); st {
		case "open":
			ch.Reopen = true
		default:
			ch.Outcome = data.Outcome(st)
		}
		_, err = a.Store.UpdateDiscussion(ctx, mid, aid, ch)
	}
	if err != nil {
		return a.meetingFailed(c, err, "state:"+string(aid))
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
		return a.meetingFailed(c, err, "state:"+string(aid))
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
		return a.meetingFailed(c, err, "state")
	}
	return seeOther(c, "/meetings/%s", mid)
}

func (a *app) meetingAddDecision(c echo.Context) error {
	ctx := c.Request().Context()
	mid := data.MeetingID(c.Param("id"))
	// The card of the agenda it is on shows it again when it does not save.
	forID := "decision:" + c.FormValue("agenda_id")
	decided, err := formDate(c, "decided_on")
	if err != nil {
		return a.meetingFailed(c, err, forID)
	}
	d := data.Decision{MeetingID: mid, AgendaID: data.AgendaID(c.FormValue("agenda_id")), Title: c.FormValue("title"),
		Body: c.FormValue("body"), DecidedOn: decided}
	if err := a.Store.CreateDecision(ctx, &d); err != nil {
		return a.meetingFailed(c, err, forID)
	}
	return seeOther(c, "/meetings/%s#%s", mid, cardOf(d.AgendaID, "decisions"))
}

func (a *app) meetingAddTask(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := a.Store.Meeting(ctx, data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	forID := "task:" + c.FormValue("agenda_id")
	due, err := formDate(c, "due")
	if err != nil {
		return a.meetingFailed(c, err, forID)
	}
	who, err := a.assigneeOf(c)
	if err != nil {
		return a.meetingFailed(c, err, forID)
	}
	t := data.Task{SeriesID: m.SeriesID, MeetingID: m.ID, Title: c.FormValue("title"), Due: due,
		AssigneeID: who, AgendaID: data.AgendaID(c.FormValue("agenda_id"))}
	if err := a.Store.CreateTask(ctx, &t); err != nil {
		return a.meetingFailed(c, err, forID)
	}
	return seeOther(c, "/meetings/%s#%s", m.ID, cardOf(t.AgendaID, "created-tasks"))
}

// cardOf is the part of the meeting page a record made on an agenda shows
// in: the agenda's card, or the meeting's own list.
func cardOf(agenda data.AgendaID, list string) string {
	if agenda == "" {
		return list
	}
	return "agenda-" + string(agenda)
}

// assigneeOf reads a task's assignee: an ID (assignee_id, as the API and
// older pages send it) or a name typed in a card's field, picked from the
// page's list of people.
func (a *app) assigneeOf(c echo.Context) (data.PersonID, error) {
	if id := c.FormValue("assignee_id"); id != "" {
		return data.PersonID(id), nil
	}
	name := strings.TrimSpace(c.FormValue("assignee"))
	if name == "" {
		return "", nil
	}
	people, err := a.Store.PersonNames(c.Request().Context())
	if err != nil {
		return "", err
	}
	for _, p := range people {
		if strings.EqualFold(p.Name, name) {
			return p.ID, nil
		}
	}
	return "", data.Invalid("assignee", "nobody is called %q; pick a name from the list", name)
}
