package data

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Meta is what every stored record carries: when it was made and changed,
// its tombstone, and the revision bumped by every local change.
type Meta struct {
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt time.Time // zero unless the record is in the trash
	Revision  int64
}

// Deleted reports whether the record carries a tombstone.
func (m Meta) Deleted() bool { return !m.DeletedAt.IsZero() }

// Limits on text a person types; generous for meetings, strict enough that a
// pasted log file does not end up as an agenda title.
const (
	maxTitleLen = 300
	maxBodyLen  = 100_000
)

func checkTitle(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return Invalid(field, "%s is required", field)
	}
	if utf8.RuneCountInString(s) > maxTitleLen {
		return Invalid(field, "%s is longer than %d characters", field, maxTitleLen)
	}
	if !utf8.ValidString(s) {
		return Invalid(field, "%s is not valid UTF-8", field)
	}
	return nil
}

func checkBody(field, s string) error {
	if len(s) > maxBodyLen {
		return Invalid(field, "%s is longer than %d bytes", field, maxBodyLen)
	}
	if !utf8.ValidString(s) {
		return Invalid(field, "%s is not valid UTF-8", field)
	}
	return nil
}

// Person is someone who attends meetings or owns work. Email is the key that
// matches Notion people; it is optional for people who never use Notion.
type Person struct {
	ID    PersonID
	Name  string
	Email string
	Meta
}

func (p *Person) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	if err := checkTitle("name", p.Name); err != nil {
		return err
	}
	if p.Email != "" && !looksLikeEmail(p.Email) {
		return Invalid("email", "%q is not an email address", p.Email)
	}
	return nil
}

func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n<>") && strings.Count(s, "@") == 1
}

// Series is a recurring meeting. Schedule is a five-field cron expression
// read in TimeZone, e.g. "0 10 * * MON" for Mondays at ten.
type Series struct {
	ID               SeriesID
	Name             string
	Schedule         string
	TimeZone         string
	DefaultAttendees []PersonID
	// StandingItems are the titles every newly opened meeting starts with,
	// in order. Nil on a write keeps the saved ones.
	StandingItems []string
	PriorityWords PriorityWords // empty on a write: levels
	Meta
}

// PriorityWords are the words a series says its priorities 1–4 in, in the
// team's language: levels (高/中/低/最低, High/Medium/Low/Lowest) or
// numbers (P1–P4).
type PriorityWords string

const (
	PriorityLevels  PriorityWords = "levels"
	PriorityNumbers PriorityWords = "numbers"
)

var AllPriorityWords = []PriorityWords{PriorityLevels, PriorityNumbers}

func (s *Series) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	s.Schedule = strings.TrimSpace(s.Schedule)
	s.TimeZone = strings.TrimSpace(s.TimeZone)
	if err := checkTitle("name", s.Name); err != nil {
		return err
	}
	if s.TimeZone == "" {
		s.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil {
		return Invalid("time_zone", "%q is not a time zone; use a name like Asia/Tokyo or UTC", s.TimeZone)
	}
	if _, err := ParseSchedule(s.Schedule); err != nil {
		return err
	}
	if s.PriorityWords == "" {
		s.PriorityWords = PriorityLevels
	}
	if !oneOf(s.PriorityWords, AllPriorityWords) {
		return Invalid("priority_words", "%q are not priority words; choose levels (高/中/低) or numbers (P1–P4)", s.PriorityWords)
	}
	return s.validateStandingItems()
}

// maxStandingItems bounds the items a meeting starts with: more would
// bury the meeting's own agendas.
const maxStandingItems = 10

func (s *Series) validateStandingItems() error {
	if s.StandingItems == nil {
		return nil
	}
	items := make([]string, 0, len(s.StandingItems))
	for _, it := range s.StandingItems {
		it = strings.TrimSpace(it)
		if it == "" || slices.Contains(items, it) {
			continue
		}
		if err := checkTitle("standing_items", it); err != nil {
			return err
		}
		items = append(items, it)
	}
	if len(items) > maxStandingItems {
		return Invalid("standing_items", "a series can have at most %d standing items; it has %d", maxStandingItems, len(items))
	}
	s.StandingItems = items
	return nil
}

// MeetingState says whether a meeting still lies ahead.
type MeetingState string

