package pages

// Agenda is an agenda's page: its whole thread across meetings, its
// decisions and tasks, and its edit form.
type Agenda struct {
	ID, Title, Revision, Priority, State string
	PriorityLabel                        string // in the series' words
	Opened, Closed, Owner, MeetingCount  string
	Age                                  string // labelled, as of now or the meeting that closed it
	ClosedInID, ClosedIn                 string // the meeting that closed it, if one did
	Body                                 string // Markdown
	SeriesID, SeriesName                 string
	Priorities, Owners, States           []Option
	Thread                               []ThreadEntry
	Decisions                            []DecisionLine
	Tasks                                []TaskRow
	Form                                 Form
}

// ThreadEntry is one meeting in an agenda's history: what was noted,
// what happened to the agenda there, and what was decided and given out.
type ThreadEntry struct {
	MeetingID, MeetingTitle, When string
	Carried                       bool
	Outcome                       string
	Notes                         string // Markdown
	Decisions                     []DecisionLine
	Tasks                         []TaskRow
}

// Decision is one decision's page with its edit form.
type Decision struct {
	ID, Title, Revision, State, DecidedOn, ReviewBy string // DecidedOn, ReviewBy: the form's values
	StateLabel, DecidedOnText, ReviewByText         string // in words
	Body                                            string // Markdown
	MeetingID, MeetingTitle, SupersededBy           string
	AgendaID, AgendaTitle                           string
	LADRID, LADRLabel                               string
	SuccessorID, SuccessorTitle                     string
	States, Agendas                                 []Option
	Form                                            Form
}

// Decisions is the decisions log with its filters.
type Decisions struct {
	Q, From, To, LADR string
	Series, States    []Option
	Rows              []DecisionRow
	Self              string // the log's URL, to come back to after a change
	NextPage          string
	Form              Form
}

// DecisionRow is a decision in the log, with its inline state form.
type DecisionRow struct {
	ID, Title, Date, State, Revision string
	StateLabel                       string // State in words
	SeriesName, AgendaID, LADRID     string
	SupersededBy                     string
	SuccessorID, SuccessorTitle      string
	States                           []Option
}

// LADR is one LADR's page.
type LADR struct {
	ID, Number, Title, Revision, State, Date string
	StateLabel                               string // State in words
	Authors, PRURL                           string
	ReviewBy                                 string
	ReviewPassed                             bool
	States                                   []Option
	Supersedes, SupersededBy                 []Link
	DecisionTitles                           []string
	Document                                 string // Markdown of the file, when a renderer is configured
	PRBody                                   string
	Sections                                 []Section
	Form                                     Form
}

// Link is a labelled link to another record.
type Link struct {
	Href, Label string
}

// Section is one heading and Markdown body of an LADR.
type Section struct {
	Heading, Body string
}

// LADRForm is the form that creates or edits an LADR.
type LADRForm struct {
	Heading, Action, From string
	Editing               bool
	States                []Option
	Form                  Form
	Guidance              map[string]string // placeholder text of each section
	Key                   string            // a new record's submission key
}

// LADRs is the LADR list and its link graph.
type LADRs struct {
	Rows     []LADRRow
	Graph    LinkGraph
	NextPage string
}

// LADRRow is an LADR in the list.
type LADRRow struct {
	ID, Number, Title, State, Date, ReviewBy string
	StateLabel                               string // State in words
	ReviewPassed, Superseded                 bool
	Decisions, PRURL                         string
}

// SeriesList is the list of series with the form for a new one.
type SeriesList struct {
	Series   []SeriesRow
	Form     Form
	Schedule ScheduleForm
	Key      string // the create form's submission key
}

// SeriesRow is a series in the list.
type SeriesRow struct {
	ID, Name, TimeZone string
	Repeats            ScheduleView
	Next               string
}

// Series is a series' page: its meetings, schedule and aging chart.
type Series struct {
	ID, Name, Schedule, TimeZone string
	Repeats                      ScheduleView
	Next                         string // the next meeting's start, in the series' zone
	Meetings                     []SeriesMeeting
	Upcoming                     *SeriesMeeting // the earliest meeting not held yet, if one is open
	Aging                        AgingChart
	Form                         Form
	Edit                         ScheduleForm
	EditForm                     Form   // the series form's values (the series', or a failed edit's)
	MeetingKey                   string // the new-meeting form's submission key
	Date, Time, Zone             string // defaults of the new-meeting form
	MinutesPost                  MinutesPostSetting
	Backlog                      []BacklogItem
	Calendar                     SeriesCalendar
	PriorityWords                []Option
	Propose                      ProposeForm
	StandingItems                []string
}

// ScheduleView is a schedule in words' parts: Repeat is weekly,
// biweekly, monthly or custom (then Cron says it); Weekday is 0 (Sunday)
// to 6.
type ScheduleView struct {
	Repeat, Weekday, Day, Time, Cron string
}

// ScheduleForm is the series form's schedule: the simple choices and the
// cron field for anything else.
type ScheduleForm struct {
	Repeats, Weekdays, Days []Option
	Time, Cron, From        string
	Attendees               []Option // default attendees, selected ones checked
}

// SeriesMeeting is a meeting in a series' list.
type SeriesMeeting struct {
	ID, Title, When, State string // State in words
}
