package minutes

import (
	"slices"
	"strconv"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// Source is what the minutes are written from: the meeting's minutes as
// stored, the names of the people they mention, and the series' time zone.
type Source struct {
	Minutes  data.Minutes
	Names    map[data.PersonID]string
	Location *time.Location // nil: UTC
}

// Doc is the minutes in the reader's language, every value formatted and
// unescaped: the Markdown, the Slack text and the print view are written
// from it, so they say the same thing.
type Doc struct {
	Title, Series, When, State string
	Present, Absent            []string // names
	Items                      []Item
	Decisions                  []Decision // in the order they were made
	Tasks                      []Task
	Notes                      string // Markdown people wrote
}

// Item is one agenda on the meeting's list.
type Item struct {
	Number, Title, Outcome string
	Carried                string // "carried over … times", or ""
	Notes                  string // this meeting's notes (Markdown)
}

// Decision is one decision made in the meeting.
type Decision struct {
	Title, Agenda, Body string // Agenda: the title of its agenda on this list, or ""
}

// Task is one task created in the meeting.
type Task struct {
	Title, Owner, Due string // Due: the day, or ""
	// Overdue: due before the meeting's day. The minutes say what the
	// meeting saw; they do not change as days pass or the task is done.
	Overdue bool
}

var stateLabels = map[data.MeetingState]string{data.MeetingPlanned: "minutes.state.planned", data.MeetingHeld: "minutes.state.held"}

var outcomeLabels = map[data.Outcome]string{
	data.OutcomeCarried: "minutes.outcome.carried", data.OutcomeDiscussed: "minutes.outcome.discussed",
	data.OutcomeResolved: "minutes.outcome.resolved", data.OutcomeDropped: "minutes.outcome.dropped",
}

// Build formats src in t's language.
func Build(t *i18n.T, src Source) Doc {
	mn, loc := src.Minutes, src.Location
	if loc == nil {
		loc = time.UTC
	}
	name := func(id data.PersonID) string {
		if n := src.Names[id]; n != "" {
			return n
		}
		return t.S("minutes.unknown_person")
	}
	start := mn.Meeting.StartsAt.In(loc)
	d := Doc{Title: mn.Meeting.Title, Series: mn.Series.Name, When: t.DateTime(start), State: t.S(stateLabels[mn.Meeting.State]),
		Notes: mn.Meeting.Notes}
	if zone := loc.String(); zone != start.Format("MST") {
		d.When += " (" + zone + ")"
	}
	for _, id := range mn.Meeting.Attendees {
		if slices.Contains(mn.Meeting.Absent, id) {
			d.Absent = append(d.Absent, name(id))
		} else {
			d.Present = append(d.Present, name(id))
		}
	}
	slices.Sort(d.Present) // by name: the store keeps people in no order a reader would know
	slices.Sort(d.Absent)
	titles := map[data.AgendaID]string{}
	for i, it := range mn.Items {
		titles[it.Agenda.ID] = it.Agenda.Title
		item := Item{Number: strconv.Itoa(i + 1), Title: it.Agenda.Title, Outcome: t.S(outcomeLabels[it.Discussion.Outcome]),
			Notes: it.Discussion.Notes}
		if it.CarryCount > 0 {
			item.Carried = t.N("minutes.carried_in", it.CarryCount, nil)
		}
		d.Items = append(d.Items, item)
	}
	// The store lists decisions newest first; minutes read in the order
	// they were made.
	for _, dec := range slices.Backward(mn.Decisions) {
		d.Decisions = append(d.Decisions, Decision{Title: dec.Title, Agenda: titles[dec.AgendaID], Body: dec.Body})
	}
	day := data.DateOf(start)
	for _, task := range mn.Tasks {
		v := Task{Title: task.Title, Owner: t.S("minutes.unassigned")}
		if task.AssigneeID != "" {
			v.Owner = name(task.AssigneeID)
		}
		if !task.Due.IsZero() {
			v.Due = t.Day(task.Due.Year, task.Due.Month, task.Due.Day)
			v.Overdue = task.Due.Before(day)
		}
		d.Tasks = append(d.Tasks, v)
	}
	return d
}