const (
	MeetingPlanned MeetingState = "planned"
	MeetingHeld    MeetingState = "held"
)

var MeetingStates = []MeetingState{MeetingPlanned, MeetingHeld}

// Meeting is one occurrence of a series.
type Meeting struct {
	ID        MeetingID
	SeriesID  SeriesID
	StartsAt  time.Time
	EndsAt    time.Time // zero: no end given (see DefaultMeetingLength)
	Title     string
	Attendees []PersonID // who was expected: the series' defaults when opened, then as edited
	Absent    []PersonID // those of Attendees who did not come
	Notes     string
	State     MeetingState
	Meta
}

func (m *Meeting) Validate() error {
	m.Title = strings.TrimSpace(m.Title)
	if m.SeriesID == "" {
		return Invalid("series_id", "a meeting belongs to a series")
	}
	if err := checkTitle("title", m.Title); err != nil {
		return err
	}
	if m.StartsAt.IsZero() {
		return Invalid("starts_at", "a meeting needs a start time")
	}
	if !m.EndsAt.IsZero() && !m.EndsAt.After(m.StartsAt) {
		return Invalid("ends_at", "a meeting ends after it starts (%s is not after %s)", m.EndsAt.Format(time.RFC3339), m.StartsAt.Format(time.RFC3339))
	}
	if m.State == "" {
		m.State = MeetingPlanned
	}
	if !oneOf(m.State, MeetingStates) {
		return Invalid("state", "%q is not a meeting state (planned, held)", m.State)
	}
	for _, p := range m.Absent {
		if !slices.Contains(m.Attendees, p) {
			return Invalid("absent", "person %s is marked absent but is not an attendee", p)
		}
	}
	return checkBody("notes", m.Notes)
}

// AgendaState is where an agenda item stands.
type AgendaState string

const (
	AgendaOpen     AgendaState = "open"
	AgendaResolved AgendaState = "resolved"
	AgendaDropped  AgendaState = "dropped"
)

var AgendaStates = []AgendaState{AgendaOpen, AgendaResolved, AgendaDropped}

// Priorities run from 1 (most urgent) to 4; open agendas are carried in
// that order.
const (
	PriorityHighest = 1
	PriorityDefault = 2
	PriorityLowest  = 4
)

// Agenda is a topic of a series; it stays open across meetings until
// resolved or dropped.
type Agenda struct {
	ID         AgendaID
	SeriesID   SeriesID
	Title      string
	Body       string
	OwnerID    PersonID
	Priority   int
	State      AgendaState
	ResolvedAt time.Time
	// ProposedBy is who proposed the agenda through the series' backlog
	// (empty when it was raised in a meeting); Standing marks one made from
	// a standing item of the series. Both are set at creation only.
	ProposedBy PersonID
	Standing   bool
	Meta
}

func (a *Agenda) Validate() error {
	a.Title = strings.TrimSpace(a.Title)
	if a.SeriesID == "" {
		return Invalid("series_id", "an agenda belongs to a series")
	}
	if err := checkTitle("title", a.Title); err != nil {
		return err
	}
	if a.Priority == 0 {
		a.Priority = PriorityDefault
	}
	if a.Priority < PriorityHighest || a.Priority > PriorityLowest {
		return Invalid("priority", "priority must be between %d and %d", PriorityHighest, PriorityLowest)
	}
	if a.State == "" {
		a.State = AgendaOpen
	}
	if !oneOf(a.State, AgendaStates) {
		return Invalid("state", "%q is not an agenda state (open, resolved, dropped)", a.State)
	}
	return checkBody("body", a.Body)
}

// Discussion is an agenda as discussed in one meeting: the join row with its
// position on that meeting's list and the notes taken there.
type Discussion struct {
	MeetingID MeetingID
	AgendaID  AgendaID
	Position  int
	Notes     string
	Carried   bool // attached by carry-forward rather than added in the meeting
	AddedAt   time.Time
	Outcome   Outcome // what happened to the agenda in this meeting
	// After UpdateDiscussion (zero when read otherwise), for an editor that
	// goes on saving: the agenda's revision, and the meeting's before and
	// after the change (its minutes changed with it).
	AgendaRevision        int64
	MeetingWas, MeetingIs int64
}

