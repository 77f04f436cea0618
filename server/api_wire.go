package server

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// wireDate is a calendar day on the JSON API: "2026-01-31", or null when
// there is none. Typed clients (a generated Go client, Java's LocalDate,
// pydantic) read null as "no date" but fail a whole list on "".
type wireDate struct{ data.Date }

func dateOut(d data.Date) wireDate { return wireDate{d} }

func (d wireDate) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON takes null (and, as before, "") as no date.
func (d *wireDate) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		d.Date = data.Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return d.Date.UnmarshalText([]byte(s))
}

// timeOut is a moment on the JSON API, null when it has not happened (an
// agenda not resolved, a task not done).
func timeOut(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
