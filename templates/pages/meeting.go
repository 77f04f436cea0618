package pages

// Meeting is the meeting page: its agendas with their notes forms, the
// decisions made in it, the open tasks of its series and the aging chart.
type Meeting struct {
	ID, Title, Revision  string
	SeriesID, SeriesName string
	When, State          string // the start in the series' time zone
	AgendaCount          string
	OpenTaskCount        string
	Notes                string // Markdown
	States               []Option
	Items                []MeetingItem
	Decisions            []MeetingDecision
	Tasks                []TaskRow
	Owners, Assignees    []Option
	Priorities           []Option // for the new-agenda form
	DecisionAgendas      []Option // agendas to link a new decision to
	TaskAgendas          []Option // the same, with shorter titles
	Aging                AgingChart
	Form                 Form
}

// MeetingItem is an agenda as it stands on the meeting's list.
type MeetingItem struct {
	ID, Title, Revision     string
	Priority, PriorityLabel string
	State                   string
	Open                    bool
	Carried                 string // how often it was carried; empty when never
	AgeDays, OpenSince      string
	Owner                   string
	First, Last             bool
	Body                    string // Markdown
	Notes                   string // Markdown, this meeting's discussion
}

// MeetingDecision is a decision recorded in the meeting.
type MeetingDecision struct {
	ID, Title, LADRID string
	Body              string // Markdown
}
