// Package server is kaigi's web app: server-rendered pages, the JSON API
// under /api/v1, and the webhook endpoints, on echo.
package server

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/live"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// Deps is what the web app is built from. Store is required; the rest have
// working defaults or are optional.
type Deps struct {
	Store  Store
	Logger *slog.Logger
	Now    func() time.Time
	// Ping reports whether the database answers (for /healthz).
	Ping func(ctx context.Context) error
	// Writable reports why the database cannot take writes, or nil (for
	// /healthz: read-only file, full disk, file replaced).
	Writable func(ctx context.Context) error
	// Sync is nil until a Notion sync is configured.
	Sync Sync
	// Replication reports the continuous replica (for /healthz and the
	// admin page); nil when no replica is configured.
	Replication func() ReplicationStatus
	// Webhooks are mounted without session or CSRF checks when non-nil;
	// they verify their own signatures.
	GitHubWebhook http.Handler
	GitLabWebhook http.Handler
	NotionWebhook http.Handler
	// RenderLADR turns an LADR into its Markdown file and pull-request
	// body; when set, the detail page shows the file and offers the body.
	RenderLADR func(ctx context.Context, l data.LADR) (doc []byte, prBody string, err error)
	// LADRNumber is the number a new LADR takes: the decision folder's
	// next (issue 20); nil or 0 lets the store number it.
	LADRNumber func(ctx context.Context) (int, error)
	// SecureCookies marks cookies Secure even on plain HTTP, for servers
	// behind a TLS-terminating proxy. Requests over TLS always get them.
	SecureCookies bool
	// NoPageCache renders every page view (benchmarks of the render path).
	NoPageCache bool
	SessionTTL  time.Duration // default 14 days
	BodyLimit   int64         // bytes; default 1 MiB
	LoginLimit  LoginLimit

	// BaseURL is kaigi's public address (KAIGI_BASE_URL), the one origin
	// state-changing browser requests may come from; when empty, the host
	// each request was sent to.
	BaseURL string

	// SetupToken is the secret of the one-time setup address /setup/TOKEN
	// that creates the first admin on an empty database; empty: no setup
	// address.
	SetupToken string

	// PasswordCost is the bcrypt cost of passwords set on the web (invites,
	// resets); 0 is bcrypt.DefaultCost. Tests use bcrypt.MinCost: hashing
	// at the default cost was 70% of the server tests' CPU.
	PasswordCost int

	// Catalog is the UI's languages; nil loads them with English as the
	// default (KAIGI_LANG picks another).
	Catalog *i18n.Catalog
	// Accounts configures invites, resets and the settings page.
	Accounts AccountOptions

	// Context is the server's life: when it ends, the live meeting pages'
	// event streams end, so that a graceful shutdown does not wait for
	// them. Nil is a server that stops only by its echo's Shutdown.
	Context context.Context
	// MinutesPoster posts a held meeting's minutes to the team's webhook
	// for series that ask for it; nil without KAIGI_SLACK_WEBHOOK_URL.
	MinutesPoster MinutesPoster
	// Metrics, when its Registry and Token are set, counts requests and
	// serves /metrics in Prometheus text format to a scraper with the token.
	Metrics Metrics
	// Background runs work that must not hold up a response (posting
	// minutes) and the live pages' poller, under the job's name; default: a
	// new goroutine. kaigi serve passes its job runner (internal/jobs),
	// which survives a panic and is waited for at shutdown.
	Background func(job string, fn func())
}

// LoginLimit throttles failed logins per client IP and per username.
type LoginLimit struct {
	Failures int           // failures allowed within Window; default 5
	Window   time.Duration // default 15 minutes
}

// app holds the dependencies every handler shares.
type app struct {
	Deps
	limiter *loginLimiter
	static  *staticAssets
	zones   zones
	pages   pageCache
	assets  pages.Assets
	buffers sync.Pool // *bytes.Buffer for rendering pages
	baseURL *url.URL  // parsed BaseURL, nil when unset
	catalog *i18n.Catalog
	live    *live.Broker  // the live meeting pages' events
	apiDocs pages.APIDocs // the API reference page, read from openapi.yaml
	// diskFull throttles the log of writes refused for a full disk.
	diskFull throttledLog
}

