package main

import (
	"context"
	"net/http"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
	"github.com/kaigi-dev/kaigi/server"
)

// newHandler builds the web app on the store.
func newHandler(ctx context.Context, st *data.Store, cfg serveConfig, env map[string]string, io stdio) (http.Handler, error) {
	sync, notionWebhook := cfg.Notion.forServer()
	renderLADR, err := ladrRenderer(st, env)
	if err != nil {
		return nil, err
	}
	d := server.Deps{
		Store:         st,
		Context:       ctx,
		Logger:        cfg.Logger,
		Now:           st.Now,
		Ping:          st.Ping,
		RenderLADR:    renderLADR,
		SecureCookies: cfg.SecureCookies,
		BaseURL:       env["KAIGI_BASE_URL"],
		SetupToken:    cfg.SetupToken,
		Sync:          sync,
		NotionWebhook: notionWebhook,
		// Without a secret the endpoint answers 503 naming the variable.
		GitHubWebhook: ladr.NewGitHubWebhook(st, env["KAIGI_GITHUB_WEBHOOK_SECRET"], cfg.Logger),
		Catalog:       cfg.UI.catalog,
		Accounts:      server.AccountOptions{MailOn: cfg.UI.mail != nil, SlackOn: cfg.UI.slack != nil, Zone: cfg.UI.zone},
	}
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
func ladrRenderer(st *data.Store, env map[string]string) (func(ctx context.Context, l data.LADR) ([]byte, string, error), error) {
	r, err := ladr.NewRenderer(env["KAIGI_LADR_TEMPLATE"])
	if err != nil {
		return nil, err
	}
	layout := ladr.Layout{Dir: envOr(env, "KAIGI_LADR_DIR", ladr.DefaultDir), Pattern: envOr(env, "KAIGI_LADR_PATTERN", ladr.DefaultPattern)}
	if err := ladr.CheckPattern(layout.Pattern); err != nil {
		return nil, err
	}
	baseURL := env["KAIGI_BASE_URL"] // PRBody falls back to ladr.DefaultBaseURL
	return func(ctx context.Context, l data.LADR) ([]byte, string, error) {
		links, err := ladr.LinksFor(ctx, st, l)
		if err != nil {
			return nil, "", err
		}
		doc, name, err := ladr.RenderFile(ctx, st, layout.Dir, l.ID, ladr.ExportOptions{Renderer: r, Naming: layout.Naming()})
		if err != nil {
			return nil, "", err
		}
		return doc, ladr.PRBody(l, links, name, baseURL), nil
	}, nil
}
