package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

// apiEntity describes one record type of the JSON API: how to list, read,
// create and update it, and how it looks on the wire (D).
type apiEntity[R, D any] struct {
	name   string // the path segment, e.g. "meetings"
	entity data.Entity
	id     func(R) string // the cursor after a record
	list   func(c echo.Context, p data.Page) ([]R, error)
	get    func(ctx context.Context, id string) (R, error)
	meta   func(R) data.Meta
	out    func(R) D
	in     func(D, *R) // copies the writable fields of the wire form onto r
	create func(ctx context.Context, r *R, d D) error
	update func(ctx context.Context, r *R) error
	// detail, when set, is the wire form of GET /{name}/{id}: more than a
	// list row (a meeting with its agendas as of that meeting).
	detail func(c echo.Context, r R) (any, error)
}

// listResponse is one page of a list. NextCursor continues after the
// page's last record (keyset paging: as cheap deep in a list as at its
// start, and stable while records are added); NextOffset counts records
// from the start and is given for pages asked for by offset. Both are null
// on the last page.
type listResponse[D any] struct {
	Items      []D     `json:"items"`
	Limit      int     `json:"limit"`
	Offset     int     `json:"offset"`
	NextOffset *int    `json:"next_offset"`
	NextCursor *string `json:"next_cursor"`
}

// patchAttempts bounds how often a PATCH without a revision is merged
// again after losing a race; each round, one of the racing saves wins.
const patchAttempts = 100

func mount[R, D any](g *echo.Group, a *app, e apiEntity[R, D]) {
	g.GET("/"+e.name, func(c echo.Context) error {
		p, err := pageParams(c)
		if err != nil {
			return err
		}
		// One more than asked tells whether another page follows.
		items, err := e.list(c, data.Page{Limit: p.Limit + 1, Offset: p.Offset, After: p.Cursor})
		if err != nil {
			return err
		}
		resp := listResponse[D]{Items: []D{}, Limit: p.Limit, Offset: p.Offset}
		if len(items) > p.Limit {
			items = items[:p.Limit]
			cursor := e.id(items[len(items)-1])
			resp.NextCursor = &cursor
			if p.Cursor == "" && p.Offset <= math.MaxInt-p.Limit {
				next := p.Offset + p.Limit
				resp.NextOffset = &next
			}
		}
		for _, r := range items {
			resp.Items = append(resp.Items, e.out(r))
		}
		return c.JSON(http.StatusOK, resp)
	})
	live := func(c echo.Context) (R, error) {
		r, err := e.get(c.Request().Context(), c.Param("id"))
		if err == nil && e.meta(r).Deleted() {
			err = data.Errorf(data.ENOTFOUND, "%s %s is in the trash", e.entity, c.Param("id"))
		}
		return r, err
	}
	g.GET("/"+e.name+"/:id", func(c echo.Context) error {
		r, err := live(c)
		if err != nil {
			return err
		}
		if e.detail != nil {
			v, err := e.detail(c, r)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusOK, v)
		}
		return c.JSON(http.StatusOK, e.out(r))
	})
	g.POST("/"+e.name, func(c echo.Context) error {
		var d D
		if err := decodeJSON(c, &d); err != nil {
			return err
		}
		var r R
		e.in(d, &r)
		if err := e.create(c.Request().Context(), &r, d); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, e.out(r))
	})
	g.PATCH("/"+e.name+"/:id", func(c echo.Context) error {
		// Read once: a save that lost a race merges the body again.
		body, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return err
		}
		var fields map[string]json.RawMessage
		_ = json.Unmarshal(body, &fields) // a body that is no object is refused below
		_, checked := fields["revision"]
		// Fields left out of the body keep their current values. Without a
		// revision the caller asked for no check: a save that lost a race
		// with another is merged onto the newer record and saved again, so
		// it never conflicts and never undoes the other's fields.
		var r R
		for attempt := 1; ; attempt++ {
			if r, err = live(c); err != nil {
				return err
			}
			d := e.out(r)
			if err := decodeJSONBytes(body, &d); err != nil {
				return err
			}
			e.in(d, &r)
			err = e.update(c.Request().Context(), &r)
			if checked || attempt == patchAttempts || data.ErrorCode(err) != data.ECONFLICT || data.ErrorField(err) != "revision" {
				break
			}
		}
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, e.out(r))
	})
	g.DELETE("/"+e.name+"/:id", func(c echo.Context) error {
		if _, err := live(c); err != nil {
			return err
		}
		if err := a.Store.SetDeleted(c.Request().Context(), e.entity, c.Param("id"), true); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	// Restoring is idempotent: restoring a record that is not in the trash
	// answers it as it is.
	g.POST("/"+e.name+"/:id/restore", func(c echo.Context) error {
		if err := a.Store.SetDeleted(c.Request().Context(), e.entity, c.Param("id"), false); err != nil {
			return err
		}
		r, err := live(c)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, e.out(r))
	})
}

