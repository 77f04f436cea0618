// Package notify sends kaigi's messages out of kaigi: mail over SMTP and
// posts to a Slack-compatible incoming webhook. It owns their wire
// formats and says, when a send fails, whether the message may still have
// arrived (Unknown), so that callers who promise "at most once" never send
// it again in that case.
package notify

import (
	"errors"
	"fmt"
)

// Error is a failed send. Unknown means the message may have been
// delivered (the connection broke after it was handed over); otherwise it
// certainly was not, and sending again cannot make a duplicate.
type Error struct {
	Unknown bool
	Err     error
}

func (e *Error) Error() string {
	if e.Unknown {
		return "outcome unknown: " + e.Err.Error()
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// OutcomeUnknown reports whether a failed send may have been delivered.
func OutcomeUnknown(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Unknown
}

func refused(format string, args ...any) error { return &Error{Err: fmt.Errorf(format, args...)} }

func unknown(format string, args ...any) error {
	return &Error{Unknown: true, Err: fmt.Errorf(format, args...)}
}
