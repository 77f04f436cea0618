package server

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

// AccountOptions configure invites, password resets and the settings
// page's reminder choices.
type AccountOptions struct {
	InviteTTL time.Duration // how long an invite link works; default 7 days
	ResetTTL  time.Duration // how long a password-reset link works; default 24 hours
	// MailOn and SlackOn say whether the server can send digests by mail
	// (KAIGI_SMTP_ADDR) and to the team's webhook (KAIGI_SLACK_WEBHOOK_URL);
	// the settings page offers only those.
	MailOn, SlackOn bool
	// Zone is the server's time zone, which a person without one of their
	// own has; UTC when nil.
	Zone *time.Location
}

func (o AccountOptions) withDefaults() AccountOptions {
	if o.InviteTTL <= 0 {
		o.InviteTTL = 7 * 24 * time.Hour
	}
	if o.ResetTTL <= 0 {
		o.ResetTTL = 24 * time.Hour
	}
	if o.Zone == nil {
		o.Zone = time.UTC
	}
	return o
}

// accountStore is what the settings, admin, link and feed pages need.
type accountStore interface {
	Account(ctx context.Context, id data.PersonID) (data.Account, error)
	Accounts(ctx context.Context) ([]data.Account, error)
	SetRole(ctx context.Context, id data.PersonID, role data.Role) error
	SetActive(ctx context.Context, id data.PersonID, active bool) error
	UpdateSettings(ctx context.Context, id data.PersonID, st data.Settings) error
	Digests(ctx context.Context, id data.PersonID, limit int) ([]data.DigestRecord, error)

	CreateInvite(ctx context.Context, l *data.AccountLink) error
	CreateReset(ctx context.Context, l *data.AccountLink) error
	RotateLink(ctx context.Context, id, tokenHash string, expires time.Time) error
	RevokeLink(ctx context.Context, id string) error
	PendingLinks(ctx context.Context) ([]data.AccountLink, error)
	LinkByToken(ctx context.Context, kind data.LinkKind, tokenHash string) (data.AccountLink, error)
	AcceptInvite(ctx context.Context, tokenHash, name, passwordHash string) (data.Person, error)
	AcceptReset(ctx context.Context, tokenHash, passwordHash string) (data.Person, error)

	CreateAPIToken(ctx context.Context, email, name, hash string) (data.APIToken, error)
	APITokens(ctx context.Context) ([]data.APITokenRow, error)
	RevokeAPIToken(ctx context.Context, id string) error

	People(ctx context.Context) ([]data.Person, error)
	Person(ctx context.Context, id data.PersonID) (data.Person, error)
	CreatePerson(ctx context.Context, p *data.Person) error
	UpdatePerson(ctx context.Context, p *data.Person) error

	RotateFeedToken(ctx context.Context, id data.PersonID, tokenHash string) error
	DeleteFeedToken(ctx context.Context, id data.PersonID) error
	FeedTokenOf(ctx context.Context, id data.PersonID) (data.FeedToken, bool, error)
	AccountByFeedToken(ctx context.Context, tokenHash string) (data.Account, error)
}

// accountRoutes mounts the pages of issue 14: links that work before
// login, calendar feeds (their secret is in the URL), the settings page
// and, for admins only, the admin pages.
func (a *app) accountRoutes(e *echo.Echo, g *echo.Group) {
	e.GET("/invite/:token", a.invitePage)
	e.POST("/invite/:token", a.inviteAccept, a.loginCSRF)
	e.GET("/reset/:token", a.resetPage)
	e.POST("/reset/:token", a.resetAccept, a.loginCSRF)
	e.GET("/feeds/:token/tasks.ics", a.tasksFeed)
	e.GET("/feeds/:token/series/:file", a.seriesFeed)

	g.GET("/settings", a.settingsPage)
	g.POST("/settings", a.settingsSave)
	g.POST("/settings/password", a.passwordChange)
	g.POST("/settings/calendar", a.calendarRotate)
	g.POST("/series/:id/calendar", a.seriesCalendar)
	g.POST("/settings/calendar/off", a.calendarOff)

	adm := g.Group("/admin", a.requireAdmin)
	adm.GET("", a.adminHome)
	adm.GET("/users", a.adminUsers)
	adm.POST("/invites", a.adminInvite)
	adm.POST("/users/:id/:action", a.adminUserAction)
	adm.POST("/links/:id/rotate", a.adminRotateLink)
	adm.POST("/links/:id/revoke", a.adminRevokeLink)
	adm.GET("/tokens", a.adminTokens)
	adm.POST("/tokens", a.adminCreateToken)
	adm.POST("/tokens/:id/revoke", a.adminRevokeToken)
	adm.GET("/people", a.adminPeople)
	adm.POST("/people", a.adminCreatePerson)
	adm.POST("/people/:id", a.adminUpdatePerson)
}

// requireAdmin answers "page not found" to everyone but an admin's browser
// session, so that nobody else learns the admin pages exist. API tokens,
// an admin's too, cannot manage users or tokens.
func (a *app) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !isAdmin(c) {
			return echo.ErrNotFound
		}
		return next(c)
	}
}

// absURL is a path on kaigi's public address: KAIGI_BASE_URL when set,
// else the address the request came to.
func (a *app) absURL(c echo.Context, path string) string {
	if a.baseURL != nil {
		return a.baseURL.Scheme + "://" + a.baseURL.Host + path
	}
	scheme := "http"
	if c.Request().TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request().Host + path
}