// New builds the web app.
func New(d Deps) (*echo.Echo, error) {
	if d.Store == nil {
		return nil, errors.New("server: a store is required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Background == nil {
		d.Background = func(_ string, f func()) { go f() }
	}
	if d.SessionTTL <= 0 {
		d.SessionTTL = 14 * 24 * time.Hour
	}
	if d.BodyLimit <= 0 {
		d.BodyLimit = 1 << 20
	}
	if d.LoginLimit.Failures <= 0 {
		d.LoginLimit.Failures = 5
	}
	if d.LoginLimit.Window <= 0 {
		d.LoginLimit.Window = 15 * time.Minute
	}
	static, err := loadAssets()
	if err != nil {
		return nil, err
	}
	base, err := parseBaseURL(d.BaseURL)
	if err != nil {
		return nil, err
	}
	apiDocs, err := loadAPIDocs()
	if err != nil {
		return nil, err
	}
	if d.Catalog == nil {
		if d.Catalog, err = i18n.Load(i18n.English); err != nil {
			return nil, err
		}
	}
	d.Accounts = d.Accounts.withDefaults()
	a := &app{Deps: d, limiter: newLoginLimiter(d.LoginLimit, d.Now), static: static, assets: static.urls(), baseURL: base,
		catalog: d.Catalog, live: newBroker(d), apiDocs: apiDocs}
	a.buffers.New = func() any { return new(bytes.Buffer) }

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// The client address is the TCP peer: X-Forwarded-For and X-Real-IP are
	// client-controlled and would let anyone dodge the login limit.
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = a.handleError
	if d.Metrics.Registry != nil && d.Metrics.Token != "" {
		e.Use(countRequests(d.Metrics.Registry))
	}
	e.Use(requestID, a.accessLog, a.recoverPanics, securityHeaders, limitBody(d.BodyLimit), a.nudgeLive)
	e.Server.RegisterOnShutdown(a.live.Close)
	if d.Context != nil {
		context.AfterFunc(d.Context, a.live.Close)
	}
	a.routes(e)
	return e, nil
}

func (a *app) routes(e *echo.Echo) {
	e.GET("/healthz", a.health)
	if a.Metrics.Registry != nil && a.Metrics.Token != "" {
		e.GET("/metrics", metricsHandler(a.Metrics))
	}
	e.GET("/static/*", a.static.serve)
	e.GET("/login", a.loginPage)
	e.POST("/login", a.login, a.loginCSRF)
	e.GET("/setup/:token", a.setupPage)
	e.POST("/setup/:token", a.setupAccept, a.loginCSRF)
	if a.GitHubWebhook != nil {
		e.POST("/webhooks/github", echo.WrapHandler(a.GitHubWebhook))
	}
	if a.GitLabWebhook != nil {
		e.POST("/webhooks/gitlab", echo.WrapHandler(a.GitLabWebhook))
	}
	if a.NotionWebhook != nil {
		e.POST("/webhooks/notion", echo.WrapHandler(a.NotionWebhook))
	}

	g := e.Group("", a.authenticate, a.language, a.checkCSRF, a.submission)
	a.accountRoutes(e, g)
	g.POST("/logout", a.logout)
	g.GET("/", a.home)
	g.GET("/search", a.searchPage)

	g.GET("/series", a.seriesList)
	g.POST("/series", a.seriesCreate)
	g.GET("/series/:id", a.seriesPage)
	g.POST("/series/:id", a.seriesUpdate)
	g.POST("/series/:id/next", a.seriesNextMeeting)
	g.POST("/backlog", a.backlogPropose)
	g.POST("/series/:id/meetings", a.seriesAddMeeting)

	g.GET("/meetings/:id", a.meetingPage)
	g.GET("/meetings/:id/events", a.meetingEvents)
	g.POST("/meetings/:id", a.meetingUpdate)
	g.POST("/meetings/:id/next", a.meetingOpenNext)
	g.GET("/meetings/:id/next", a.meetingConfirmNext)
	g.POST("/meetings/:id/held", a.meetingSetState(data.MeetingHeld))
	g.POST("/meetings/:id/reopen", a.meetingSetState(data.MeetingPlanned))
	g.POST("/meetings/:id/time", a.meetingMove)
	g.POST("/meetings/:id/skip", a.meetingSkip)
	g.POST("/meetings/:id/attendance", a.meetingAttendance)
	g.POST("/meetings/:id/agendas", a.meetingAddAgenda)
	g.POST("/meetings/:id/agendas/:agenda/notes", a.meetingSaveNotes)
	g.POST("/meetings/:id/agendas/:agenda/state", a.meetingAgendaState)
	g.POST("/meetings/:id/agendas/:agenda/move", a.meetingMoveAgenda)
	g.POST("/meetings/:id/sort", a.meetingSortByPriority)
	g.POST("/meetings/:id/order", a.meetingOrder)
	g.POST("/meetings/:id/decisions", a.meetingAddDecision)
	g.POST("/meetings/:id/tasks", a.meetingAddTask)
	a.minutesRoutes(g)

	g.GET("/agendas/:id", a.agendaPage)
	g.POST("/agendas/:id", a.agendaUpdate)

	g.GET("/decisions", a.decisionsPage)
	g.GET("/decisions/:id", a.decisionPage)
	g.POST("/decisions/:id", a.decisionEdit)
	g.POST("/decisions/:id/state", a.decisionUpdate)

	g.GET("/tasks", a.tasksPage)
	g.GET("/tasks/:id", a.taskPage)
	g.POST("/tasks/:id", a.taskUpdate)
	g.POST("/tasks/:id/state", a.taskState)

	g.GET("/ladrs", a.ladrList)
	g.GET("/ladrs/new", a.ladrNew)
	g.POST("/ladrs", a.ladrCreate)
	g.POST("/ladrs/new", a.ladrCreate)
	g.GET("/ladrs/:id", a.ladrPage)
	g.GET("/ladrs/:id/edit", a.ladrEdit)
	g.POST("/ladrs/:id", a.ladrUpdate)
	g.POST("/ladrs/:id/edit", a.ladrUpdate)
	g.POST("/ladrs/:id/state", a.ladrState)

	g.GET("/trash", a.trashPage)
	for _, k := range trashKinds {
		g.POST("/"+k.path+"/:id/trash", a.moveToTrash(k))
		g.POST("/trash/"+k.path+"/:id/restore", a.restoreFromTrash(k))
	}
	a.formFallbacks(g)

	if a.Sync != nil {
		g.GET("/sync", a.syncPage)
		g.POST("/sync/run", a.syncRun)
		g.POST("/sync/conflicts/:id", a.syncResolve)
	}

	g.GET("/api/docs", a.apiDocsPage)
	a.apiRoutes(g.Group("/api/v1"))
}
