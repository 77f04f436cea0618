package server

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// Helpers that turn domain values into the pre-formatted strings of the
// view models in templates/pages.

// taskStateForm, taskTable and priorityOptions are the meeting page's,
// in English until its words move into the catalogs; the other pages use
// taskStateChoice, taskRowsIn and priorityChoices (labels.go).

// taskStateForm is the inline state form of one task on a list that
// returns to back.
func taskStateForm(t data.Task, csrf, back string) pages.TaskState {
	opts := make([]pages.Option, len(data.TaskStates))
	for i, s := range data.TaskStates {
		opts[i] = pages.Option{Value: string(s), Label: string(s), Selected: s == t.State}
	}
	return pages.TaskState{ID: string(t.ID), Title: t.Title, Revision: itoa(t.Revision), CSRF: csrf, Back: back, States: opts}
}

// taskTable turns task rows into the table rows of a page.
func taskTable(rows []taskRow, csrf, back string) []pages.TaskRow {
	out := make([]pages.TaskRow, len(rows))
	for i, r := range rows {
		out[i] = pages.TaskRow{ID: string(r.ID), Title: r.Title, Assignee: r.Assignee, Due: r.Due.String(), State: string(r.State),
			AgendaID: string(r.AgendaID), Overdue: r.Overdue, Form: taskStateForm(r.Task, csrf, back)}
	}
	return out
}

// priorityOptions lists the four priorities with one selected.
func priorityOptions(selected int) []pages.Option {
	out := make([]pages.Option, 4)
	for p := 1; p <= 4; p++ {
		out[p-1] = pages.Option{Value: strconv.Itoa(p), Label: priorityLabel(p), Selected: p == selected}
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
