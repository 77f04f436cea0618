package server

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// layout is the shared part of every page for this request.
func (a *app) layout(c echo.Context, title, nav string) pages.Layout {
	u := currentUser(c)
	return pages.Layout{Lang: string(a.tr(c).Lang()), Admin: isAdmin(c), Title: title, User: u.Name, LoggedIn: u.ID != "",
		CSRF: csrfToken(c), Nav: nav, SyncOn: a.Sync != nil, Assets: a.assets}
}

// show writes a page in the request's language. It renders into a buffer
// first, so that a failure becomes a clean internal error instead of half
// a page.
func (a *app) show(c echo.Context, status int, page templ.Component) error {
	return a.showCached(c, status, page, nil)
}

// showCached is show that also hands the rendered page to keep (for the
// page cache) when keep is not nil.
func (a *app) showCached(c echo.Context, status int, page templ.Component, keep func(body []byte)) error {
	buf := a.buffers.Get().(*bytes.Buffer)
	defer a.buffers.Put(buf)
	buf.Reset()
	if err := page.Render(i18n.NewContext(c.Request().Context(), a.tr(c)), buf); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	if keep != nil {
		keep(buf.Bytes())
	}
	return writePage(c, status, buf.Bytes())
}

func writePage(c echo.Context, status int, body []byte) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}

// seeOther redirects after a successful form post.
func seeOther(c echo.Context, format string, args ...any) error {
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf(format, args...))
}
