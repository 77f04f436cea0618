package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// tasksPageSize is how many tasks the list shows at once; a link leads to
// the next ones.
const tasksPageSize = 100

// tasksPage lists tasks by assignee and state, overdue first.
func (a *app) tasksPage(c echo.Context) error {
	return a.showTasks(c, http.StatusOK, form{})
}

func (a *app) showTasks(c echo.Context, status int, f form) error {
	ctx := c.Request().Context()
	assignee, state := c.QueryParam("assignee"), c.QueryParam("state")
	filter := data.TaskFilter{AssigneeID: data.PersonID(assignee), Page: data.Page{Limit: tasksPageSize + 1, After: c.QueryParam("after")}}
	switch state {
	case "":
		filter.OpenOnly = true
	case "all":
	default:
		filter.State = data.TaskState(state)
	}
	tasks, err := a.Store.Tasks(ctx, filter)
	if err != nil {
		return err
	}
	next := ""
	if len(tasks) > tasksPageSize {
		tasks = tasks[:tasksPageSize]
		next = listURL("/tasks", "assignee", assignee, "state", state, "after", string(tasks[len(tasks)-1].ID))
	}
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return err
	}
	t := a.tr(c)
	l := a.layout(c, t.S("nav.tasks"), "tasks")
	v := pages.Tasks{People: personOptions(people, assignee), Form: f, NextPage: next,
		States: append(append([]pages.Option{{Value: "", Label: t.S("tasks.open")}}, choices(t, taskStateLabels, data.TaskStates, data.TaskState(state))...),
			pages.Option{Value: "all", Label: t.S("tasks.all"), Selected: state == "all"}),
		Rows: taskRowsIn(t, taskRows(tasks, nameIndex(people), a.today(c, "")), l.CSRF, "/tasks")}
	return a.show(c, status, pages.TasksPage(l, v))
}

// taskState changes a task's state inline, from any list that shows it.
func (a *app) taskState(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := a.Store.Task(ctx, data.TaskID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err == nil {
		t.Revision = rev
		t.State = data.TaskState(c.FormValue("state"))
		err = a.Store.UpdateTask(ctx, &t)
	}
	if err != nil {
		f, status, err := failedForm(c, err, string(t.ID))
		if err != nil {
			return err
		}
		return a.showTasks(c, status, f)
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("back"), "/tasks")+"#task-"+string(t.ID))
}

// hitKind names what a search hit is: notes of an agenda, a meeting's
// notes, or a kind of record.
func hitKind(t *i18n.T, e data.Entity) string {
	if e == data.EntityMeeting {
		return t.S("entity.meeting_notes")
	}
	return label(t, entityLabels, e)
}

func (a *app) searchPage(c echo.Context) error {
	t := a.tr(c)
	v := pages.Search{Q: c.QueryParam("q")}
	if v.Q != "" {
		hits, err := a.Store.Search(c.Request().Context(), v.Q, data.SearchFilter{Limit: 50})
		if err != nil {
			return err
		}
		for _, h := range hits {
			hit := pages.Hit{Entity: string(h.Entity), Kind: hitKind(t, h.Entity), URL: hitURL(h), Title: h.Title, Snippet: h.Snippet, MeetingTitle: h.MeetingTitle}
			if h.MeetingID != "" {
				hit.MeetingURL = "/meetings/" + string(h.MeetingID)
			}
			v.Hits = append(v.Hits, hit)
		}
	}
	return a.show(c, http.StatusOK, pages.SearchPage(a.layout(c, t.S("nav.search"), "search"), v))
}
