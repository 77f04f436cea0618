package server

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// Helpers that turn domain values into the pre-formatted strings of the
// view models in templates/pages.

// taskStateForm is the inline state form of one task on a list that
// returns to back.
func taskStateForm(tr *i18n.T, t data.Task, csrf, back string) pages.TaskState {
	opts := make([]pages.Option, len(data.TaskStates))
	for i, s := range data.TaskStates {
		opts[i] = pages.Option{Value: string(s), Label: taskStateLabel(tr, s), Selected: s == t.State}
	}
	return pages.TaskState{ID: string(t.ID), Title: t.Title, Revision: itoa(t.Revision), CSRF: csrf, Back: back, States: opts}
}

// taskStates are the labels of a task's states.
var taskStates = map[data.TaskState]string{data.TaskTodo: "state.task.todo", data.TaskDoing: "state.task.doing",
	data.TaskDone: "state.task.done", data.TaskCancelled: "state.task.cancelled"}

// taskStateLabel is a task state's label; a state kaigi does not know
// (one a team's Notion has) shows as it is.
func taskStateLabel(tr *i18n.T, s data.TaskState) string {
	if id, ok := taskStates[s]; ok {
		return tr.S(id)
	}
	return string(s)
}

// taskTable turns task rows into the table rows of a page.
func taskTable(tr *i18n.T, rows []taskRow, csrf, back string) []pages.TaskRow {
	out := make([]pages.TaskRow, len(rows))
	for i, r := range rows {
		out[i] = pages.TaskRow{ID: string(r.ID), Title: r.Title, Assignee: r.Assignee, Due: tr.Day(r.Due.Year, r.Due.Month, r.Due.Day),
			State: taskStateLabel(tr, r.State), AgendaID: string(r.AgendaID), Overdue: r.Overdue, Form: taskStateForm(tr, r.Task, csrf, back)}
	}
	return out
}

// stateOptions lists the values of a state type with the current one
// selected.
func stateOptions[S ~string](all []S, current S) []pages.Option {
	out := make([]pages.Option, len(all))
	for i, s := range all {
		out[i] = pages.Option{Value: string(s), Label: string(s), Selected: s == current}
	}
	return out
}

// priorityOptions lists the four priorities with one selected.
func priorityOptions(t *i18n.T, selected int) []pages.Option {
	out := make([]pages.Option, 4)
	for p := 1; p <= 4; p++ {
		out[p-1] = pages.Option{Value: strconv.Itoa(p), Label: priorityLabel(t, p), Selected: p == selected}
	}
	return out
}

func agingView(ch agingChart) pages.AgingChart {
	out := pages.AgingChart{Width: ch.Width, Height: ch.Height, BarX: ch.BarX, Bars: make([]pages.AgingBar, len(ch.Bars))}
	for i, b := range ch.Bars {
		out.Bars[i] = pages.AgingBar{Title: b.Title, Days: strconv.Itoa(b.Days), Class: b.Class, Y: b.Y, Width: b.Width}
		if b.Carried > 0 {
			out.Bars[i].Carried = strconv.Itoa(b.Carried)
		}
	}
	return out
}

func decisionLines(ds []data.Decision) []pages.DecisionLine {
	out := make([]pages.DecisionLine, len(ds))
	for i, d := range ds {
		out[i] = pages.DecisionLine{ID: string(d.ID), Title: d.Title, Date: d.DecidedOn.String(), State: string(d.State),
			Active: d.State == data.DecisionActive}
	}
	return out
}

// conflictViews shows sync conflicts, their values cut to width runes
// (0: whole).
func conflictViews(cs []SyncConflict, width int) []pages.Conflict {
	out := make([]pages.Conflict, len(cs))
	for i, c := range cs {
		out[i] = pages.Conflict{ID: c.ID, Entity: string(c.Entity), Title: c.Title, Field: c.Field, Local: c.Local, Remote: c.Remote}
		if width > 0 {
			out[i].Local, out[i].Remote = shorten(c.Local, width), shorten(c.Remote, width)
		}
	}
	return out
}

// ladrNumber is how LADR numbers are shown: four digits.
func ladrNumber(n int) string { return fmt.Sprintf("%04d", n) }

// ladrLabel names an LADR by number and title.
func ladrLabel(l data.LADR) string { return ladrNumber(l.Number) + " " + l.Title }

// listURL is a list page's URL with its non-empty query values (given as
// key, value pairs), in the order given.
func listURL(path string, kv ...string) string {
	var b strings.Builder
	b.WriteString(path)
	sep := "?"
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		b.WriteString(sep + kv[i] + "=" + url.QueryEscape(kv[i+1]))
		sep = "&"
	}
	return b.String()
}