// DecisionState tells whether a decision still holds.
type DecisionState string

const (
	DecisionActive     DecisionState = "active"
	DecisionSuperseded DecisionState = "superseded"
	DecisionReverted   DecisionState = "reverted"
)

var DecisionStates = []DecisionState{DecisionActive, DecisionSuperseded, DecisionReverted}

// Decision is what a meeting settled, usually on one agenda.
type Decision struct {
	ID           DecisionID
	SeriesID     SeriesID // taken from the meeting or agenda
	Title        string
	Body         string
	AgendaID     AgendaID
	MeetingID    MeetingID
	DecidedOn    Date
	State        DecisionState
	SupersededBy DecisionID
	ReviewBy     Date
	LADRID       LADRID
	Meta
}

func (d *Decision) Validate() error {
	d.Title = strings.TrimSpace(d.Title)
	if err := checkTitle("title", d.Title); err != nil {
		return err
	}
	if d.State == "" {
		d.State = DecisionActive
	}
	if !oneOf(d.State, DecisionStates) {
		return Invalid("state", "%q is not a decision state (active, superseded, reverted)", d.State)
	}
	if d.DecidedOn.IsZero() {
		return Invalid("decided_on", "a decision needs the date it was made")
	}
	if !d.ReviewBy.IsZero() && d.ReviewBy.Before(d.DecidedOn) {
		return Invalid("review_by", "review-by date %s is before the decision date %s", d.ReviewBy, d.DecidedOn)
	}
	if d.SupersededBy != "" && d.SupersededBy == d.ID {
		return Invalid("superseded_by", "a decision cannot supersede itself")
	}
	if d.State == DecisionSuperseded && d.SupersededBy == "" {
		return Invalid("superseded_by", "a superseded decision names its successor")
	}
	return checkBody("body", d.Body)
}

// TaskState is the progress of a task.
type TaskState string

const (
	TaskTodo      TaskState = "todo"
	TaskDoing     TaskState = "doing"
	TaskDone      TaskState = "done"
	TaskCancelled TaskState = "cancelled"
)

var TaskStates = []TaskState{TaskTodo, TaskDoing, TaskDone, TaskCancelled}

// Open reports whether the task still needs work.
func (s TaskState) Open() bool { return s == TaskTodo || s == TaskDoing }

// Task is a to-do that came out of a meeting or an agenda.
type Task struct {
	ID         TaskID
	SeriesID   SeriesID
	Title      string
	AssigneeID PersonID
	State      TaskState
	Due        Date
	AgendaID   AgendaID
	MeetingID  MeetingID
	DoneAt     time.Time
	Meta
}

func (t *Task) Validate() error {
	t.Title = strings.TrimSpace(t.Title)
	if t.SeriesID == "" {
		return Invalid("series_id", "a task belongs to a series")
	}
	if err := checkTitle("title", t.Title); err != nil {
		return err
	}
	if t.State == "" {
		t.State = TaskTodo
	}
	if !oneOf(t.State, TaskStates) {
		return Invalid("state", "%q is not a task state (todo, doing, done, cancelled)", t.State)
	}
	return nil
}

// LADRState is the life cycle of an architecture decision record.
type LADRState string

const (
	LADRDraft      LADRState = "draft"
	LADRProposed   LADRState = "proposed"
	LADRAccepted   LADRState = "accepted"
	LADRRejected   LADRState = "rejected"
	LADROnHold     LADRState = "on-hold"
	LADRSuperseded LADRState = "superseded"
	LADRDeprecated LADRState = "deprecated"
)

var LADRStates = []LADRState{LADRDraft, LADRProposed, LADRAccepted, LADRRejected, LADROnHold, LADRSuperseded, LADRDeprecated}

// Section is a named Markdown section of an LADR beyond the standard ones,
// kept so that imported records lose nothing.
type Section struct {
	Heading string `json:"heading"`
	Body    string `json:"body"`
}

