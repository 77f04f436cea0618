package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// The admin pages: users (invite, reset password, role, deactivate), API
// tokens and the person list. requireAdmin guards every route.

func (a *app) adminHome(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/admin/users") }

func (a *app) adminUsers(c echo.Context) error {
	return a.showAdminUsers(c, http.StatusOK, pages.AdminUsers{})
}

// showAdminUsers renders the users page over v's form, link and error.
func (a *app) showAdminUsers(c echo.Context, status int, v pages.AdminUsers) error {
	ctx := c.Request().Context()
	t := a.tr(c)
	users, err := a.Store.Accounts(ctx)
	if err != nil {
		return err
	}
	links, err := a.Store.PendingLinks(ctx)
	if err != nil {
		return err
	}
	me := currentUser(c).ID
	v.CSRF = csrfToken(c)
	v.Replica = a.adminReplica(t)
	for _, u := range users {
		row := pages.AdminUser{ID: string(u.Person.ID), Name: u.Person.Name, Email: u.Person.Email, Created: a.when(t, u.CreatedAt),
			LastLogin: a.when(t, u.LastLoginAt), Admin: u.Role == data.RoleAdmin, Active: u.Active(), Self: u.Person.ID == me}
		v.Users = append(v.Users, row)
	}
	now := a.Now()
	for _, l := range links {
		v.Links = append(v.Links, pages.AdminLink{ID: l.ID, Email: l.Email, Name: l.Name, Expires: a.when(t, l.ExpiresAt),
			Reset: l.Kind == data.LinkReset, Expired: !l.ExpiresAt.After(now)})
	}
	role := v.Invite.Get("role")
	v.Roles = []pages.Option{{Value: string(data.RoleMember), Label: t.S("role.member"), Selected: role != string(data.RoleAdmin)},
		{Value: string(data.RoleAdmin), Label: t.S("role.admin"), Selected: role == string(data.RoleAdmin)}}
	return a.show(c, status, pages.AdminUsersPage(a.layout(c, t.S("admin.users"), "admin"), v))
}

// when shows an instant in the server's zone; "" for none.
func (a *app) when(t *i18n.T, at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return t.DateTime(at.In(a.Accounts.Zone))
}

func (a *app) adminInvite(c echo.Context) error {
	secret, hash := NewSecret()
	role, err := data.ParseRole(c.FormValue("role"))
	l := data.AccountLink{TokenHash: hash, Email: c.FormValue("email"), Name: c.FormValue("name"), Role: role,
		CreatedBy: currentUser(c).ID, ExpiresAt: a.Now().Add(a.Accounts.InviteTTL)}
	if err == nil {
		err = a.Store.CreateInvite(c.Request().Context(), &l)
	}
	if err != nil {
		return a.refused(c, err, func(status int, f pages.Form) error {
			return a.showAdminUsers(c, status, pages.AdminUsers{Invite: f})
		})
	}
	a.Logger.InfoContext(c.Request().Context(), "invite made", "link", l.ID, "by", l.CreatedBy)
	return a.showNewLink(c, l, "/invite/"+secret)
}

// showNewLink shows a link that was just made, once.
func (a *app) showNewLink(c echo.Context, l data.AccountLink, path string) error {
	n := &pages.NewLink{For: l.Name + " <" + l.Email + ">", URL: a.absURL(c, path), Expires: a.when(a.tr(c), l.ExpiresAt),
		Reset: l.Kind == data.LinkReset}
	return a.showAdminUsers(c, http.StatusOK, pages.AdminUsers{NewLink: n})
}

func (a *app) adminUserAction(c echo.Context) error {
	ctx := c.Request().Context()
	id := data.PersonID(c.Param("id"))
	var err error
	switch c.Param("action") {
	case "admin":
		err = a.Store.SetRole(ctx, id, data.RoleAdmin)
	case "member":
		err = a.Store.SetRole(ctx, id, data.RoleMember)
	case "deactivate":
		err = a.Store.SetActive(ctx, id, false)
	case "activate":
		err = a.Store.SetActive(ctx, id, true)
	case "reset":
		secret, hash := NewSecret()
		l := data.AccountLink{TokenHash: hash, PersonID: id, CreatedBy: currentUser(c).ID, ExpiresAt: a.Now().Add(a.Accounts.ResetTTL)}
		if err = a.Store.CreateReset(ctx, &l); err == nil {
			a.Logger.InfoContext(ctx, "password reset made", "person", id, "by", l.CreatedBy)
			return a.showNewLink(c, l, "/reset/"+secret)
		}
	default:
		return echo.ErrNotFound
	}
	if err != nil {
		return a.adminRefused(c, err)
	}
	a.Logger.InfoContext(ctx, "user changed", "person", id, "action", c.Param("action"), "by", currentUser(c).ID)
	return c.Redirect(http.StatusSeeOther, "/admin/users#user-"+string(id))
}

// adminRefused shows the users page with why an action on a row was refused.
func (a *app) adminRefused(c echo.Context, err error) error {
	return a.refused(c, err, func(status int, f pages.Form) error {
		return a.showAdminUsers(c, status, pages.AdminUsers{Error: f.Error})
	})
}

func (a *app) adminRotateLink(c echo.Context) error {
	ctx := c.Request().Context()
	links, err := a.Store.PendingLinks(ctx)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.ID != c.Param("id") {
			continue
		}
		secret, hash := NewSecret()
		ttl := a.Accounts.InviteTTL
		path := "/invite/" + secret
		if l.Kind == data.LinkReset {
			ttl, path = a.Accounts.ResetTTL, "/reset/"+secret
		}
		l.ExpiresAt = a.Now().Add(ttl)
		if err := a.Store.RotateLink(ctx, l.ID, hash, l.ExpiresAt); err != nil {
			return a.adminRefused(c, err)
		}
		a.Logger.InfoContext(ctx, "link replaced", "link", l.ID, "by", currentUser(c).ID)
		return a.showNewLink(c, l, path)
	}
	return a.adminRefused(c, data.Errorf(data.ENOTFOUND, "no pending link %s", c.Param("id")))
}

func (a *app) adminRevokeLink(c echo.Context) error {
	if err := a.Store.RevokeLink(c.Request().Context(), c.Param("id")); err != nil {
		return a.adminRefused(c, err)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users")
}
