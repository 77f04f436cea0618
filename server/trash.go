package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// trashKind is a kind of record that goes to the trash: its path segment
// (pages and API alike) and where it lives when restored.
type trashKind struct {
	path    string
	entity  data.Entity
	heading string // the trash page's heading of its group
}

var trashKinds = []trashKind{
	{"series", data.EntitySeries, "trash.series"}, {"meetings", data.EntityMeeting, "trash.meetings"},
	{"agendas", data.EntityAgenda, "trash.agendas"}, {"decisions", data.EntityDecision, "trash.decisions"},
	{"tasks", data.EntityTask, "trash.tasks"}, {"ladrs", data.EntityLADR, "trash.ladrs"},
}

// trashPageSize is how many records of each kind the trash page shows.
const trashPageSize = 50

// trashPage lists what is in the trash, by kind, latest first, each with
// a Restore button. ?kind=tasks&after=ID pages through one kind.
func (a *app) trashPage(c echo.Context) error {
	ctx := c.Request().Context()
	only, after := c.QueryParam("kind"), c.QueryParam("after")
	t := a.tr(c)
	var v pages.Trash
	for _, k := range trashKinds {
		if only != "" && only != k.path {
			continue
		}
		p := data.Page{Limit: trashPageSize + 1}
		if only != "" {
			p.After = after
		}
		items, err := a.Store.Trash(ctx, k.entity, p)
		if err != nil {
			return err
		}
		g := pages.TrashGroup{Kind: k.path, Heading: t.S(k.heading)}
		if len(items) > trashPageSize {
			items = items[:trashPageSize]
			g.NextPage = listURL("/trash", "kind", k.path, "after", items[len(items)-1].ID)
		}
		for _, it := range items {
			title := it.Title
			if k.entity == data.EntityLADR {
				title = ladrNumber(it.Number) + " " + title
			}
			g.Items = append(g.Items, pages.TrashItem{ID: it.ID, Title: title, Deleted: a.when(t, it.DeletedAt),
				Restore: "/trash/" + k.path + "/" + it.ID + "/restore"})
		}
		v.Groups = append(v.Groups, g)
	}
	return a.show(c, http.StatusOK, pages.TrashPage(a.layout(c, t.S("nav.trash"), "trash"), v))
}

// moveToTrash soft-deletes a record from its page and goes where it was
// listed.
func (a *app) moveToTrash(k trashKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		id := c.Param("id")
		back := "/trash"
		if k.entity == data.EntityMeeting {
			if m, err := a.Store.Meeting(ctx, data.MeetingID(id)); err == nil {
				back = "/series/" + string(m.SeriesID)
			}
		}
		if err := a.Store.SetDeleted(ctx, k.entity, id, true); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, back)
	}
}

// restoreFromTrash brings a record back and shows it.
func (a *app) restoreFromTrash(k trashKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Param("id")
		if err := a.Store.SetDeleted(c.Request().Context(), k.entity, id, false); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/"+k.path+"/"+id)
	}
}

// formFallbacks answers a GET of a form's POST address with the page the
// form is on: after a form error the address bar holds the POST address,
// and reopening it (reload, a bookmark, a shared link) must show the page,
// not "page not found".
func (a *app) formFallbacks(g *echo.Group) {
	back := func(to func(c echo.Context) string) echo.HandlerFunc {
		return func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, to(c)) }
	}
	page := func(prefix string) func(c echo.Context) string {
		return func(c echo.Context) string { return prefix + c.Param("id") }
	}
	for _, prefix := range []string{"/series/", "/meetings/", "/agendas/", "/decisions/", "/tasks/", "/ladrs/"} {
		g.GET(prefix+":id/*", back(page(prefix)))
	}
	g.GET("/decisions/:id/state", back(func(echo.Context) string { return "/decisions" }))
	g.GET("/tasks/:id/state", back(func(echo.Context) string { return "/tasks" }))
	g.GET("/trash/*", back(func(echo.Context) string { return "/trash" }))
}

// submission puts the request's one-time submission key (a form's
// submission_key field, the API's Idempotency-Key header) and its person
// into the request's context, for the store's creates.
func (a *app) submission(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		me := currentUser(c).ID
		ctx := data.WithActor(req.Context(), me)
		if req.Method == http.MethodPost {
			key := req.Header.Get("Idempotency-Key")
			if key == "" && !isAPI(c) && strings.HasPrefix(req.Header.Get(echo.HeaderContentType), echo.MIMEApplicationForm) {
				key = c.FormValue("submission_key")
			}
			if err := data.CheckIdempotencyKey(key); err != nil {
				return err
			}
			ctx = data.WithIdempotencyKey(ctx, me, key)
		}
		c.SetRequest(req.WithContext(ctx))
		return next(c)
	}
}
