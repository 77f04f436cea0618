package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

type tasksView struct {
	Assignee string
	State    string
	People   []option
	States   []data.TaskState
	Rows     []taskRow
	Form     form
}

// tasksPage lists tasks by assignee and state, overdue first.
func (a *app) tasksPage(c echo.Context) error {
	return a.showTasks(c, http.StatusOK, form{})
}

func (a *app) showTasks(c echo.Context, status int, f form) error {
	ctx := c.Request().Context()
	v := tasksView{Assignee: c.QueryParam("assignee"), State: c.QueryParam("state"), States: data.TaskStates, Form: f}
	filter := data.TaskFilter{AssigneeID: data.PersonID(v.Assignee), Page: data.Page{Limit: 200}}
	switch v.State {
	case "":
		filter.OpenOnly = true
	case "all":
	default:
		filter.State = data.TaskState(v.State)
	}
	tasks, err := a.Store.Tasks(ctx, filter)
	if err != nil {
		return err
	}
	people, err := a.Store.People(ctx)
	if err != nil {
		return err
	}
	v.People = personOptions(people, v.Assignee)
	v.Rows = taskRows(tasks, nameIndex(people), data.DateOf(a.Now()))
	return render(a, c, status, "tasks", v)
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

type searchView struct {
	Q    string
	Hits []data.SearchHit
}

func (a *app) searchPage(c echo.Context) error {
	v := searchView{Q: c.QueryParam("q")}
	var err error
	if v.Q != "" {
		if v.Hits, err = a.Store.Search(c.Request().Context(), v.Q, data.SearchFilter{Limit: 50}); err != nil {
			return err
		}
	}
	return render(a, c, http.StatusOK, "search", v)
}
