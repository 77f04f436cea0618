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
	return server.New(server.Deps{
		Store:         st,
		Logger:        cfg.Logger,
		Now:           st.Now,
		Ping:          func(ctx context.Context) error { return st.DB().PingContext(ctx) },
		RenderLADR:    ladrRenderer(st, env["KAIGI_BASE_URL"]),
		SecureCookies: cfg.SecureCookies,
		Sync:          sync,
		NotionWebhook: notionWebhook,
	})
}

// ladrRenderer shows an LADR as the file and pull-request body the ladr
// package writes, so the page and the PR say the same thing.
func ladrRenderer(st *data.Store, baseURL string) func(ctx context.Context, l data.LADR) ([]byte, string, error) {
	return func(ctx context.Context, l data.LADR) ([]byte, string, error) {
		links, err := ladr.LinksFor(ctx, st, l)
		if err != nil {
			return nil, "", err
		}
		doc, err := ladr.Render(l, links)
		if err != nil {
			return nil, "", err
		}
		return doc, ladr.PRBody(l, links, ladr.Layout{}.Path(l.Number, l.Slug), baseURL), nil
	}
}
