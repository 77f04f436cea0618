package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// The pages an invite or a password-reset link opens, before any login.
// The link's secret is the last path segment; it is hashed before the
// store sees it and never logged (see logPath).

func (a *app) invitePage(c echo.Context) error { return a.linkPage(c, data.LinkInvite) }
func (a *app) resetPage(c echo.Context) error  { return a.linkPage(c, data.LinkReset) }

func (a *app) linkPage(c echo.Context, kind data.LinkKind) error {
	l, err := a.Store.LinkByToken(c.Request().Context(), kind, HashSecret(c.Param("token")))
	if err != nil {
		return err
	}
	return a.showLinkForm(c, http.StatusOK, l, pages.Form{})
}

func (a *app) showLinkForm(c echo.Context, status int, l data.AccountLink, f pages.Form) error {
	t := a.tr(c)
	v := pages.AccountLinkPage{Reset: l.Kind == data.LinkReset, Action: c.Request().URL.Path, CSRF: a.preLoginCSRF(c),
		Email: l.Email, Name: l.Name, Form: f}
	if f.Values != nil && f.Values.Get("name") != "" {
		v.Name = f.Values.Get("name")
	}
	title := t.S("link.invite_title")
	if v.Reset {
		title = t.S("link.reset_title")
	}
	return a.show(c, status, pages.AccountLinkForm(a.layout(c, title, ""), v))
}

func (a *app) inviteAccept(c echo.Context) error { return a.linkAccept(c, data.LinkInvite) }
func (a *app) resetAccept(c echo.Context) error  { return a.linkAccept(c, data.LinkReset) }

// linkAccept uses a link: an invite makes the user, a reset sets their
// password; either way the browser is then logged in.
func (a *app) linkAccept(c echo.Context, kind data.LinkKind) error {
	ctx := c.Request().Context()
	hash := HashSecret(c.Param("token"))
	l, err := a.Store.LinkByToken(ctx, kind, hash)
	if err != nil {
		return err
	}
	again := func(status int, f pages.Form) error { return a.showLinkForm(c, status, l, f) }
	pw := c.FormValue("password")
	if pw != c.FormValue("password2") {
		return a.refused(c, data.Invalid("password2", "the two passwords differ"), again)
	}
	pwHash, err := HashPasswordAt(pw, a.PasswordCost)
	if err != nil {
		return a.refused(c, err, again)
	}
	var p data.Person
	if kind == data.LinkInvite {
		p, err = a.Store.AcceptInvite(ctx, hash, c.FormValue("name"), pwHash)
	} else {
		p, err = a.Store.AcceptReset(ctx, hash, pwHash)
	}
	if err != nil {
		if data.ErrorField(err) == "token" {
			return err // used meanwhile: the error page says so
		}
		return a.refused(c, err, again)
	}
	a.Logger.InfoContext(ctx, "account link used", "kind", kind, "person", p.ID)
	if err := a.startSession(c, p.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/")
}
