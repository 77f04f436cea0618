package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

// meetingDetailDTO is GET /api/v1/meetings/{id}: the meeting with its
// agendas as that meeting recorded them.
type meetingDetailDTO struct {
	meetingDTO
	Agendas []discussionDTO `json:"agendas"`
	Reopens []reopenDTO     `json:"reopens"`
}

// discussionDTO is an agenda on one meeting's list: its outcome and notes
// there.
type discussionDTO struct {
	AgendaID data.AgendaID    `json:"agenda_id"`
	Title    string           `json:"title"`
	Priority int              `json:"priority"`
	State    data.AgendaState `json:"state"` // the agenda's state now
	Position int              `json:"position"`
	Carried  bool             `json:"carried"` // put on this meeting by carry-forward
	Outcome  data.Outcome     `json:"outcome"`
	Notes    string           `json:"notes"`
	Revision int64            `json:"revision"` // the agenda's, for PUT
	// The agenda's own owner, details and proposer; its age as of this
	// meeting (GET /meetings/{id} only).
	OwnerID    data.PersonID `json:"owner_id"`
	Body       string        `json:"body"`
	ProposedBy data.PersonID `json:"proposed_by"`
	Age        *ageDTO       `json:"age,omitempty"`
	// PriorityLabel is the priority in the series' words and the
	// request's language (GET /meetings/{id} only).
	PriorityLabel string `json:"priority_label,omitempty"`
}

// ageDTO is an agenda's age (see data.Age): whole days since it was first
// raised, and how many meetings it was carried into.
type ageDTO struct {
	Days    int `json:"days"`
	Carried int `json:"carried"`
}

type reopenDTO struct {
	PersonID   data.PersonID `json:"person_id,omitempty"`
	ReopenedAt time.Time     `json:"reopened_at"`
}

func (a *app) meetingDetail(c echo.Context, m data.Meeting) (any, error) {
	mn, err := a.Store.Minutes(c.Request().Context(), m.ID)
	if err != nil {
		return nil, err
	}
	out := meetingDetailDTO{meetingDTO: meetingOut(mn.Meeting), Agendas: []discussionDTO{}, Reopens: []reopenDTO{}}
	asOf, t := mn.Meeting.AgesAsOf(a.Now()), a.tr(c)
	for _, it := range mn.Items {
		d := discussionOut(it.Agenda, it.Discussion)
		age := it.Age(asOf)
		d.Age = &ageDTO{Days: age.Days, Carried: age.Carried}
		d.PriorityLabel = priorityName(t, mn.Series.PriorityWords, it.Agenda.Priority)
		out.Agendas = append(out.Agendas, d)
	}
	for _, r := range mn.Reopens {
		out.Reopens = append(out.Reopens, reopenDTO(r))
	}
	return out, nil
}

func discussionOut(ag data.Agenda, d data.Discussion) discussionDTO {
	return discussionDTO{AgendaID: ag.ID, Title: ag.Title, Priority: ag.Priority, State: ag.State, Position: d.Position,
		Carried: d.Carried, Outcome: d.Outcome, Notes: d.Notes, Revision: ag.Revision, OwnerID: ag.OwnerID, Body: ag.Body,
		ProposedBy: ag.ProposedBy}
}

// discussionInput is the body of PUT /api/v1/meetings/{id}/agendas/{agenda_id}:
// fields left out keep their values.
type discussionInput struct {
	Notes    *string      `json:"notes"`
	Outcome  data.Outcome `json:"outcome"`
	Revision int64        `json:"revision"`
}

// apiPutDiscussion sets an agenda's notes and outcome in one meeting.
func (a *app) apiPutDiscussion(c echo.Context) error {
	ctx := c.Request().Context()
	var in discussionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	mid, aid := data.MeetingID(c.Param("id")), data.AgendaID(c.Param("agenda_id"))
	d, err := a.Store.UpdateDiscussion(ctx, mid, aid, data.DiscussionChange{Notes: in.Notes, Outcome: in.Outcome, Revision: in.Revision})
	if err != nil {
		return err
	}
	ag, err := a.Store.Agenda(ctx, aid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, discussionOut(ag, d))
}