// LADR is a lightweight architecture decision record. Its number is
// assigned by kaigi at creation so that two branches never share one.
type LADR struct {
	ID            LADRID
	Number        int
	Slug          string
	Title         string
	State         LADRState
	Date          Date
	Authors       []string
	Context       string
	Specification string
	Decision      string
	Consequences  string
	Extra         []Section
	Supersedes    []LADRID
	SupersededBy  []LADRID // derived from the other records' Supersedes
	MeetingID     MeetingID
	AgendaID      AgendaID
	DecisionIDs   []DecisionID // derived: decisions that link this record
	PRURL         string
	ReviewBy      Date
	Meta
}

func (l *LADR) Validate() error {
	l.Title = strings.TrimSpace(l.Title)
	if err := checkTitle("title", l.Title); err != nil {
		return err
	}
	if l.State == "" {
		l.State = LADRDraft
	}
	if !oneOf(l.State, LADRStates) {
		return Invalid("state", "%q is not an LADR state (draft, proposed, accepted, rejected, on-hold, superseded, deprecated)", l.State)
	}
	if err := CheckNamePart("slug", l.Slug); err != nil {
		return err
	}
	if err := checkLADRLists(l); err != nil {
		return err
	}
	if !l.ReviewBy.IsZero() && !l.Date.IsZero() && l.ReviewBy.Before(l.Date) {
		return Invalid("review_by", "review-by date %s is before the LADR date %s", l.ReviewBy, l.Date)
	}
	if l.PRURL != "" && !strings.HasPrefix(l.PRURL, "https://") && !strings.HasPrefix(l.PRURL, "http://") {
		return Invalid("pr_url", "pull request URL must start with https://")
	}
	for _, id := range l.Supersedes {
		if id == l.ID {
			return Invalid("supersedes", "an LADR cannot supersede itself")
		}
	}
	for _, f := range []struct{ name, body string }{
		{"context", l.Context}, {"specification", l.Specification}, {"decision", l.Decision}, {"consequences", l.Consequences},
	} {
		if err := checkBody(f.name, f.body); err != nil {
			return err
		}
	}
	return nil
}

// Limits on an LADR's lists: generous for real teams, strict enough that a
// request cannot make every later render or file write carry megabytes.
const (
	maxAuthors      = 50
	maxAuthorLen    = 200
	maxExtraSection = 100
	maxSlugLen      = 100
)

func checkLADRLists(l *LADR) error {
	if len(l.Authors) > maxAuthors {
		return Invalid("authors", "an LADR lists at most %d authors", maxAuthors)
	}
	for _, a := range l.Authors {
		if utf8.RuneCountInString(a) > maxAuthorLen {
			return Invalid("authors", "author %.20q… is longer than %d characters", a, maxAuthorLen)
		}
		if !utf8.ValidString(a) {
			return Invalid("authors", "authors are not valid UTF-8")
		}
	}
	if len(l.Extra) > maxExtraSection {
		return Invalid("extra", "an LADR has at most %d extra sections", maxExtraSection)
	}
	for _, sec := range l.Extra {
		switch {
		case strings.TrimSpace(sec.Heading) == "":
			return Invalid("extra", "an extra section needs a heading")
		case utf8.RuneCountInString(sec.Heading) > maxTitleLen:
			return Invalid("extra", "extra section heading %.20q… is longer than %d characters", sec.Heading, maxTitleLen)
		case !utf8.ValidString(sec.Heading):
			return Invalid("extra", "extra section heading is not valid UTF-8")
		}
		if err := checkBody("extra", sec.Body); err != nil {
			return err
		}
	}
	return nil
}

// CheckNamePart refuses text that cannot be part of a file name inside a
// folder: path separators, "..", NUL and other control characters, invalid
// UTF-8, and more than 100 characters. Empty is allowed (kaigi makes the
// name from the title).
func CheckNamePart(field, s string) error {
	switch {
	case !utf8.ValidString(s):
		return Invalid(field, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(s) > maxSlugLen:
		return Invalid(field, "%s is longer than %d characters", field, maxSlugLen)
	case strings.ContainsAny(s, `/\`):
		return Invalid(field, "%s %q contains a path separator; it names a file inside the LADR folder", field, s)
	case strings.Contains(s, ".."):
		return Invalid(field, "%s %q contains \"..\"; it names a file inside the LADR folder", field, s)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return Invalid(field, "%s contains a control character (NUL, tab, line break…); use letters, digits and dashes", field)
	}
	return nil
}

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if a == v {
			return true
		}
	}
	return false
}
