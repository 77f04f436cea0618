package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

type syncView struct {
	Status    SyncStatus
	Conflicts []SyncConflict
	Runs      []SyncRun
}

// syncPage shows the Notion sync's state; routed only when a sync exists.
func (a *app) syncPage(c echo.Context) error {
	ctx := c.Request().Context()
	var v syncView
	var err error
	if v.Status, err = a.Sync.Status(ctx); err != nil {
		return err
	}
	if v.Conflicts, err = a.Sync.Conflicts(ctx); err != nil {
		return err
	}
	if v.Runs, err = a.Sync.Runs(ctx, 20); err != nil {
		return err
	}
	return render(a, c, http.StatusOK, "sync", v)
}

func (a *app) syncRun(c echo.Context) error {
	if err := a.Sync.SyncNow(c.Request().Context()); err != nil {
		return err
	}
	return seeOther(c, "/sync")
}

func (a *app) syncResolve(c echo.Context) error {
	keep := c.FormValue("keep")
	if keep != "local" && keep != "remote" {
		return data.Invalid("keep", "choose which value to keep: local or remote")
	}
	if err := a.Sync.ResolveConflict(c.Request().Context(), c.Param("id"), keep); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("back"), "/sync"))
}
