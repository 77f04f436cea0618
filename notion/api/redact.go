package api

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// Text that comes from Notion (error messages, page titles) may carry the
// token: a person can paste it into a page, and an error may echo a header.
// It is scrubbed before kaigi logs, prints or stores it.

// Redact replaces every occurrence of the secret in s by the token's
// printable form (its last four characters).
func (t Token) Redact(s string) string {
	if len(t.secret) < 8 || !strings.Contains(s, t.secret) {
		return s
	}
	return strings.ReplaceAll(s, t.secret, t.String())
}

// Redact scrubs the client's token from text that came from Notion.
func (c *Client) Redact(s string) string { return c.token.Redact(s) }

// RedactError is err with the token scrubbed from its text; nil stays nil,
// and an error that holds no token is returned as it is (errors.Is and As
// keep working on it).
func (c *Client) RedactError(err error) error {
	if err == nil || !strings.Contains(err.Error(), c.token.secret) || len(c.token.secret) < 8 {
		return err
	}
	return redactedError{msg: c.token.Redact(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// RedactingHandler wraps a log handler so that nothing it writes carries
// the client's token.
func (c *Client) RedactingHandler(h slog.Handler) slog.Handler { return RedactingHandler(h, c.token) }

// RedactingHandler wraps a log handler so that no record it writes carries
// the token: the message and every attribute are scrubbed.
func RedactingHandler(h slog.Handler, t Token) slog.Handler {
	return redactingHandler{h: h, token: t}
}

type redactingHandler struct {
	h     slog.Handler
	token Token
}

func (r redactingHandler) Enabled(ctx context.Context, l slog.Level) bool { return r.h.Enabled(ctx, l) }

func (r redactingHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, r.token.Redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(r.attr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

func (r redactingHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, r.token.Redact(v.String()))
	case slog.KindGroup:
		attrs := v.Group()
		out := make([]any, len(attrs))
		for i, g := range attrs {
			out[i] = r.attr(g)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		var s string
		if err, ok := v.Any().(error); ok {
			s = err.Error()
		} else {
			s = fmt.Sprint(v.Any())
		}
		if t := r.token.Redact(s); t != s {
			return slog.String(a.Key, t)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func (r redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		out[i] = r.attr(a)
	}
	return redactingHandler{h: r.h.WithAttrs(out), token: r.token}
}

func (r redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{h: r.h.WithGroup(name), token: r.token}
}
