package server

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// form is a submitted form shown again (see pages.Form).
type form = pages.Form

// failedForm turns a validation or conflict error into a form to show
// again, keeping what the person typed, with the message in the request's
// language. Other errors are returned as is.
func failedForm(c echo.Context, err error, forID string) (form, int, error) {
	code := data.ErrorCode(err)
	if code != data.EINVALID && code != data.ECONFLICT {
		return form{}, 0, err
	}
	vals, _ := c.FormParams()
	field := data.ErrorField(err)
	msg := translated(requestLang(c), code, field, data.ErrorMessage(err))
	return form{Values: vals, Field: field, Error: msg, For: forID}, statusOf(code), nil
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

// option is one entry of a <select> (see pages.Option).
type option = pages.Option

// personOptions lists people as select options with the one whose ID is
// selected marked.
func personOptions(people []data.PersonName, selected string) []option {
	out := make([]option, len(people))
	for i, p := range people {
		out[i] = option{Value: string(p.ID), Label: p.Name, Selected: string(p.ID) == selected}
	}
	return out
}
