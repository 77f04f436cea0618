package server

import (
	"context"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

// The wire forms of the records. Read-only fields (IDs, times, derived
// links) are ignored on input; revision, when sent, must be the one the
// client last read, or the update is refused with a conflict.

type metaDTO struct {
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Revision  int64     `json:"revision"`
}

func metaOut(m data.Meta) metaDTO {
	return metaDTO{CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt, Revision: m.Revision}
}

type seriesDTO struct {
	ID               data.SeriesID   `json:"id"`
	Name             string          `json:"name"`
	Schedule         string          `json:"schedule"`
	TimeZone         string          `json:"time_zone"`
	DefaultAttendees []data.PersonID `json:"default_attendees"`
	// StandingItems open every new meeting; absent on a write keeps them.
	StandingItems []string           `json:"standing_items"`
	PriorityWords data.PriorityWords `json:"priority_words"`
	metaDTO
}

func (a *app) apiSeries() apiEntity[data.Series, seriesDTO] {
	return apiEntity[data.Series, seriesDTO]{
		name: "series", entity: data.EntitySeries,
		id: func(r data.Series) string { return string(r.ID) },
		list: func(c echo.Context, p data.Page) ([]data.Series, error) {
			return a.Store.SeriesPage(c.Request().Context(), p)
		},
		get: func(ctx context.Context, id string) (data.Series, error) {
			return a.Store.Series(ctx, data.SeriesID(id))
		},
		meta: func(r data.Series) data.Meta { return r.Meta },
		out: func(r data.Series) seriesDTO {
			return seriesDTO{ID: r.ID, Name: r.Name, Schedule: r.Schedule, TimeZone: r.TimeZone,
				DefaultAttendees: nonNil(r.DefaultAttendees), StandingItems: nonNil(r.StandingItems), PriorityWords: r.PriorityWords, metaDTO: metaOut(r.Meta)}
		},
		in: func(d seriesDTO, r *data.Series) {
			r.Name, r.Schedule, r.TimeZone, r.DefaultAttendees, r.Revision = d.Name, d.Schedule, d.TimeZone, d.DefaultAttendees, d.Revision
			r.StandingItems, r.PriorityWords = d.StandingItems, d.PriorityWords
		},
		create: func(ctx context.Context, r *data.Series, _ seriesDTO) error { return a.Store.CreateSeries(ctx, r) },
		update: a.Store.UpdateSeries,
	}
}

type meetingDTO struct {
	ID        data.MeetingID    `json:"id"`
	SeriesID  data.SeriesID     `json:"series_id"`
	StartsAt  time.Time         `json:"starts_at"`
	Title     string            `json:"title"`
	Attendees []data.PersonID   `json:"attendees"`
	Absent    []data.PersonID   `json:"absent"`
	Notes     string            `json:"notes"`
	State     data.MeetingState `json:"state"`
	metaDTO
}

func meetingOut(r data.Meeting) meetingDTO {
	return meetingDTO{ID: r.ID, SeriesID: r.SeriesID, StartsAt: r.StartsAt, Title: r.Title, Attendees: nonNil(r.Attendees), Absent: nonNil(r.Absent),
		Notes: r.Notes, State: r.State, metaDTO: metaOut(r.Meta)}
}

func (a *app) apiMeetings() apiEntity[data.Meeting, meetingDTO] {
	return apiEntity[data.Meeting, meetingDTO]{
		name: "meetings", entity: data.EntityMeeting,
		id: func(r data.Meeting) string { return string(r.ID) },
		list: func(c echo.Context, p data.Page) ([]data.Meeting, error) {
			return a.Store.Meetings(c.Request().Context(), data.MeetingFilter{SeriesID: data.SeriesID(c.QueryParam("series_id")), Page: p})
		},
		get: func(ctx context.Context, id string) (data.Meeting, error) {
			return a.Store.Meeting(ctx, data.MeetingID(id))
		},
		meta: func(r data.Meeting) data.Meta { return r.Meta },
		out:  meetingOut,
		in: func(d meetingDTO, r *data.Meeting) {
			if r.ID == "" {
				r.SeriesID = d.SeriesID // a meeting stays in its series
			}
			r.StartsAt, r.Title, r.Attendees, r.Notes, r.State, r.Revision = d.StartsAt, d.Title, d.Attendees, d.Notes, d.State, d.Revision
			r.Absent = d.Absent
		},
		create: func(ctx context.Context, r *data.Meeting, _ meetingDTO) error { return a.Store.CreateMeeting(ctx, r) },
		update: func(ctx context.Context, r *data.Meeting) error {
			if err := a.Store.UpdateMeeting(ctx, r); err != nil {
				return err
			}
			if r.State == data.MeetingHeld {
				a.minutesHeld(ctx, r.ID)
			}
			return nil
		},
		detail: a.meetingDetail,
	}
}

type agendaDTO struct {
	ID         data.AgendaID    `json:"id"`
	SeriesID   data.SeriesID    `json:"series_id"`
	Title      string           `json:"title"`
	Body       string           `json:"body"`
	OwnerID    data.PersonID    `json:"owner_id"`
	Priority   int              `json:"priority"`
	State      data.AgendaState `json:"state"`
	ResolvedAt *time.Time       `json:"resolved_at"`
	// ProposedBy is who proposed it to the series' backlog (read-only);
	// Standing marks one made from a standing item of the series.
	ProposedBy data.PersonID `json:"proposed_by"`
	Standing   bool          `json:"standing"`
	// MeetingID, on create only, also puts the agenda on that meeting.
	MeetingID data.MeetingID `json:"meeting_id,omitempty"`
	metaDTO
}

func agendaOut(r data.Agenda) agendaDTO {
	return agendaDTO{ID: r.ID, SeriesID: r.SeriesID, Title: r.Title, Body: r.Body, OwnerID: r.OwnerID, Priority: r.Priority,
		State: r.State, ResolvedAt: timeOut(r.ResolvedAt), ProposedBy: r.ProposedBy, Standing: r.Standing, metaDTO: metaOut(r.Meta)}
}

func (a *app) apiAgendas() apiEntity[data.Agenda, agendaDTO] {
	return apiEntity[data.Agenda, agendaDTO]{
		name: "agendas", entity: data.EntityAgenda,
		id: func(r data.Agenda) string { return string(r.ID) },
		list: func(c echo.Context, p data.Page) ([]data.Agenda, error) {
			state, err := stateParam(c, data.AgendaStates)
			if err != nil {
				return nil, err
			}
			return a.Store.Agendas(c.Request().Context(), data.AgendaFilter{SeriesID: data.SeriesID(c.QueryParam("series_id")),
				State: state, Page: p})
		},
		get: func(ctx context.Context, id string) (data.Agenda, error) {
			return a.Store.Agenda(ctx, data.AgendaID(id))
		},
		meta: func(r data.Agenda) data.Meta { return r.Meta },
		out:  agendaOut,
		in: func(d agendaDTO, r *data.Agenda) {
			r.SeriesID, r.Title, r.Body, r.OwnerID, r.Priority, r.State, r.Revision = d.SeriesID, d.Title, d.Body, d.OwnerID, d.Priority, d.State, d.Revision
		},
		create: func(ctx context.Context, r *data.Agenda, d agendaDTO) error {
			return a.Store.CreateAgenda(ctx, r, d.MeetingID)
		},
		update: a.Store.UpdateAgenda,
	}
}

type decisionDTO struct {
	ID           data.DecisionID    `json:"id"`
	SeriesID     data.SeriesID      `json:"series_id"`
	Title        string             `json:"title"`
	Body         string             `json:"body"`
	AgendaID     data.AgendaID      `json:"agenda_id"`
	MeetingID    data.MeetingID     `json:"meeting_id"`
	DecidedOn    wireDate           `json:"decided_on"`
	State        data.DecisionState `json:"state"`
	SupersededBy data.DecisionID    `json:"superseded_by"`
	ReviewBy     wireDate           `json:"review_by"`
	LADRID       data.LADRID        `json:"ladr_id"`
	metaDTO
}

func (a *app) apiDecisions() apiEntity[data.Decision, decisionDTO] {
	return apiEntity[data.Decision, decisionDTO]{
		name: "decisions", entity: data.EntityDecision,
		id: func(r data.Decision) string { return string(r.ID) },
		list: func(c echo.Context, p data.Page) ([]data.Decision, error) {
			state, err := stateParam(c, data.DecisionStates)
			if err != nil {
				return nil, err
			}
			return a.Store.Decisions(c.Request().Context(), data.DecisionFilter{SeriesID: data.SeriesID(c.QueryParam("series_id")),
				MeetingID: data.MeetingID(c.QueryParam("meeting_id")), AgendaID: data.AgendaID(c.QueryParam("agenda_id")),
				State: state, Page: p})
		},
		get: func(ctx context.Context, id string) (data.Decision, error) {
			return a.Store.Decision(ctx, data.DecisionID(id))
		},
		meta: func(r data.Decision) data.Meta { return r.Meta },
		out: func(r data.Decision) decisionDTO {
			return decisionDTO{ID: r.ID, SeriesID: r.SeriesID, Title: r.Title, Body: r.Body, AgendaID: r.AgendaID, MeetingID: r.MeetingID,
				DecidedOn: dateOut(r.DecidedOn), State: r.State, SupersededBy: r.SupersededBy, ReviewBy: dateOut(r.ReviewBy), LADRID: r.LADRID, metaDTO: metaOut(r.Meta)}
		},
		in: func(d decisionDTO, r *data.Decision) {
			r.SeriesID, r.Title, r.Body, r.AgendaID, r.MeetingID = d.SeriesID, d.Title, d.Body, d.AgendaID, d.MeetingID
			r.DecidedOn, r.State, r.SupersededBy, r.ReviewBy, r.LADRID, r.Revision = d.DecidedOn.Date, d.State, d.SupersededBy, d.ReviewBy.Date, d.LADRID, d.Revision
		},
		create: func(ctx context.Context, r *data.Decision, _ decisionDTO) error {
			return a.Store.CreateDecision(ctx, r)
		},
		update: a.Store.UpdateDecision,
	}
}

type taskDTO struct {
	ID         data.TaskID    `json:"id"`
	SeriesID   data.SeriesID  `json:"series_id"`
	Title      string         `json:"title"`
	AssigneeID data.PersonID  `json:"assignee_id"`
	State      data.TaskState `json:"state"`
	Due        wireDate       `json:"due"`
	AgendaID   data.AgendaID  `json:"agenda_id"`
	MeetingID  data.MeetingID `json:"meeting_id"`
	DoneAt     *time.Time     `json:"done_at"`
	metaDTO
}

func (a *app) apiTasks() apiEntity[data.Task, taskDTO] {
	return apiEntity[data.Task, taskDTO]{
		name: "tasks", entity: data.EntityTask,
		id: func(r data.Task) string { return string(r.ID) },
		list: func(c echo.Context, p data.Page) ([]data.Task, error) {
			state, err := stateParam(c, data.TaskStates)
			if err != nil {
				return nil, err
			}
			return a.Store.Tasks(c.Request().Context(), data.TaskFilter{SeriesID: data.SeriesID(c.QueryParam("series_id")),
				AssigneeID: data.PersonID(c.QueryParam("assignee_id")), State: state, Page: p})
		},
		get:  func(ctx context.Context, id string) (data.Task, error) { return a.Store.Task(ctx, data.TaskID(id)) },
		meta: func(r data.Task) data.Meta { return r.Meta },
		out: func(r data.Task) taskDTO {
			return taskDTO{ID: r.ID, SeriesID: r.SeriesID, Title: r.Title, AssigneeID: r.AssigneeID, State: r.State, Due: dateOut(r.Due),
				AgendaID: r.AgendaID, MeetingID: r.MeetingID, DoneAt: timeOut(r.DoneAt), metaDTO: metaOut(r.Meta)}
		},
		in: func(d taskDTO, r *data.Task) {
			r.SeriesID, r.Title, r.AssigneeID, r.State, r.Due = d.SeriesID, d.Title, d.AssigneeID, d.State, d.Due.Date
			r.AgendaID, r.MeetingID, r.Revision = d.AgendaID, d.MeetingID, d.Revision
		},
		create: func(ctx context.Context, r *data.Task, _ taskDTO) error { return a.Store.CreateTask(ctx, r) },
		update: a.Store.UpdateTask,
	}
}

type ladrDTO struct {
	ID            data.LADRID       `json:"id"`
	Number        int               `json:"number"`
	Slug          string            `json:"slug"`
	Title         string            `json:"title"`
	State         data.LADRState    `json:"state"`
	Date          wireDate          `json:"date"`
	Authors       []string          `json:"authors"`
	Context       string            `json:"context"`
	Specification string            `json:"specification"`
	Decision      string            `json:"decision"`
	Consequences  string            `json:"consequences"`
	Extra         []data.Section    `json:"extra"`
	Supersedes    []data.LADRID     `json:"supersedes"`
	SupersededBy  []data.LADRID     `json:"superseded_by"`
	MeetingID     data.MeetingID    `json:"meeting_id"`
	AgendaID      data.AgendaID     `json:"agenda_id"`
	DecisionIDs   []data.DecisionID `json:"decision_ids"`
	PRURL         string            `json:"pr_url"`
	ReviewBy      wireDate          `json:"review_by"`
	metaDTO
}

func (a *app) apiLADRs() apiEntity[data.LADR, ladrDTO] {
	return apiEntity[data.LADR, ladrDTO]{
		name: "ladrs", entity: data.EntityLADR,
		id: func(r data.LADR) string { return string(r.ID) },
		list: func(c echo.Context, p data.Page) ([]data.LADR, error) {
			state, err := stateParam(c, data.LADRStates)
			if err != nil {
				return nil, err
			}
			return a.Store.LADRs(c.Request().Context(), data.LADRFilter{State: state, Page: p})
		},
		get:  func(ctx context.Context, id string) (data.LADR, error) { return a.Store.LADR(ctx, data.LADRID(id)) },
		meta: func(r data.LADR) data.Meta { return r.Meta },
		out: func(r data.LADR) ladrDTO {
			return ladrDTO{ID: r.ID, Number: r.Number, Slug: r.Slug, Title: r.Title, State: r.State, Date: dateOut(r.Date), Authors: nonNil(r.Authors),
				Context: r.Context, Specification: r.Specification, Decision: r.Decision, Consequences: r.Consequences, Extra: nonNil(r.Extra),
				Supersedes: nonNil(r.Supersedes), SupersededBy: nonNil(r.SupersededBy), MeetingID: r.MeetingID, AgendaID: r.AgendaID,
				DecisionIDs: nonNil(r.DecisionIDs), PRURL: r.PRURL, ReviewBy: dateOut(r.ReviewBy), metaDTO: metaOut(r.Meta)}
		},
		in: func(d ladrDTO, r *data.LADR) {
			if r.ID == "" {
				r.Number = d.Number // numbers are assigned once, at creation
			}
			r.Slug, r.Title, r.State, r.Date, r.Authors = d.Slug, d.Title, d.State, d.Date.Date, d.Authors
			r.Context, r.Specification, r.Decision, r.Consequences, r.Extra = d.Context, d.Specification, d.Decision, d.Consequences, d.Extra
			r.Supersedes, r.MeetingID, r.AgendaID, r.PRURL, r.ReviewBy, r.Revision = d.Supersedes, d.MeetingID, d.AgendaID, d.PRURL, d.ReviewBy.Date, d.Revision
		},
		create: func(ctx context.Context, r *data.LADR, _ ladrDTO) error {
			if r.Number == 0 && a.LADRNumber != nil { // the folder's next, as the web form's
				n, err := a.LADRNumber(ctx)
				if err != nil {
					return err
				}
				r.Number = n
			}
			return a.Store.CreateLADR(ctx, r)
		},
		update: a.Store.UpdateLADR,
	}
}

// stateParam is the list's state filter, refused at the door when it is
// not one of the record's states (an empty list would hide the typo).
func stateParam[S ~string](c echo.Context, states []S) (S, error) {
	s := S(c.QueryParam("state"))
	if s != "" && !slices.Contains(states, s) {
		return "", data.BadRequest("state", "state %q is not one of %v", s, states)
	}
	return s, nil
}

// nonNil makes empty lists [] rather than null on the wire.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
