package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// views are the page templates, parsed once at start: each page is the
// shared layout and partials plus its own file.
type views struct {
	pages map[string]*template.Template
}

func parseViews() (*views, error) {
	base, err := template.New("").Funcs(templateFuncs()).ParseFS(templates.Web, "html/shared/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	files, err := fs.Glob(templates.Web, "html/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: make(map[string]*template.Template, len(files))}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(templates.Web, f); err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		v.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return v, nil
}

// page is what every template gets: the shared bits of the layout and the
// page's own typed view model in V.
type page[T any] struct {
	User   data.Person
	CSRF   string
	Nav    string
	SyncOn bool
	V      T
}

// render writes a full page. It renders into a buffer first, so that a
// template failure becomes a clean internal error instead of half a page.
func render[T any](a *app, c echo.Context, status int, name string, v T) error {
	t, ok := a.views.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	p := page[T]{User: currentUser(c), CSRF: csrfToken(c), Nav: navOf(name), SyncOn: a.Sync != nil, V: v}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

func navOf(name string) string {
	switch {
	case strings.HasPrefix(name, "series"), name == "meeting", name == "agenda":
		return "series"
	case strings.HasPrefix(name, "ladr"):
		return "ladrs"
	}
	return name
}

// seeOther redirects after a successful form post.
func seeOther(c echo.Context, format string, args ...any) error {
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf(format, args...))
}

// layout is the shared part of every page for this request.
func (a *app) layout(c echo.Context, title, nav string) pages.Layout {
	u := currentUser(c)
	return pages.Layout{Title: title, User: u.Name, LoggedIn: u.ID != "", CSRF: csrfToken(c), Nav: nav,
		SyncOn: a.Sync != nil, Assets: a.assets}
}

// show writes a page. It renders into a buffer first, so that a failure
// becomes a clean internal error instead of half a page.
func (a *app) show(c echo.Context, status int, page templ.Component) error {
	buf := a.buffers.Get().(*bytes.Buffer)
	defer a.buffers.Put(buf)
	buf.Reset()
	if err := page.Render(c.Request().Context(), buf); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}
