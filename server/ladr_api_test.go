package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestLADRAPIRefusesUnsafeSlugs is issue 13, item 1: a slug is the name
// part of a file inside the LADR folder, so one with a path separator,
// "..", NUL or another control character is refused with 422 naming the
// field, on create and on update, and the record keeps its slug.
func TestLADRAPIRefusesUnsafeSlugs(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	var made record
	if st := api.call("POST", "/ladrs", `{"title":"Use SQLite","slug":"use-sqlite"}`, &made); st != http.StatusCreated {
		t.Fatalf("a plain slug: %d %v", st, made)
	}
	for _, slug := range []string{`../../../../outside`, `..`, `a/b`, `a\\b`, `nul\u0000byte`, `tab\there`, `line\nbreak`, `x..y`} {
		var bad apiError
		body := fmt.Sprintf(`{"title":"x","slug":"%s"}`, slug)
		if st := api.call("POST", "/ladrs", body, &bad); st != http.StatusUnprocessableEntity || bad.Error.Field != "slug" || bad.Error.Message == "" {
			t.Errorf("create with slug %s: %d %+v", slug, st, bad)
		}
		bad = apiError{}
		if st := api.call("PATCH", "/ladrs/"+made.id(), fmt.Sprintf(`{"slug":"%s"}`, slug), &bad); st != http.StatusUnprocessableEntity || bad.Error.Field != "slug" {
			t.Errorf("update to slug %s: %d %+v", slug, st, bad)
		}
	}
	var got record
	if api.call("GET", "/ladrs/"+made.id(), "", &got); got["slug"] != "use-sqlite" {
		t.Errorf("after refused updates the slug is %v", got["slug"])
	}
	if st := api.call("POST", "/ladrs", `{"title":"状態管理にはFlowを採用する","slug":"状態管理にはflowを採用する"}`, nil); st != http.StatusCreated {
		t.Errorf("a Japanese slug: %d", st)
	}
}

// TestLADRAPILimitsAuthorsExtraAndSlug is issue 13, item 9: authors, extra
// sections and the slug had no length checks (100,000 characters went
// in); now each is refused with 422 naming its field.
func TestLADRAPILimitsAuthorsExtraAndSlug(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	huge := strings.Repeat("あ", 100_000)
	cases := []struct{ name, body, field string }{
		{"author", fmt.Sprintf(`{"title":"x","authors":["%s"]}`, huge), "authors"},
		{"too many authors", fmt.Sprintf(`{"title":"x","authors":[%s"a"]}`, strings.Repeat(`"a",`, 60)), "authors"},
		{"extra heading", fmt.Sprintf(`{"title":"x","extra":[{"heading":"%s","body":"b"}]}`, huge), "extra"},
		{"extra body", fmt.Sprintf(`{"title":"x","extra":[{"heading":"Notes","body":"%s"}]}`, huge), "extra"},
		{"empty extra heading", `{"title":"x","extra":[{"heading":" ","body":"b"}]}`, "extra"},
		{"too many extra sections", fmt.Sprintf(`{"title":"x","extra":[%s{"heading":"h","body":""}]}`, strings.Repeat(`{"heading":"h","body":""},`, 100)), "extra"},
		{"slug", fmt.Sprintf(`{"title":"x","slug":"%s"}`, strings.Repeat("a", 101)), "slug"},
	}
	for _, c := range cases {
		var bad apiError
		if st := api.call("POST", "/ladrs", c.body, &bad); st != http.StatusUnprocessableEntity || bad.Error.Field != c.field || len(bad.Error.Message) > 300 {
			t.Errorf("%s: %d field %q message %.80q", c.name, st, bad.Error.Field, bad.Error.Message)
		}
	}
	var list struct{ Items []record }
	if api.call("GET", "/ladrs", "", &list); len(list.Items) != 0 {
		t.Errorf("refused records were stored: %d", len(list.Items))
	}
	if st := api.call("POST", "/ladrs", `{"title":"x","authors":["山田 太郎","Bob"],"extra":[{"heading":"検討した選択肢","body":"- A"}]}`, nil); st != http.StatusCreated {
		t.Errorf("ordinary authors and sections: %d", st)
	}
}
