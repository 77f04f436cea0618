package server

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/minutes"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// Helpers that turn domain values into the pre-formatted strings of the
// view models in templates/pages.

func agingView(t *i18n.T, ch agingChart) pages.AgingChart {
	out := pages.AgingChart{Width: ch.Width, Height: ch.Height, BarX: ch.BarX, Bars: make([]pages.AgingBar, len(ch.Bars))}
	for i, b := range ch.Bars {
		out.Bars[i] = pages.AgingBar{Title: b.Title, Label: minutes.AgeLabel(t, data.Age{Days: b.Days, Carried: b.Carried}),
			Class: b.Class, Y: b.Y, Width: b.Width}
	}
	return out
}

// ladrNumber is how LADR numbers are shown: four digits.
func ladrNumber(n int) string { return fmt.Sprintf("%04d", n) }

// ladrLabel names an LADR by number and title.
func ladrLabel(l data.LADR) string { return ladrNumber(l.Number) + " " + l.Title }

// listURL is a list page's URL with its non-empty query values (given as
// key, value pairs), in the order given.
func listURL(path string, kv ...string) string {
	var b strings.Builder
	b.WriteString(path)
	sep := "?"
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		b.WriteString(sep + kv[i] + "=" + url.QueryEscape(kv[i+1]))
		sep = "&"
	}
	return b.String()
}
