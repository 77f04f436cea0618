package pages

// MinutesPrint is a meeting's minutes as a printable page: the same values
// as its Markdown, formatted in the reader's language.
type MinutesPrint struct {
	Lang, Title         string
	Assets              Assets
	MeetingURL, MDURL   string
	Series, When, State string
	Present, Absent     string // names, joined
	Items               []MinutesItem
	Decisions           []MinutesDecision
	Tasks               []MinutesTask
	Notes               string // Markdown
}

// MinutesItem is an agenda with its outcome and notes in the meeting, and
// the decisions and tasks made on it there.
type MinutesItem struct {
	Number, Title, Outcome string
	Priority, Age, Owner   string // Priority in the series' words; Age labelled; Owner "" when nobody owns it
	Details, Notes         string // Markdown
	Decisions              []string
	Tasks                  []MinutesTask
}

// MinutesDecision is a decision made in the meeting.
type MinutesDecision struct {
	Title, Agenda string
	Body          string // Markdown
}

// MinutesTask is a task created in the meeting.
type MinutesTask struct {
	Title, Owner, Due string
	State             string
	Overdue           bool
}

// MinutesLinks are the meeting page's ways to take its minutes out.
type MinutesLinks struct {
	PrintURL, MDURL string
}

// MinutesPostSetting is a series' choice to post its minutes to the
// team's Slack-compatible channel when a meeting is marked held, and how
// the last posts went. Available is false when the server has no webhook.
type MinutesPostSetting struct {
	SeriesID  string
	On        bool
	Available bool
	Posts     []MinutesPostLine
}

// MinutesPostLine is one post: its meeting, when, and how it went.
type MinutesPostLine struct {
	MeetingID, MeetingTitle, When, State, Error string
	Failed                                      bool
}
