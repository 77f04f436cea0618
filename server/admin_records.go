package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// The admin pages for API tokens and the person list.

func (a *app) adminTokens(c echo.Context) error {
	return a.showAdminTokens(c, http.StatusOK, pages.AdminTokens{})
}

func (a *app) showAdminTokens(c echo.Context, status int, v pages.AdminTokens) error {
	ctx := c.Request().Context()
	t := a.tr(c)
	tokens, err := a.Store.APITokens(ctx)
	if err != nil {
		return err
	}
	users, err := a.Store.Accounts(ctx)
	if err != nil {
		return err
	}
	v.CSRF = csrfToken(c)
	for _, k := range tokens {
		row := pages.AdminToken{ID: k.ID, Name: k.Name, Owner: k.Owner, Created: a.when(t, k.CreatedAt), LastUsed: a.when(t, k.LastUsedAt)}
		if !k.RevokedAt.IsZero() {
			row.Revoked = t.F("admin.revoked_on", i18n.Args{"Date": a.when(t, k.RevokedAt)})
		}
		v.Tokens = append(v.Tokens, row)
	}
	chosen := v.Form.Get("email")
	for _, u := range users {
		if u.Active() {
			v.Users = append(v.Users, pages.Option{Value: u.Person.Email, Label: u.Person.Name + " <" + u.Person.Email + ">",
				Selected: u.Person.Email == chosen})
		}
	}
	return a.show(c, status, pages.AdminTokensPage(a.layout(c, t.S("admin.tokens"), "admin"), v))
}

func (a *app) adminCreateToken(c echo.Context) error {
	ctx := c.Request().Context()
	secret, hash := NewSecret()
	tok, err := a.Store.CreateAPIToken(ctx, c.FormValue("email"), c.FormValue("name"), hash)
	if err != nil {
		return a.refused(c, err, func(status int, f pages.Form) error {
			return a.showAdminTokens(c, status, pages.AdminTokens{Form: f})
		})
	}
	a.Logger.InfoContext(ctx, "API token made", "token", tok.ID, "for", tok.PersonID, "by", currentUser(c).ID)
	return a.showAdminTokens(c, http.StatusOK, pages.AdminTokens{NewToken: secret, NewName: tok.Name})
}

func (a *app) adminRevokeToken(c echo.Context) error {
	ctx := c.Request().Context()
	if err := a.Store.RevokeAPIToken(ctx, c.Param("id")); err != nil {
		return err
	}
	a.Logger.InfoContext(ctx, "API token revoked", "token", c.Param("id"), "by", currentUser(c).ID)
	return c.Redirect(http.StatusSeeOther, "/admin/tokens")
}

func (a *app) adminPeople(c echo.Context) error {
	return a.showAdminPeople(c, http.StatusOK, pages.Form{})
}

func (a *app) showAdminPeople(c echo.Context, status int, f pages.Form) error {
	ctx := c.Request().Context()
	people, err := a.Store.People(ctx)
	if err != nil {
		return err
	}
	users, err := a.Store.Accounts(ctx)
	if err != nil {
		return err
	}
	roles := map[data.PersonID]data.Role{}
	for _, u := range users {
		roles[u.Person.ID] = u.Role
	}
	v := pages.AdminPeople{CSRF: csrfToken(c), Form: f}
	for _, p := range people {
		role, user := roles[p.ID]
		row := pages.AdminPerson{ID: string(p.ID), Name: p.Name, Email: p.Email,
			Revision: strconv.FormatInt(p.Revision, 10), User: user, Admin: role == data.RoleAdmin}
		if f.For == row.ID { // the row whose save failed keeps what was typed
			row.Name, row.Email = f.Get("name"), f.Get("email")
		}
		v.People = append(v.People, row)
	}
	return a.show(c, status, pages.AdminPeoplePage(a.layout(c, a.tr(c).S("admin.people"), "admin"), v))
}

func (a *app) adminCreatePerson(c echo.Context) error {
	p := data.Person{Name: c.FormValue("name"), Email: c.FormValue("email")}
	if err := a.Store.CreatePerson(c.Request().Context(), &p); err != nil {
		return a.refused(c, err, func(status int, f pages.Form) error {
			f.For = "new"
			return a.showAdminPeople(c, status, f)
		})
	}
	return c.Redirect(http.StatusSeeOther, "/admin/people#person-"+string(p.ID))
}

func (a *app) adminUpdatePerson(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := a.Store.Person(ctx, data.PersonID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	if err != nil {
		rev = -1
	}
	p.Name, p.Email, p.Revision = c.FormValue("name"), c.FormValue("email"), rev
	if err := a.Store.UpdatePerson(ctx, &p); err != nil {
		return a.refused(c, err, func(status int, f pages.Form) error {
			f.For = string(p.ID)
			return a.showAdminPeople(c, status, f)
		})
	}
	return c.Redirect(http.StatusSeeOther, "/admin/people#person-"+string(p.ID))
}
