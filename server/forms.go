package server

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

// form is a submitted form shown again: the person's values, and the field
// and message of what went wrong. For names the record a form on a page
// with many similar forms belongs to.
type form struct {
	Values url.Values
	Field  string
	Error  string
	For    string
}

func (f form) Get(key string) string { return f.Values.Get(key) }

// Bad reports whether the error is about field key.
func (f form) Bad(key string) bool { return f.Field == key }

// Failed reports whether this form is the one being shown again.
func (f form) Failed(forID string) bool { return f.Error != "" && f.For == forID }

// failedForm turns a validation or conflict error into a form to show
// again, keeping what the person typed. Other errors are returned as is.
func failedForm(c echo.Context, err error, forID string) (form, int, error) {
	code := data.ErrorCode(err)
	if code != data.EINVALID && code != data.ECONFLICT {
		return form{}, 0, err
	}
	vals, _ := c.FormParams()
	return form{Values: vals, Field: data.ErrorField(err), Error: data.ErrorMessage(err), For: forID}, statusOf(code), nil
}

// formDate reads an optional YYYY-MM-DD field as a coded error naming it.
func formDate(c echo.Context, field string) (data.Date, error) {
	d, err := data.ParseDate(c.FormValue(field))
	if err != nil {
		return data.Date{}, data.Invalid(field, "%v", err)
	}
	return d, nil
}

// formInt reads an optional integer field; empty gives 0.
func formInt(c echo.Context, field string) (int64, error) {
	s := strings.TrimSpace(c.FormValue(field))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, data.Invalid(field, "%q is not a number", s)
	}
	return n, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Val returns a field of the form when it is the failed form forID, so that
// the other forms on the page stay empty.
func (f form) Val(forID, key string) string {
	if f.For != forID {
		return ""
	}
	return f.Values.Get(key)
}

// option is one entry of a <select>, decided in Go so that templates do not
// compare IDs option by option.
type option struct {
	Value, Label string
	Selected     bool
}

// personOptions lists people as select options with the one whose ID is
// selected marked.
func personOptions(people []data.Person, selected string) []option {
	out := make([]option, len(people))
	for i, p := range people {
		out[i] = option{Value: string(p.ID), Label: p.Name, Selected: string(p.ID) == selected}
	}
	return out
}
