package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
	"github.com/kaigi-dev/kaigi/server"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// newHandler builds the web app on the store.
func newHandler(ctx context.Context, st *data.Store, cfg serveConfig, env map[string]string, io stdio) (http.Handler, error) {
	sync, notionWebhook := cfg.Notion.forServer()
	renderLADR, err := ladrRenderer(st, env, cfg.UI.text())
	if err != nil {
		return nil, err
	}
	d := server.Deps{
		Store:         st,
		Context:       ctx,
		Logger:        cfg.Logger,
		Now:           st.Now,
		Ping:          st.Ping,
		Writable:      st.Writable,
		RenderLADR:    renderLADR,
		LADRNumber:    ladrNumber(st, env, cfg.Logger),
		SecureCookies: cfg.SecureCookies,
		BaseURL:       env["KAIGI_BASE_URL"],
		SetupToken:    cfg.SetupToken,
		Sync:          sync,
		Replication:   replicationStatus(cfg.replicator),
		NotionWebhook: notionWebhook,
		Catalog:       cfg.UI.catalog,
		Metrics:       newMetrics(env, cfg),
		Accounts:      server.AccountOptions{MailOn: cfg.UI.mail != nil, SlackOn: cfg.UI.slack != nil, Zone: cfg.UI.zone},
	}
	follower, err := prFollower(ctx, st, env, cfg.UI.text(), cfg.Logger)
	if err != nil {
		return nil, err
	}
	// Without a secret each endpoint answers 503 naming its variable.
	d.GitHubWebhook = ladr.NewGitHubWebhook(follower, env["KAIGI_GITHUB_WEBHOOK_SECRET"])
	d.GitLabWebhook = ladr.NewGitLabWebhook(follower, env["KAIGI_GITLAB_WEBHOOK_TOKEN"])
	if cfg.background != nil {
		d.Background = cfg.background.Go
	}
	if cfg.UI.slack != nil {
		d.MinutesPoster = cfg.UI.slack
	}
	return server.New(d)
}

// ladrRenderer shows an LADR as the file and pull-request body that
// `kaigi ladr export` and `kaigi ladr pr` write (the folder's convention,
// the team's template and file pattern included), so the page and the
// file say the same thing.
func ladrRenderer(st *data.Store, env map[string]string, text *i18n.T) (func(ctx context.Context, l data.LADR) ([]byte, string, error), error) {
	r, err := ladr.NewRenderer(env["KAIGI_LADR_TEMPLATE"], text.Lang())
	if err != nil {
		return nil, err
	}
	layout := ladr.Layout{Dir: envOr(env, "KAIGI_LADR_DIR", ladr.DefaultDir), Pattern: envOr(env, "KAIGI_LADR_PATTERN", ladr.DefaultPattern)}
	if err := ladr.CheckPattern(layout.Pattern); err != nil {
		return nil, err
	}
	baseURL := env["KAIGI_BASE_URL"] // unset: the PR body has no kaigi links
	return func(ctx context.Context, l data.LADR) ([]byte, string, error) {
		links, err := ladr.LinksFor(ctx, st, l)
		if err != nil {
			return nil, "", err
		}
		doc, name, err := ladr.RenderFile(ctx, st, layout.Dir, l.ID, ladr.ExportOptions{Renderer: r, Naming: layout.Naming()})
		if err != nil {
			return nil, "", err
		}
		return doc, ladr.PRBody(text, l, links, name, baseURL, ladr.NumberWidth(name)), nil
	}, nil
}

// ladrNumber gives a record made in the web app the decision folder's next
// number (KAIGI_LADR_DIR), as `kaigi ladr new` does, so that its file
// does not take a number the folder already uses.
func ladrNumber(st *data.Store, env map[string]string, log *slog.Logger) func(ctx context.Context) (int, error) {
	dir := envOr(env, "KAIGI_LADR_DIR", ladr.DefaultDir)
	return func(ctx context.Context) (int, error) {
		n, note, err := ladr.NumberForNew(ctx, st, dir)
		if note != "" {
			log.InfoContext(ctx, "LADR number", "note", note)
		}
		return n, err
	}
}
