package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// statusOf is the one place where error codes become HTTP statuses.
func statusOf(code data.Code) int {
	switch code {
	case data.EINVALID:
		return http.StatusUnprocessableEntity
	case data.EBADREQUEST:
		return http.StatusBadRequest
	case data.ENOTFOUND:
		return http.StatusNotFound
	case data.ECONFLICT:
		return http.StatusConflict
	case data.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case data.EFORBIDDEN:
		return http.StatusForbidden
	case data.ETOOMANY:
		return http.StatusTooManyRequests
	case data.EFULL:
		return http.StatusInsufficientStorage
	}
	return http.StatusInternalServerError
}

// codeOfStatus classifies the errors echo itself raises (unknown route,
// body too large, malformed request) with the domain's codes.
func codeOfStatus(status int) data.Code {
	switch {
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		return data.ENOTFOUND
	case status == http.StatusUnauthorized:
		return data.EUNAUTHORIZED
	case status == http.StatusForbidden:
		return data.EFORBIDDEN
	case status == http.StatusTooManyRequests:
		return data.ETOOMANY
	case status >= 400 && status < 500:
		return data.EINVALID
	}
	return data.EINTERNAL
}

// publicError is an error as a client may see it.
type publicError struct {
	Status    int    `json:"-"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// toPublic is err as a client may see it, in t's language.
func (a *app) toPublic(c echo.Context, err error, t *i18n.T) publicError {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code := codeOfStatus(he.Code)
		if code == data.EINTERNAL {
			return a.internal(c, err, t)
		}
		msg := http.StatusText(he.Code)
		if s, ok := he.Message.(string); ok && he.Code != http.StatusNotFound && he.Code != http.StatusRequestEntityTooLarge {
			msg = s
		}
		if id, ok := statusMessages[he.Code]; ok && (t.Lang() != i18n.English || msg == http.StatusText(he.Code)) {
			msg = t.S(id)
		} else {
			msg = translated(t, code, "", msg)
		}
		return publicError{Status: he.Code, Code: string(code), Message: msg}
	}
	code := data.ErrorCode(err)
	if code == data.EINTERNAL {
		return a.internal(c, err, t)
	}
	if code == data.EFULL {
		a.noteDiskFull(c, err)
	}
	field := data.ErrorField(err)
	return publicError{Status: statusOf(code), Code: string(code), Message: translated(t, code, field, data.ErrorMessage(err)), Field: field}
}

// internal logs the detail and returns only a request ID to look it up by.
func (a *app) internal(c echo.Context, err error, t *i18n.T) publicError {
	id := c.Response().Header().Get(echo.HeaderXRequestID)
	a.Logger.ErrorContext(c.Request().Context(), "internal error", "request_id", id,
		"method", c.Request().Method, "path", logPath(c.Request().URL.Path), "err", err)
	return publicError{Status: http.StatusInternalServerError, Code: string(data.EINTERNAL), Message: t.S("error.internal"), RequestID: id}
}

// handleError answers JSON under /api/ (in English: scripts read it) and an
// error page in the person's language everywhere else.
func (a *app) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if a.clientGone(c, err) {
		return
	}
	if isAPI(c) {
		pe := a.toPublic(c, err, a.catalog.For(i18n.English))
		if rerr := c.JSON(pe.Status, map[string]publicError{"error": pe}); rerr != nil {
			a.Logger.Error("write error response", "err", rerr)
		}
		return
	}
	t := a.tr(c)
	pe := a.toPublic(c, err, t)
	if pe.Status == http.StatusUnauthorized {
		if rerr := c.Redirect(http.StatusSeeOther, loginURL(c)); rerr != nil {
			a.Logger.Error("redirect to login", "err", rerr)
		}
		return
	}
	title := errorTitle(t, pe.Status, data.Code(pe.Code))
	page := pages.ErrorPage(a.layout(c, title, ""), pages.Error{Title: title, Message: pe.Message, RequestID: pe.RequestID})
	if rerr := a.show(c, pe.Status, page); rerr != nil {
		a.Logger.Error("render error page", "err", rerr)
		c.String(pe.Status, pe.Message)
	}
}

// isAPI: the JSON API is under /api/v1 (/api/docs is a page about it).
func isAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/v1/")
}

// statusClientClosed is what a request the client abandoned is recorded
// as (nginx's convention); nobody reads it, but it is neither a success
// nor a server error.
const statusClientClosed = 499

// clientGone handles an error that followed the client going away: once the
// request's context is cancelled, whatever failed after it (a query
// interrupted with "context canceled", or SQLite's own "interrupted") is a
// consequence, not an internal error. It is logged at debug level and
// answered 499 with no body. Panics are bugs and are never hidden this way.
func (a *app) clientGone(c echo.Context, err error) bool {
	ctx := c.Request().Context()
	var p *panicError
	if ctx.Err() == nil || errors.As(err, &p) {
		return false
	}
	a.Logger.DebugContext(ctx, "request cancelled by the client", "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
		"method", c.Request().Method, "path", logPath(c.Request().URL.Path), "err", err)
	c.Response().WriteHeader(statusClientClosed)
	return true
}

// panicError is a recovered panic with its stack.
type panicError struct{ msg string }

func (p *panicError) Error() string { return p.msg }

// recoverPanics turns a panic into an internal error with a request ID; the
// stack goes to the log only.
func (a *app) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				err = &panicError{fmt.Sprintf("panic: %v\n%s", r, debug.Stack())}
			}
		}()
		return next(c)
	}
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
