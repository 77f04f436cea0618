package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// passwordChange sets the person's own password from the settings page:
// the current password must be right, the new one typed twice. Their other
// browsers are logged out; this one stays.
func (a *app) passwordChange(c echo.Context) error {
	ctx := c.Request().Context()
	me := currentUser(c)
	again := func(status int, f pages.Form) error {
		f.Values = nil // never echo passwords back
		return a.showSettings(c, status, pages.Form{}, nil, false, func(v *pages.Settings) { v.Password = f })
	}
	u, err := a.Store.UserByEmail(ctx, me.Email)
	if err != nil {
		return err
	}
	ip := c.RealIP()
	if !a.limiter.allowed(ip, me.Email) {
		return a.refused(c, data.Errorf(data.ETOOMANY, "too many wrong passwords; wait a few minutes"), again)
	}
	if !passwordMatches(u.PasswordHash, c.FormValue("current_password")) {
		a.limiter.failed(ip, me.Email)
		return a.refused(c, &data.Error{Code: data.EINVALID, Field: "current_password", Message: "the current password is wrong"}, again)
	}
	pw := c.FormValue("password")
	if pw != c.FormValue("password2") {
		return a.refused(c, data.Invalid("password2", "the two passwords differ"), again)
	}
	hash, err := HashPasswordAt(pw, a.PasswordCost)
	if err != nil {
		return a.refused(c, err, again)
	}
	keep, _ := c.Get(ctxSessionKey).(string)
	if err := a.Store.SetPassword(ctx, me.ID, hash, keep); err != nil {
		return a.refused(c, err, again)
	}
	a.Logger.InfoContext(ctx, "password changed", "person", me.ID)
	return c.Redirect(http.StatusSeeOther, "/settings?password=changed#password")
}
