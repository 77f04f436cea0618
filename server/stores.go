package server

import (
	"context"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// The handlers depend on these small interfaces rather than on *data.Store,
// so each group of handlers names exactly what it reads and writes.

type seriesStore interface {
	CreateSeries(ctx context.Context, sr *data.Series) error
	UpdateSeries(ctx context.Context, sr *data.Series) error
	Series(ctx context.Context, id data.SeriesID) (data.Series, error)
	ListSeries(ctx context.Context) ([]data.Series, error)
	SeriesPage(ctx context.Context, p data.Page) ([]data.Series, error)
	NextMeeting(ctx context.Context, id data.SeriesID) (data.Meeting, bool, error)
	NextOf(ctx context.Context, sr data.Series) (data.Upcoming, error)
	NextMeetings(ctx context.Context) (map[data.SeriesID]data.Meeting, error)
	HomeCounts(ctx context.Context) (map[data.SeriesID]data.SeriesCounts, error)
	UpcomingSlots(ctx context.Context, sr data.Series, n int) ([]time.Time, error)
	OpenMeetingAt(ctx context.Context, sr data.Series, slot time.Time) (data.Meeting, bool, error)
}

type meetingStore interface {
	CreateMeeting(ctx context.Context, m *data.Meeting) error
	UpdateMeeting(ctx context.Context, m *data.Meeting) error
	Meeting(ctx context.Context, id data.MeetingID) (data.Meeting, error)
	Meetings(ctx context.Context, f data.MeetingFilter) ([]data.Meeting, error)
	MeetingItems(ctx context.Context, id data.MeetingID) ([]data.MeetingItem, error)
	AttachAgenda(ctx context.Context, m data.MeetingID, a data.AgendaID) error
	SetDiscussionNotes(ctx context.Context, m data.MeetingID, a data.AgendaID, notes string) error
	ReorderAgendas(ctx context.Context, m data.MeetingID, order []data.AgendaID) error
	Minutes(ctx context.Context, id data.MeetingID) (data.Minutes, error)
	Discussion(ctx context.Context, m data.MeetingID, a data.AgendaID) (data.Discussion, error)
	UpdateDiscussion(ctx context.Context, m data.MeetingID, a data.AgendaID, ch data.DiscussionChange) (data.Discussion, error)
	SetMeetingState(ctx context.Context, id data.MeetingID, state data.MeetingState, revision int64) (data.Meeting, error)
	SkipMeeting(ctx context.Context, id data.MeetingID, revision int64) (data.Meeting, error)
	NextFreeSlot(ctx context.Context, sr data.Series, after time.Time) (time.Time, error)
}

type agendaStore interface {
	CreateAgenda(ctx context.Context, a *data.Agenda, in data.MeetingID) error
	ProposeAgenda(ctx context.Context, a *data.Agenda) error
	Backlog(ctx context.Context, series data.SeriesID) ([]data.Agenda, error)
	UpdateAgenda(ctx context.Context, a *data.Agenda) error
	Agenda(ctx context.Context, id data.AgendaID) (data.Agenda, error)
	Agendas(ctx context.Context, f data.AgendaFilter) ([]data.Agenda, error)
	AgendaThread(ctx context.Context, id data.AgendaID) ([]data.ThreadEntry, error)
}

type decisionStore interface {
	CreateDecision(ctx context.Context, d *data.Decision) error
	UpdateDecision(ctx context.Context, d *data.Decision) error
	Decision(ctx context.Context, id data.DecisionID) (data.Decision, error)
	Decisions(ctx context.Context, f data.DecisionFilter) ([]data.Decision, error)
}

type taskStore interface {
	CreateTask(ctx context.Context, t *data.Task) error
	UpdateTask(ctx context.Context, t *data.Task) error
	Task(ctx context.Context, id data.TaskID) (data.Task, error)
	Tasks(ctx context.Context, f data.TaskFilter) ([]data.Task, error)
}

type ladrStore interface {
	CreateLADR(ctx context.Context, l *data.LADR) error
	UpdateLADR(ctx context.Context, l *data.LADR) error
	LADR(ctx context.Context, id data.LADRID) (data.LADR, error)
	LADRs(ctx context.Context, f data.LADRFilter) ([]data.LADR, error)
	LADRByNumber(ctx context.Context, n int) (data.LADR, error)
}

type peopleStore interface {
	PersonNames(ctx context.Context) ([]data.PersonName, error)
}

type authStore interface {
	UserByEmail(ctx context.Context, email string) (data.User, error)
	HasUsers(ctx context.Context) (bool, error)
	CreateFirstAdmin(ctx context.Context, p *data.Person, passwordHash string) error
	SetPassword(ctx context.Context, id data.PersonID, passwordHash, keepSession string) error
	Today(ctx context.Context, series data.SeriesID, person data.PersonID) (data.Date, error)
	TodayOfEach(ctx context.Context, series []data.Series, person data.PersonID) (map[data.SeriesID]data.Date, error)
	CreateSession(ctx context.Context, s data.Session) error
	SessionByHash(ctx context.Context, hash string) (data.Session, data.Person, error)
	DeleteSession(ctx context.Context, hash string) error
	PersonByAPIToken(ctx context.Context, hash string) (data.Person, error)
}

type searcher interface {
	Search(ctx context.Context, q string, f data.SearchFilter) ([]data.SearchHit, error)
}

type journal interface {
	LastChange(ctx context.Context) (int64, time.Time, error)
}

type trash interface {
	SetDeleted(ctx context.Context, e data.Entity, id string, deleted bool) error
	Trash(ctx context.Context, e data.Entity, p data.Page) ([]data.TrashItem, error)
}

// Store is everything the web app needs from the database; *data.Store
// implements it.
type Store interface {
	seriesStore
	meetingStore
	agendaStore
	decisionStore
	taskStore
	ladrStore
	peopleStore
	authStore
	accountStore
	searcher
	trash
	journal
	minutesPostStore
}

// Sync is the Notion sync as the web app sees it. It is nil until a sync is
// configured; pages then leave out everything about it.
type Sync interface {
	SyncNow(ctx context.Context) error
	Status(ctx context.Context) (SyncStatus, error)
	Conflicts(ctx context.Context) ([]SyncConflict, error)
	// ResolveConflict settles a conflict by keeping "local" or "remote".
	ResolveConflict(ctx context.Context, id string, keep string) error
	Runs(ctx context.Context, limit int) ([]SyncRun, error)
}

// SyncStatus is the sync's state in one line.
type SyncStatus struct {
	LastRun   time.Time
	LastError string // the last run's errors besides the standing problems
	Pending   int    // local changes not yet pushed
	// Problems are the standing problems: pages, records, people or
	// databases the sync leaves alone until someone fixes them.
	Problems []SyncProblem
	// Databases say when each database's pages were last all confirmed.
	Databases []SyncDatabase
	// WebhookToken is Notion's webhook verification token, set only on the
	// first read after it arrived, so the page shows it once.
	WebhookToken string
}

// SyncProblem is one thing the sync cannot do until someone acts.
type SyncProblem struct {
	// Kind is the problem's code (database, gone, invalid, option, page,
	// people, refused, users, value, waits): pages in a language other
	// than English say it from the catalog; Message and Fix are English.
	Kind    string
	Entity  data.Entity
	Field   string
	Message string
	URL     string // the page or database in Notion, when there is one
	Fix     string // what to do
	Since   time.Time
}

// SyncDatabase is one synced database.
type SyncDatabase struct {
	Name     string
	LastFull time.Time // when every linked page was last confirmed; zero: not yet
}

// SyncConflict is a field both sides changed differently; the configured
// winner was applied and the other value is kept here until someone decides.
type SyncConflict struct {
	ID         string
	Entity     data.Entity
	EntityID   string
	Title      string
	Field      string
	Local      string
	Remote     string
	DetectedAt time.Time
}

// SyncRun is one finished sync run.
type SyncRun struct {
	Started   time.Time
	Finished  time.Time
	Pulled    int
	Pushed    int
	Created   int // pages created in Notion
	Trashed   int
	Conflicts int
	Problems  int
	Error     string
}
