package pages

import (
	"context"

	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// Meeting is the meeting page. Everything inside its minutes (attendance,
// notes, the agenda list with this meeting's outcomes and notes, the
// decisions made and tasks created in it) is as the meeting recorded it
// and never changes when later meetings happen; the series' open tasks and
// the aging chart beside it are live.
type Meeting struct {
	ID, Title, Revision  string
	Seq                  string // the change journal's position the page was read after
	SeriesID, SeriesName string
	When, State          string // the start in the series' time zone; the state's label
	Held                 bool   // the minutes are read-only until someone reopens the meeting
	Date, Time, Zone     string // the start for the move form: 2026-01-12, 10:00, Asia/Tokyo (JST)
	NextSlot             string // where skipping moves it
	AgendaCount          int
	OpenTaskCount        int
	Notes                string // Markdown
	Attendance           []Attendee
	Reopens              []ReopenLine
	Items                []MeetingItem
	Decisions            []MeetingDecision
	CreatedTasks         []CreatedTask
	Tasks                []TaskRow // open tasks of the series, now
	Owners, Assignees    []Option
	Priorities           []Option // for the new-agenda form
	DecisionAgendas      []Option // agendas to link a new decision to
	TaskAgendas          []Option // the same, with shorter titles
	Aging                AgingChart
	Form                 Form
	Keys                 FormKeys
}

// FormKeys are the one-time submission keys of the page's create forms;
// each agenda card's own forms add the agenda's ID to Decision and Task.
type FormKeys struct {
	Agenda, Decision, Task string
}

// Attendee is a person on the meeting's attendance list. Status is
// "present", "absent" or "" (not expected).
type Attendee struct {
	ID, Name, Status string
}

// ReopenLine says who reopened a held meeting and when.
type ReopenLine struct {
	Who, When string
}

// MeetingItem is an agenda as this meeting recorded it.
type MeetingItem struct {
	ID, Title, Revision     string
	Priority, PriorityLabel string
	Outcome                 string // discussed, carried, resolved, dropped: in this meeting
	Closed                  bool   // resolved or dropped here
	Carried                 int    // how often it was carried up to this meeting
	Age                     string // labelled: days since first raised and times carried, as of this meeting
	OpenSince               string
	Owner                   string
	First, Last             bool
	Body                    string // Markdown
	Notes                   string // Markdown, this meeting's discussion
	Previous                *Previous
	Decisions               []MeetingDecision // made in this meeting on this agenda
	Tasks                   []CreatedTask     // created in this meeting on this agenda
}

// Previous is what the last meeting before this one recorded about a
// carried agenda.
type Previous struct {
	MeetingID, MeetingTitle, When, Outcome string
	Notes                                  string // Markdown
	Decisions                              []string
}

// MeetingDecision is a decision recorded in the meeting.
type MeetingDecision struct {
	ID, Title, LADRID string
	Body              string // Markdown
}

// CreatedTask is a task made in the meeting, as it was given out, with
// where it stands now.
type CreatedTask struct {
	ID, Title, Assignee, Due string
	State, StateLabel        string // todo, doing, done, cancelled; its word
}

// orMeeting names the meeting's own inline forms, which are on no agenda.
func orMeeting(agendaID string) string {
	if agendaID == "" {
		return "meeting"
	}
	return agendaID
}

// inlineLabel names an inline field after its agenda when it has one.
func inlineLabel(ctx context.Context, onAgenda, agendaTitle, plain string) string {
	if agendaTitle == "" {
		return tr(ctx).S(plain)
	}
	return tr(ctx).F(onAgenda, i18n.Args{"Title": agendaTitle})
}

// recorded reports whether anyone's attendance was noted.
func recorded(as []Attendee) bool {
	for _, a := range as {
		if a.Status != "" {
			return true
		}
	}
	return false
}
