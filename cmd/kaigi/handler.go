package main

import (
	"context"
	"net/http"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// newHandler builds the web app on the store.
func newHandler(ctx context.Context, st *data.Store, cfg serveConfig, env map[string]string, io stdio) (http.Handler, error) {
	return server.New(server.Deps{
		Store:         st,
		Logger:        cfg.Logger,
		Now:           st.Now,
		Ping:          func(ctx context.Context) error { return st.DB().PingContext(ctx) },
		SecureCookies: cfg.SecureCookies,
	})
}
