package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSearchInputIsBounded: a query longer than people type (64 KB, or
// more words than a search needs) is refused with a message before the
// index is touched, on the API and the page; a search of a dozen words
// still runs.
func TestSearchInputIsBounded(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	b := e.login()
	huge := strings.Repeat("deploy 会議 ", 64<<10/len("deploy 会議 "))
	for name, tc := range map[string]struct{ q, says string }{
		"64 KB":       {huge, "at most 200 characters"},
		"13 words":    {"a b c d e f g h i j k l m", "at most 12 words"},
		"long run":    {strings.Repeat("議", 201), "at most 200 characters"},
		"long spaces": {"x" + strings.Repeat(" ", 300) + "y", "at most 200 characters"},
	} {
		var refused apiError
		if code := api.call("GET", "/search?q="+url.QueryEscape(tc.q), "", &refused); code != http.StatusUnprocessableEntity ||
			refused.Error.Field != "q" || !strings.Contains(refused.Error.Message, tc.says) {
			t.Errorf("%s: API answered %d %+v, want 422 saying %q", name, code, refused, tc.says)
		}
		resp, page := b.get("/search?q=" + url.QueryEscape(tc.q))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, tc.says) {
			t.Errorf("%s: the page answered %d, want 422 saying %q", name, resp.StatusCode, tc.says)
		}
	}
	if code := api.call("GET", "/search?q="+url.QueryEscape("a b c d e f g h i j k l"), "", nil); code != http.StatusOK {
		t.Errorf("a 12-word search answered %d", code)
	}
}
