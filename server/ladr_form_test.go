package server_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestLADRFormShowsGuidanceAsPlaceholder: the new-LADR form offers each
// section's guidance as placeholder text with an empty field, and a save
// never stores guidance, not even the text the form used to pre-fill.
func TestLADRFormShowsGuidanceAsPlaceholder(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	_, page := b.get("/ladrs/new")
	for _, name := range []string{"context", "specification", "decision", "consequences"} {
		m := regexp.MustCompile(`<textarea name="` + name + `" placeholder="([^"]+)" rows="\d+">([^<]*)</textarea>`).FindStringSubmatch(page)
		if m == nil || strings.TrimSpace(m[2]) != "" {
			t.Errorf("%s: want an empty textarea with a placeholder, got %q", name, m)
		}
	}
	resp, body := b.submit("/ladrs", url.Values{"title": {"Use SQLite"}, "state": {"draft"},
		"context":       {"One server is enough."},
		"decision":      {"The choice itself, in a sentence or two a newcomer can quote: \"We will … because …\"."},
		"consequences":  {"What becomes easier or more difficult to do because of this change?"},
		"specification": {"What we will do:\n\n- \n\nWhat we will not do:\n\n- "}})
	where := seeOther(t, resp, body)
	l, err := e.store.LADR(context.Background(), data.LADRID(strings.TrimPrefix(where, "/ladrs/")))
	if err != nil {
		t.Fatal(err)
	}
	if l.Context != "One server is enough." || l.Decision != "" || l.Consequences != "" || l.Specification != "" {
		t.Errorf("saved sections: context %q decision %q consequences %q specification %q", l.Context, l.Decision, l.Consequences, l.Specification)
	}
}
