package notionfake

import (
	"net/http"
	"testing"
)

func TestAuthAndVersionHeader(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	r := e.doWith("GET", "/v1/users", nil, map[string]string{"Notion-Version": "2022-06-28"})
	e.fails(r, http.StatusUnauthorized, "unauthorized", "API token is invalid.")
	r = e.doWith("GET", "/v1/users", nil, map[string]string{"Notion-Version": "2022-06-28", "Authorization": "Bearer ntn_wrong"})
	e.fails(r, http.StatusUnauthorized, "unauthorized", "API token is invalid.")
	r = e.doWith("GET", "/v1/users", nil, map[string]string{"Authorization": "Bearer " + e.token})
	e.fails(r, http.StatusBadRequest, "missing_version", "Notion-Version header should be defined")
	me := e.ok("GET", "/v1/users/me", nil)
	if me["id"] != e.botID || me["type"] != "bot" {
		t.Fatalf("me: %v", me)
	}
}

func TestUnknownEndpointsAreInvalidRequestURL(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	for _, c := range [][2]string{
		{"GET", "/v1/invalid"}, {"GET", "/v1/data_sources/" + e.root}, {"POST", "/v1/data_sources/" + e.root + "/query"},
		{"DELETE", "/v1/pages/" + e.root}, {"GET", "/v2/users"}, {"POST", "/v1/comments"},
	} {
		e.fails(e.do(c[0], c[1], nil), http.StatusBadRequest, "invalid_request_url", "Invalid request URL.")
	}
}

func TestMalformedBodiesNeverCrash(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	e.fails(e.do("POST", "/v1/pages", "{not json"), 400, "invalid_json", "Error parsing JSON body.")
	bodies := []string{`[]`, `"x"`, `{"parent":5}`, `{"parent":{"database_id":[]}}`, `{"parent":{"database_id":"` + db + `"},"properties":[]}`,
		`{"parent":{"database_id":"` + db + `"},"properties":{"Name":{"title":"x"}}}`,
		`{"parent":{"database_id":"` + db + `"},"properties":{"Name":{"title":[5]}}}`,
		`{"parent":{"database_id":"` + db + `"},"properties":{"Due":{"date":{"start":7}}}}`,
		`{"parent":{"database_id":"` + db + `"},"properties":{"Tags":{"multi_select":[null]}}}`,
		`{"parent":{"database_id":"` + db + `"},"children":[{"paragraph":null}]}`,
		`{"parent":{"database_id":"` + db + `"},"children":[{"paragraph":{"rich_text":[{"text":{"content":"x","link":{"url":5}}}]}}]}`,
	}
	for _, b := range bodies {
		if r := e.do("POST", "/v1/pages", b); r.status != 400 || r.body["code"] != "validation_error" {
			t.Errorf("%s: got %d %v", b, r.status, r.body)
		}
	}
	for _, b := range []string{`{"filter":[]}`, `{"filter":{"property":"Points","number":{"equals":"x"}}}`, `{"sorts":[{}]}`, `{"filter":{"or":[{"and":[{"or":[]}]}]}}`, `{"page_size":"x"}`, `{"start_cursor":5}`} {
		if r := e.do("POST", "/v1/databases/"+db+"/query", b); r.status != 400 {
			t.Errorf("query %s: got %d %v", b, r.status, r.body)
		}
	}
}

func TestEveryResponseCarriesRequestID(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	r := e.do("GET", "/v1/users", nil)
	if r.body["request_id"] == nil || r.header.Get("X-Notion-Request-Id") != r.body["request_id"] {
		t.Fatalf("request id: %v / %q", r.body["request_id"], r.header.Get("X-Notion-Request-Id"))
	}
	if len(arr(r.body["results"])) != 2 || r.body["type"] != "user" {
		t.Fatalf("users: %v", r.body)
	}
	if got := e.ok("GET", "/v1/users/"+undashed(e.person), nil); dig(got, "person", "email") != "ada@example.com" {
		t.Fatalf("user: %v", got)
	}
}
