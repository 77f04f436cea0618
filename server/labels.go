package server

import (
	"strconv"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/minutes"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// What states, priorities, kinds of record and dates look like in the
// request's language. The tables name each message whole (see
// docs/design.md, "IDs are written whole"). A value kaigi has no word
// for (one a team brought from Notion or its files) is shown as it is.

var taskStateLabels = map[data.TaskState]string{
	data.TaskTodo: "state.task.todo", data.TaskDoing: "state.task.doing", data.TaskDone: "state.task.done",
	data.TaskCancelled: "state.task.cancelled",
}

var agendaStateLabels = map[data.AgendaState]string{
	data.AgendaOpen: "state.agenda.open", data.AgendaResolved: "state.agenda.resolved", data.AgendaDropped: "state.agenda.dropped",
}

var decisionStateLabels = map[data.DecisionState]string{
	data.DecisionActive: "state.decision.active", data.DecisionSuperseded: "state.decision.superseded",
	data.DecisionReverted: "state.decision.reverted",
}

var meetingStateLabels = map[data.MeetingState]string{
	data.MeetingPlanned: "state.meeting.planned", data.MeetingHeld: "state.meeting.held",
}

var ladrStateLabels = map[data.LADRState]string{
	data.LADRDraft: "state.ladr.draft", data.LADRProposed: "state.ladr.proposed", data.LADRAccepted: "state.ladr.accepted",
	data.LADRRejected: "state.ladr.rejected", data.LADROnHold: "state.ladr.on_hold", data.LADRSuperseded: "state.ladr.superseded",
	data.LADRDeprecated: "state.ladr.deprecated",
}

// entityLabels name kinds of record (search hits, sync conflicts).
var entityLabels = map[data.Entity]string{
	data.EntitySeries: "entity.series", data.EntityMeeting: "entity.meeting", data.EntityAgenda: "entity.agenda",
	data.EntityDecision: "entity.decision", data.EntityTask: "entity.task", data.EntityLADR: "entity.ladr",
	data.EntityPerson: "entity.person", data.EntityDiscussion: "entity.discussion",
}

// label is a value's word in t's language, or the value itself when the
// catalog has none for it.
func label[S ~string](t *i18n.T, ids map[S]string, s S) string {
	if id, ok := ids[s]; ok {
		return t.S(id)
	}
	return string(s)
}

// choices lists the values of a state type, in t's words, with the current
// one selected.
func choices[S ~string](t *i18n.T, ids map[S]string, all []S, current S) []pages.Option {
	out := make([]pages.Option, len(all))
	for i, s := range all {
		out[i] = pages.Option{Value: string(s), Label: label(t, ids, s), Selected: s == current}
	}
	return out
}

// priorityName is a priority (1 highest … 4 lowest) in the series' words
// and t's language (the minutes' package says them the same way).
func priorityName(t *i18n.T, words data.PriorityWords, p int) string {
	return minutes.PriorityName(t, words, p)
}

// priorityChoices lists the four priorities with one selected.
func priorityChoices(t *i18n.T, words data.PriorityWords, selected int) []pages.Option {
	out := make([]pages.Option, 4)
	for p := 1; p <= 4; p++ {
		out[p-1] = pages.Option{Value: strconv.Itoa(p), Label: priorityName(t, words, p), Selected: p == selected}
	}
	return out
}

// priorityWordChoices lists the series' choices of priority words, each
// shown with its words in t's language.
func priorityWordChoices(t *i18n.T, current data.PriorityWords) []pages.Option {
	if current == "" {
		current = data.PriorityLevels
	}
	out := make([]pages.Option, len(data.AllPriorityWords))
	for i, w := range data.AllPriorityWords {
		names := make([]string, 4)
		for p := 1; p <= 4; p++ {
			names[p-1] = priorityName(t, w, p)
		}
		out[i] = pages.Option{Value: string(w), Label: strings.Join(names, " / "), Selected: w == current}
	}
	return out
}

// day is a calendar date (a due date, a decision's day) in t's style.
func day(t *i18n.T, d data.Date) string {
	if d.IsZero() {
		return ""
	}
	return t.Day(d.Year, d.Month, d.Day)
}

// whenIn is an instant in a series' time zone, in t's style
// (2026年12月8日(火) 10:00 JST).
func (a *app) whenIn(t *i18n.T, at time.Time, tz string) string {
	if at.IsZero() {
		return ""
	}
	return t.DateTime(at.In(a.zones.location(tz)))
}

// dayIn is the day of an instant in a series' time zone.
func (a *app) dayIn(t *i18n.T, at time.Time, tz string) string {
	if at.IsZero() {
		return ""
	}
	return t.Date(at.In(a.zones.location(tz)))
}

// taskStateChoice is the inline state form of one task on a list that
// returns to back.
func taskStateChoice(t *i18n.T, task data.Task, csrf, back string) pages.TaskState {
	return pages.TaskState{ID: string(task.ID), Title: task.Title, Revision: itoa(task.Revision), CSRF: csrf, Back: back,
		States: choices(t, taskStateLabels, data.TaskStates, task.State)}
}

// taskRowsIn turns task rows into the table rows of a page in t's words.
func taskRowsIn(t *i18n.T, rows []taskRow, csrf, back string) []pages.TaskRow {
	out := make([]pages.TaskRow, len(rows))
	for i, r := range rows {
		out[i] = pages.TaskRow{ID: string(r.ID), Title: r.Title, Assignee: r.Assignee, Due: day(t, r.Due),
			State: label(t, taskStateLabels, r.State), AgendaID: string(r.AgendaID), Overdue: r.Overdue, DueToday: r.DueToday,
			Form: taskStateChoice(t, r.Task, csrf, back)}
	}
	return out
}

// decisionLines lists decisions briefly in t's words.
func decisionLines(t *i18n.T, ds []data.Decision) []pages.DecisionLine {
	out := make([]pages.DecisionLine, len(ds))
	for i, d := range ds {
		out[i] = pages.DecisionLine{ID: string(d.ID), Title: d.Title, Date: day(t, d.DecidedOn),
			State: label(t, decisionStateLabels, d.State), Active: d.State == data.DecisionActive}
	}
	return out
}

// conflictViews shows sync conflicts in t's words, their values cut to
// width runes (0: whole).
func conflictViews(t *i18n.T, cs []SyncConflict, width int) []pages.Conflict {
	out := make([]pages.Conflict, len(cs))
	for i, c := range cs {
		out[i] = pages.Conflict{ID: c.ID, Entity: label(t, entityLabels, c.Entity), Title: c.Title, Field: c.Field, Local: c.Local, Remote: c.Remote}
		if width > 0 {
			out[i].Local, out[i].Remote = shorten(c.Local, width), shorten(c.Remote, width)
		}
	}
	return out
}
