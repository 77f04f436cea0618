package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// syncPage shows the Notion sync's state; routed only when a sync exists.
func (a *app) syncPage(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := a.Sync.Status(ctx)
	if err != nil {
		return err
	}
	conflicts, err := a.Sync.Conflicts(ctx)
	if err != nil {
		return err
	}
	runs, err := a.Sync.Runs(ctx, 20)
	if err != nil {
		return err
	}
	t := a.tr(c)
	lastRun := t.S("sync.not_yet")
	if !st.LastRun.IsZero() {
		lastRun = a.when(t, st.LastRun)
	}
	v := pages.Sync{Status: t.N("sync.status", st.Pending, i18n.Args{"When": lastRun}), LastError: st.LastError,
		WebhookToken: st.WebhookToken, Conflicts: conflictViews(t, conflicts, 0)}
	for _, p := range st.Problems {
		v.Problems = append(v.Problems, syncProblemView(t, p, a.when(t, p.Since)))
	}
	for _, d := range st.Databases {
		v.Databases = append(v.Databases, pages.SyncDatabase{Name: d.Name, LastFull: a.when(t, d.LastFull)})
	}
	for _, r := range runs {
		v.Runs = append(v.Runs, pages.SyncRun{Started: a.when(t, r.Started), Summary: t.F("sync_run.summary", i18n.Args{
			"Pulled": strconv.Itoa(r.Pulled), "Pushed": strconv.Itoa(r.Pushed), "Created": strconv.Itoa(r.Created),
			"Trashed": strconv.Itoa(r.Trashed), "Conflicts": strconv.Itoa(r.Conflicts), "Problems": strconv.Itoa(r.Problems)}),
			Error: translatedSyncError(t, r.Error)})
	}
	return a.show(c, http.StatusOK, pages.SyncPage(a.layout(c, t.S("nav.sync"), "sync"), v))
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
