package server_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// offsite is any address a page would load from or point to on another
// host: the reference page must work offline, from kaigi alone.
var offsite = regexp.MustCompile(`(?i)(src|href)="(https?:)?//`)

// TestAPIReferencePage: /api/docs renders the whole spec (every operation
// and schema, with their own words) with kaigi's own assets, its chrome in
// the reader's language; someone not signed in is sent to log in.
func TestAPIReferencePage(t *testing.T) {
	e := newEnv(t)
	resp, _ := e.anonymous().get("/api/docs")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous /api/docs: %d %s, want the login page", resp.StatusCode, resp.Header.Get("Location"))
	}
	b := e.login()
	doc := spec(t).doc
	for _, c := range []struct{ lang, title, notTitle string }{
		{"en", "API reference", "API リファレンス"},
		{"ja", "API リファレンス", "API reference"},
	} {
		resp, page := b.getIn("/api/docs", c.lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/api/docs in %s: %d", c.lang, resp.StatusCode)
		}
		text := html.UnescapeString(page)
		if !strings.Contains(text, "<h1>"+c.title+"</h1>") || strings.Contains(text, c.notTitle) {
			t.Errorf("/api/docs in %s: the heading is not %q", c.lang, c.title)
		}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				if !strings.Contains(page, `id="op-`+op.OperationID+`"`) || !strings.Contains(text, op.Summary) {
					t.Errorf("/api/docs in %s lacks %s %s (%s) or its summary", c.lang, method, path, op.OperationID)
				}
			}
		}
		for name, s := range doc.Components.Schemas {
			if !strings.Contains(page, `id="schema-`+name+`"`) || !strings.Contains(text, s.Value.Description) {
				t.Errorf("/api/docs in %s lacks the schema %s or its description", c.lang, name)
			}
		}
		// The spec's own text is shown as written, Markdown rendered.
		for _, want := range []string{"never <code>&quot;&quot;</code>", "not one of its values", `href="/api/v1/openapi.yaml"`, "週次定例"} {
			if !strings.Contains(page, want) {
				t.Errorf("/api/docs in %s lacks %q", c.lang, want)
			}
		}
		if m := offsite.FindString(page); m != "" {
			t.Errorf("/api/docs in %s loads or links off the server: %s", c.lang, m)
		}
	}
}
