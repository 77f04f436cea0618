package server

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// The first run in the browser: on an empty database `kaigi serve` makes a
// random setup secret and prints /setup/<secret>; that page creates the
// first admin and logs the browser in. The secret lives only in the
// server's memory and the terminal, and the address refuses as soon as any
// user exists (the store checks in the creating transaction), so it works
// once.

// setupAllowed reports whether token is the server's setup secret.
func (a *app) setupAllowed(token string) bool {
	return a.SetupToken != "" && subtle.ConstantTimeCompare([]byte(token), []byte(a.SetupToken)) == 1
}

// setupCheck refuses a wrong secret, or any secret once a user exists,
// with the same answer, so a guesser learns nothing.
func (a *app) setupCheck(c echo.Context) error {
	if !a.setupAllowed(c.Param("token")) {
		return data.ErrSetupDone()
	}
	ok, err := a.Store.HasUsers(c.Request().Context())
	if err != nil {
		return err
	}
	if ok {
		return data.ErrSetupDone()
	}
	return nil
}

func (a *app) setupPage(c echo.Context) error {
	if err := a.setupCheck(c); err != nil {
		return err
	}
	return a.showSetup(c, http.StatusOK, pages.Form{})
}

func (a *app) showSetup(c echo.Context, status int, f pages.Form) error {
	t := a.tr(c)
	v := pages.Setup{Action: c.Request().URL.Path, CSRF: a.preLoginCSRF(c), Form: f}
	if f.Values != nil {
		v.Name, v.Email = f.Values.Get("name"), f.Values.Get("email")
	}
	return a.show(c, status, pages.SetupPage(a.layout(c, t.S("first_run.title"), ""), v))
}

// setupAccept creates the first admin and logs the browser in.
func (a *app) setupAccept(c echo.Context) error {
	if err := a.setupCheck(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	again := func(status int, f pages.Form) error { return a.showSetup(c, status, f) }
	pw := c.FormValue("password")
	if pw != c.FormValue("password2") {
		return a.refused(c, data.Invalid("password2", "the two passwords differ"), again)
	}
	hash, err := HashPasswordAt(pw, a.PasswordCost)
	if err != nil {
		return a.refused(c, err, again)
	}
	p := data.Person{Name: strings.TrimSpace(c.FormValue("name")), Email: strings.TrimSpace(c.FormValue("email"))}
	if err := a.Store.CreateFirstAdmin(ctx, &p, hash); err != nil {
		if data.ErrorField(err) == "setup" {
			return err // someone else was first: the error page says so
		}
		return a.refused(c, err, again)
	}
	a.Logger.InfoContext(ctx, "first admin created", "person", p.ID)
	if err := a.startSession(c, p.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/")
}
