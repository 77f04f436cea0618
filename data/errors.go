package data

import (
	"errors"
	"fmt"
)

// Code classifies an error so that every layer can react to it without
// parsing messages. The server maps codes to HTTP statuses in one place.
type Code string

const (
	ECONFLICT     Code = "conflict"     // the change clashes with existing state
	EINTERNAL     Code = "internal"     // a bug or a failing dependency; details are logged, not shown
	EINVALID      Code = "invalid"      // the input breaks a validation rule
	EBADREQUEST   Code = "bad_request"  // a query parameter is missing, malformed or not one of its values
	ENOTFOUND     Code = "not_found"    // the record does not exist or is deleted
	EUNAUTHORIZED Code = "unauthorized" // no valid credentials
	EFORBIDDEN    Code = "forbidden"    // credentials are valid but not enough
	ETOOMANY      Code = "too_many"     // the caller must slow down
	EFULL         Code = "full"         // the database's disk is full: writes wait until space is freed
)

// Error is the one error type of the domain. Field names the input field a
// validation error is about, so forms and the JSON API can point at it.
type Error struct {
	Code    Code
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds a coded error without a field.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid builds a validation error about one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// BadRequest builds an error about one query parameter of a request.
func BadRequest(param, format string, args ...any) *Error {
	return &Error{Code: EBADREQUEST, Field: param, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that carry none.
func ErrorCode(err error) Code {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message a person may see: the domain message, or
// "internal error" so that SQL and stack details never leak.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "internal error"
}

// ErrorField returns the field a validation error names, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
