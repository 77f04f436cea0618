package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy allows scripts and styles only from our own files:
// no inline script, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if c.Request().TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// limitBody refuses request bodies over n bytes: at once when the length is
// declared, and while reading otherwise.
func limitBody(n int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.ContentLength > n {
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, n)
			return next(c)
		}
	}
}

// requestID tags each request and its response with an ID that an
// internal error page shows and the log records.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderXRequestID, newRequestID())
		return next(c)
	}
}

// readForm parses a submitted form before any field of it is read, so that
// a body cut off by the size limit (a chunked one has no length to refuse
// up front) is answered 413 and a malformed one 400, instead of looking
// like a form without its CSRF token.
func readForm(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return echo.NewHTTPError(http.StatusBadRequest, "the form could not be read; reload the page and send it again")
	}
	return nil
}
