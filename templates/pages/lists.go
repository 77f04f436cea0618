package pages

// Home is the start page: the next meeting of each series, the person's
// open tasks, recent decisions and sync conflicts.
type Home struct {
	Next      []SeriesNext
	Propose   ProposeForm
	Conflicts []Conflict
	MyTasks   []TaskRow
	Decisions []DecisionLine
}

// SeriesNext is a series with its upcoming (or running) meeting, if open.
type SeriesNext struct {
	SeriesID, SeriesName    string
	MeetingID, MeetingTitle string
	When                    string
	Soon                    string // the meeting's day from the team's today: "today", "in 3 days", "the day passed"
	Late                    bool   // its day passed and it is not marked held yet
	Agendas, Backlog        int    // on the next meeting's list; waiting in the series' backlog
}

// Conflict is a field both sides of the Notion sync changed differently.
type Conflict struct {
	ID, Entity, Title, Field, Local, Remote string
}

// DecisionLine is a decision in a short list.
type DecisionLine struct {
	ID, Title, Date, State string
	Active                 bool
}

// Tasks is the task list with its filters.
type Tasks struct {
	People   []Option
	States   []Option
	Rows     []TaskRow
	NextPage string
	Form     Form
}

// Task is one task's page with its edit form.
type Task struct {
	ID, Title, Revision, State string
	Created, Done, Due         string
	DueText                    string // Due in words; Due is the form's value
	SeriesID, SeriesName       string
	MeetingID                  string
	Overdue                    bool
	LongPast                   bool // due more than a year before it was entered: a typo of the year, maybe
	Assignees, Agendas, States []Option
	Form                       Form
}

// Search is the search page.
type Search struct {
	Q    string
	Hits []Hit
}

// Hit is one search result, with the meeting where it was written.
type Hit struct {
	Entity, Kind, URL, Title, Snippet string // Kind is the entity in words
	MeetingTitle, MeetingURL          string
}

// Error is an error page.
type Error struct {
	Title, Message, RequestID string
}

// Login is the login form.
type Login struct {
	Email, Next, Error, CSRF string
	// NoUsers: nobody can log in yet; the page points to the setup
	// address `kaigi serve` printed.
	NoUsers bool
}

// Setup is the first run's form that creates the first admin.
type Setup struct {
	Action, CSRF, Name, Email string
	Form                      Form
}

// Sync is the Notion sync's page.
type Sync struct {
	Status, LastError, WebhookToken string // Status: the last run and what waits, in words
	Problems                        []SyncProblem
	Databases                       []SyncDatabase
	Conflicts                       []Conflict
	Runs                            []SyncRun
}

// SyncProblem is one standing problem: what, a link into Notion, what to do.
type SyncProblem struct {
	Message, URL, Fix, Since string
}

// SyncDatabase says when a database's pages were last all confirmed ("" not yet).
type SyncDatabase struct {
	Name, LastFull string
}

// SyncRun is one finished sync run.
type SyncRun struct {
	Started, Summary, Error string
}

// Trash is the trash page: each kind's records in the trash.
type Trash struct {
	Groups []TrashGroup
}

// TrashGroup is one kind's records in the trash. Kind is the path name
// (series, meetings, agendas, decisions, tasks, ladrs).
type TrashGroup struct {
	Kind     string
	Heading  string
	Items    []TrashItem
	NextPage string
}

// TrashItem is a record in the trash with its restore address.
type TrashItem struct {
	ID, Title, Deleted, Restore string
}