type pageQuery struct {
	Limit, Offset int
	Cursor        string
}

const maxAPIPage = 200

func pageParams(c echo.Context) (pageQuery, error) {
	p := pageQuery{Limit: 50, Cursor: c.QueryParam("cursor")}
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxAPIPage {
			return p, data.BadRequest("limit", "limit must be a number from 1 to %d", maxAPIPage)
		}
		p.Limit = n
	}
	if s := c.QueryParam("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return p, data.BadRequest("offset", "offset must be a number from 0 to %d", math.MaxInt)
		}
		p.Offset = n
	}
	if p.Cursor != "" && p.Offset > 0 {
		return p, data.BadRequest("cursor", "give either cursor (from next_cursor) or offset, not both")
	}
	return p, nil
}

// decodeJSON reads a JSON body strictly: unknown fields are mistakes worth
// reporting, not silently dropping.
func decodeJSON(c echo.Context, v any) error {
	return decodeJSONFrom(c.Request().Body, v)
}

// decodeJSONBytes is decodeJSON of a body already read.
func decodeJSONBytes(body []byte, v any) error {
	return decodeJSONFrom(bytes.NewReader(body), v)
}

func decodeJSONFrom(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return data.Invalid(te.Field, "%s must be a JSON %s", te.Field, te.Type.Kind())
		}
		if errors.Is(err, io.EOF) {
			return data.Errorf(data.EINVALID, "the request body is empty; send a JSON object")
		}
		return data.Errorf(data.EINVALID, "the request body is not valid JSON: %v", err)
	}
	return nil
}

func (a *app) apiRoutes(g *echo.Group) {
	mount(g, a, a.apiSeries())
	mount(g, a, a.apiMeetings())
	mount(g, a, a.apiAgendas())
	mount(g, a, a.apiDecisions())
	mount(g, a, a.apiTasks())
	mount(g, a, a.apiLADRs())
	g.POST("/series/:id/next-meeting", a.apiNextMeeting)
	g.GET("/series/:id/backlog", a.apiBacklog)
	g.POST("/series/:id/backlog", a.apiPropose)
	g.PUT("/meetings/:id/agendas/:agenda_id", a.apiPutDiscussion)
	g.GET("/search", a.apiSearch)
	g.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", openAPISpec)
	})
}

type nextMeetingResponse struct {
	Meeting meetingDTO `json:"meeting"`
	Created bool       `json:"created"`
}

func (a *app) apiNextMeeting(c echo.Context) error {
	m, created, err := a.Store.NextMeeting(c.Request().Context(), data.SeriesID(c.Param("id")))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, nextMeetingResponse{Meeting: meetingOut(m), Created: created})
}

type searchHitDTO struct {
	Entity  data.Entity `json:"entity"`
	ID      string      `json:"id"`
	Title   string      `json:"title"`
	Snippet string      `json:"snippet"`
	// MeetingID is the meeting where the text was written (empty for
	// agendas and records made outside a meeting); AgendaID is the agenda
	// of a discussion note.
	MeetingID    data.MeetingID `json:"meeting_id,omitempty"`
	MeetingTitle string         `json:"meeting_title,omitempty"`
	AgendaID     data.AgendaID  `json:"agenda_id,omitempty"`
}

// searchEntities are the kinds of record search can be narrowed to.
var searchEntities = []data.Entity{data.EntityMeeting, data.EntityDiscussion, data.EntityAgenda, data.EntityDecision, data.EntityTask, data.EntityLADR}

// searchParams checks the query at the door: a missing q or an entity
// search does not know is a mistake to report, not an empty answer.
func searchParams(c echo.Context) (string, data.Entity, error) {
	q := c.QueryParam("q")
	if strings.TrimSpace(q) == "" {
		return "", "", data.BadRequest("q", "q is required: the words to search for")
	}
	ent := data.Entity(c.QueryParam("entity"))
	if ent != "" && !slices.Contains(searchEntities, ent) {
		return "", "", data.BadRequest("entity", "entity %q is not one of %v", ent, searchEntities)
	}
	return q, ent, nil
}

func (a *app) apiSearch(c echo.Context) error {
	q, ent, err := searchParams(c)
	if err != nil {
		return err
	}
	hits, err := a.Store.Search(c.Request().Context(), q, data.SearchFilter{Entity: ent})
	if err != nil {
		return err
	}
	out := make([]searchHitDTO, 0, len(hits))
	for _, h := range hits {
		out = append(out, searchHitDTO(h))
	}
	return c.JSON(http.StatusOK, map[string][]searchHitDTO{"items": out})
}
