package pages

// Agenda is an agenda's page: its whole thread across meetings, its
// decisions and tasks, and its edit form.
type Agenda struct {
	ID, Title, Revision, Priority, State string
	Opened, Closed, Owner, MeetingCount  string
	Body                                 string // Markdown
	SeriesID, SeriesName                 string
	Priorities, Owners, States           []Option
	Thread                               []ThreadEntry
	Decisions                            []DecisionLine
	Tasks                                []TaskRow
	Form                                 Form
}

// ThreadEntry is one meeting in an agenda's history.
type ThreadEntry struct {
	MeetingID, MeetingTitle string
	Carried                 bool
	Notes                   string // Markdown
}

// Decision is one decision's page.
type Decision struct {
	ID, Title, Revision, State, DecidedOn, ReviewBy string
	Body                                            string // Markdown
	MeetingID, SupersededBy                         string
	AgendaID, AgendaTitle                           string
	LADRID, LADRLabel                               string
	SuccessorID, SuccessorTitle                     string
	States                                          []Option
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
	SeriesName, AgendaID, LADRID     string
	SupersededBy                     string
	SuccessorID, SuccessorTitle      string
	States                           []Option
}

// LADR is one LADR's page.
type LADR struct {
	ID, Number, Title, Revision, State, Date string
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
	ReviewPassed, Superseded                 bool
	Decisions, PRURL                         string
}

// SeriesList is the list of series with the form for a new one.
type SeriesList struct {
	Series []SeriesRow
	Form   Form
}

// SeriesRow is a series in the list.
type SeriesRow struct {
	ID, Name, Schedule, TimeZone string
}

// Series is a series' page: its meetings, schedule and aging chart.
type Series struct {
	ID, Name, Schedule, TimeZone string
	Meetings                     []SeriesMeeting
	Aging                        AgingChart
	Form                         Form
}

// SeriesMeeting is a meeting in a series' list.
type SeriesMeeting struct {
	ID, Title, When, State string
}
