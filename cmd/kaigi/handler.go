package main

import (
	"context"
	"net/http"

	"github.com/kaigi-dev/kaigi/data"
)

// newHandler builds the HTTP handler. Until the web app lands it answers a
// health check and a short page.
func newHandler(ctx context.Context, st *data.Store, cfg serveConfig, env map[string]string, io stdio) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := st.DB().PingContext(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("kaigi is running.\n"))
	})
	return mux, nil
}
