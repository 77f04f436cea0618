package server

import (
	"log/slog"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// secretPaths are the routes whose next path segment is a secret: invite
// and password-reset links, the first run's setup address, and calendar
// addresses (a calendar app cannot send a header, so its secret is in the
// URL).
var secretPaths = []string{"/invite/", "/reset/", "/feeds/", "/setup/"}

// logPath is a request path as kaigi logs it: the secret segment of a
// secret path becomes "…".
func logPath(p string) string {
	for _, prefix := range secretPaths {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				return prefix + "…" + rest[i:]
			}
			return prefix + "…"
		}
	}
	return p
}

// accessLog records every request (method, path without secrets, status,
// time taken) at info level.
func (a *app) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // write the error response now, so its status is logged
		}
		r := c.Request()
		if a.Logger.Enabled(r.Context(), slog.LevelInfo) {
			a.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
				slog.String("path", logPath(r.URL.Path)), slog.Int("status", c.Response().Status),
				slog.Int64("ms", time.Since(start).Milliseconds()), slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)))
		}
		return nil
	}
}
