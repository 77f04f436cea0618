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
	Now      time.Time      // ages of a meeting not started yet are as of now
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

// Item is one agenda on the meeting's list, with what the meeting decided
// and gave out on it.
type Item struct {
	Number, Title, Outcome string
	Priority               string // in the series' words
	Age                    string // its labelled age as of the meeting (see AgeLabel)
	Owner                  string // "" when nobody owns it
	Details                string // the agenda's own text (Markdown)
	Notes                  string // this meeting's notes (Markdown)
	Decisions              []string
	Tasks                  []Task
}

// Decision is one decision made in the meeting.
type Decision struct {
	Title, Agenda, Body string // Agenda: the title of its agenda on this list, or ""
}

// Task is one task created in the meeting.
type Task struct {
	Title, Owner, Due string // Due: the day, or ""
	State             string // as it stood on the meeting's day (see data.Task.StateAt)
	// Overdue: due before the meeting's day. The minutes say what the
	// meeting saw; they do not change as days pass or the task is done.
	Overdue bool
}

var stateLabels = map[data.MeetingState]string{data.MeetingPlanned: "minutes.state.planned", data.MeetingHeld: "minutes.state.held"}

var outcomeLabels = map[data.Outcome]string{
	data.OutcomeCarried: "outcome.carried", data.OutcomeDiscussed: "outcome.discussed",
	data.OutcomeResolved: "outcome.resolved", data.OutcomeDropped: "outcome.dropped",
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
	index := map[data.AgendaID]int{}
	for i, it := range mn.Items {
		titles[it.Agenda.ID], index[it.Agenda.ID] = it.Agenda.Title, i
		item := Item{Number: strconv.Itoa(i + 1), Title: it.Agenda.Title, Outcome: t.S(outcomeLabels[it.Discussion.Outcome]),
			Priority: PriorityName(t, mn.Series.PriorityWords, it.Agenda.Priority),
			Age:      AgeLabel(t, it.Age(mn.Meeting.AgesAsOf(src.Now))), Details: it.Agenda.Body, Notes: it.Discussion.Notes}
		if it.Agenda.OwnerID != "" {
			item.Owner = name(it.Agenda.OwnerID)
		}
		d.Items = append(d.Items, item)
	}
	// The store lists decisions newest first; minutes read in the order
	// they were made.
	for _, dec := range slices.Backward(mn.Decisions) {
		d.Decisions = append(d.Decisions, Decision{Title: dec.Title, Agenda: titles[dec.AgendaID], Body: dec.Body})
		if i, ok := index[dec.AgendaID]; ok {
			d.Items[i].Decisions = append(d.Items[i].Decisions, dec.Title)
		}
	}
	day, at := data.DateOf(start), mn.RecordedAt()
	for _, task := range mn.Tasks {
		v := Task{Title: task.Title, Owner: t.S("minutes.unassigned"), State: t.S("state.task." + string(task.StateAt(at)))}
		if task.AssigneeID != "" {
			v.Owner = name(task.AssigneeID)
		}
		if !task.Due.IsZero() {
			v.Due = t.Day(task.Due.Year, task.Due.Month, task.Due.Day)
			v.Overdue = task.Due.Before(day)
		}
		d.Tasks = append(d.Tasks, v)
		if i, ok := index[task.AgendaID]; ok {
			d.Items[i].Tasks = append(d.Items[i].Tasks, v)
		}
	}
	return d
}

// AgeLabel says an agenda's age with its label, the same way everywhere
// (cards, charts, the agenda page, minutes): "open 14 days · carried 2×".
func AgeLabel(t *i18n.T, a data.Age) string {
	s := t.F("age.days", i18n.Args{"Days": strconv.Itoa(a.Days)})
	if a.Carried > 0 {
		s += t.S("age.separator") + t.F("chart.aging.carried", i18n.Args{"Times": strconv.Itoa(a.Carried)})
	}
	return s
}

// PriorityName says a priority (1 highest … 4 lowest) in a series' words:
// levels (高/中/低/最低) or numbers (P1–P4).
func PriorityName(t *i18n.T, words data.PriorityWords, p int) string {
	ids, ok := priorityIDs[words]
	if !ok {
		ids = priorityIDs[data.PriorityLevels]
	}
	return t.S(ids[min(max(p, 1), 4)-1])
}

var priorityIDs = map[data.PriorityWords][4]string{
	data.PriorityLevels:  {"priority_words.levels.p1", "priority_words.levels.p2", "priority_words.levels.p3", "priority_words.levels.p4"},
	data.PriorityNumbers: {"priority_words.numbers.p1", "priority_words.numbers.p2", "priority_words.numbers.p3", "priority_words.numbers.p4"},
}
