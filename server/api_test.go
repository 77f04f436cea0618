package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// apiClient talks to the JSON API with a token from the store.
type apiClient struct {
	e     *env
	token string
}

func (e *env) api() *apiClient {
	e.t.Helper()
	secret, hash := server.NewSecret()
	if _, err := e.store.CreateAPIToken(context.Background(), testEmail, "test", hash); err != nil {
		e.t.Fatal(err)
	}
	return &apiClient{e: e, token: secret}
}

// call sends a request and decodes the JSON answer into out (if non-nil).
func (a *apiClient) call(method, path, body string, out any) int {
	a.e.t.Helper()
	return a.callKeyed(method, path, "", body, out)
}

// callKeyed is call with an Idempotency-Key header (none when empty).
func (a *apiClient) callKeyed(method, path, key, body string, out any) int {
	a.e.t.Helper()
	req, _ := http.NewRequest(method, a.e.srv.URL+"/api/v1"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+a.token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			a.e.t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return resp.StatusCode
}

type apiError struct {
	Error struct {
		Code, Message, Field string
		RequestID            string `json:"request_id"`
	} `json:"error"`
}

type record map[string]any

func (r record) id() string { return fmt.Sprint(r["id"]) }

func TestAPICreateReadUpdateDeleteEveryRecord(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	var sr record
	if st := api.call("POST", "/series", `{"name":"週次定例","schedule":"0 10 * * MON","time_zone":"Asia/Tokyo"}`, &sr); st != http.StatusCreated {
		t.Fatalf("create series: %d %v", st, sr)
	}
	var next struct {
		Meeting record `json:"meeting"`
		Created bool   `json:"created"`
	}
	if st := api.call("POST", "/series/"+sr.id()+"/next-meeting", "", &next); st != http.StatusCreated || !next.Created {
		t.Fatalf("next meeting: %d %+v", st, next)
	}
	if st := api.call("POST", "/series/"+sr.id()+"/next-meeting", "", &next); st != http.StatusOK || next.Created {
		t.Fatalf("next meeting again: %d %+v, want the same meeting", st, next)
	}
	m := next.Meeting
	creates := []struct{ path, body string }{
		{"/meetings", fmt.Sprintf(`{"series_id":%q,"title":"Extra","starts_at":"2026-02-01T01:00:00Z"}`, sr.id())},
		{"/agendas", fmt.Sprintf(`{"series_id":%q,"title":"CI","priority":1,"meeting_id":%q}`, sr.id(), m.id())},
		{"/decisions", fmt.Sprintf(`{"meeting_id":%q,"title":"Use Flow","decided_on":"2026-01-05"}`, m.id())},
		{"/tasks", fmt.Sprintf(`{"series_id":%q,"title":"Write it down","due":"2026-01-10"}`, sr.id())},
		{"/ladrs", `{"title":"状態管理にFlowを採用する","context":"why"}`},
	}
	for _, c := range creates {
		var created record
		if st := api.call("POST", c.path, c.body, &created); st != http.StatusCreated {
			t.Fatalf("POST %s: %d %v", c.path, st, created)
		}
		var got record
		if st := api.call("GET", c.path+"/"+created.id(), "", &got); st != http.StatusOK || got["title"] != created["title"] {
			t.Fatalf("GET %s/%s: %d %v", c.path, created.id(), st, got)
		}
		var updated record
		body := fmt.Sprintf(`{"title":"renamed","revision":%v}`, got["revision"])
		if st := api.call("PATCH", c.path+"/"+created.id(), body, &updated); st != http.StatusOK || updated["title"] != "renamed" {
			t.Fatalf("PATCH %s: %d %v", c.path, st, updated)
		}
		// Fields not sent keep their values.
		for _, k := range []string{"series_id", "due", "context", "decided_on"} {
			if v, ok := got[k]; ok && updated[k] != v {
				t.Errorf("PATCH %s changed %s from %v to %v", c.path, k, v, updated[k])
			}
		}
		var stale apiError
		if st := api.call("PATCH", c.path+"/"+created.id(), body, &stale); st != http.StatusConflict || stale.Error.Code != "conflict" {
			t.Errorf("PATCH %s with a stale revision: %d %+v", c.path, st, stale)
		}
		var list struct{ Items []record }
		if st := api.call("GET", c.path, "", &list); st != http.StatusOK || len(list.Items) == 0 {
			t.Errorf("GET %s: %d %v", c.path, st, list)
		}
		if st := api.call("DELETE", c.path+"/"+created.id(), "", nil); st != http.StatusNoContent {
			t.Errorf("DELETE %s: %d", c.path, st)
		}
		var gone apiError
		if st := api.call("GET", c.path+"/"+created.id(), "", &gone); st != http.StatusNotFound || gone.Error.Code != "not_found" {
			t.Errorf("GET after DELETE %s: %d %+v", c.path, st, gone)
		}
	}
	var found struct{ Items []record }
	api.call("POST", "/decisions", fmt.Sprintf(`{"meeting_id":%q,"title":"状態管理にはFlowを採用する"}`, m.id()), nil)
	if st := api.call("GET", "/search?q=採用", "", &found); st != http.StatusOK || len(found.Items) != 1 {
		t.Errorf("search 採用: %d %v", st, found)
	}
}

func TestAPIPagination(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	for i := 0; i < 5; i++ {
		api.call("POST", "/series", fmt.Sprintf(`{"name":"s%d","schedule":"0 10 * * MON"}`, i), nil)
	}
	var seen []string
	offset := 0
	for pages := 0; ; pages++ {
		var p struct {
			Items      []record
			NextOffset *int `json:"next_offset"`
		}
		if st := api.call("GET", fmt.Sprintf("/series?limit=2&offset=%d", offset), "", &p); st != http.StatusOK {
			t.Fatalf("page at %d: %d", offset, st)
		}
		for _, r := range p.Items {
			seen = append(seen, fmt.Sprint(r["name"]))
		}
		if p.NextOffset == nil {
			if pages != 2 {
				t.Errorf("5 items in pages of 2 took %d pages, want 3", pages+1)
			}
			break
		}
		offset = *p.NextOffset
	}
	if strings.Join(seen, ",") != "s0,s1,s2,s3,s4" {
		t.Fatalf("paged through %v", seen)
	}
	var bad apiError
	if st := api.call("GET", "/series?limit=0", "", &bad); st != http.StatusBadRequest || bad.Error.Field != "limit" {
		t.Fatalf("limit=0: %d %+v", st, bad)
	}
}

func TestAPIErrorCodes(t *testing.T) {
	e := newEnv(t, func(d *server.Deps) { d.Store = failingLADRs{d.Store} })
	api := e.api()
	cases := []struct {
		name, method, path, body string
		token                    string
		status                   int
		code, field              string
	}{
		{"invalid field", "POST", "/series", `{"name":"","schedule":"0 10 * * MON"}`, "", 422, "invalid", "name"},
		{"bad schedule", "POST", "/series", `{"name":"x","schedule":"whenever"}`, "", 422, "invalid", "schedule"},
		{"wrong type", "POST", "/agendas", `{"priority":"high"}`, "", 422, "invalid", "priority"},
		{"unknown field", "POST", "/tasks", `{"titel":"typo"}`, "", 422, "invalid", ""},
		{"not JSON", "POST", "/tasks", `title=x`, "", 422, "invalid", ""},
		{"not found", "GET", "/meetings/0190a0a0-0000-7000-8000-000000000000", "", "", 404, "not_found", ""},
		{"no route", "GET", "/nothing-here", "", "", 404, "not_found", ""},
		{"no token", "GET", "/series", "", "none", 401, "unauthorized", ""},
		{"bad token", "GET", "/series", "", "forged", 401, "unauthorized", ""},
		{"internal", "GET", "/ladrs", "", "", 500, "internal", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, e.srv.URL+"/api/v1"+c.path, strings.NewReader(c.body))
			switch c.token {
			case "":
				req.Header.Set("Authorization", "Bearer "+api.token)
			case "forged":
				req.Header.Set("Authorization", "Bearer forged")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var got apiError
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatalf("not a JSON error: %s", raw)
			}
			if resp.StatusCode != c.status || got.Error.Code != c.code || got.Error.Field != c.field || got.Error.Message == "" {
				t.Fatalf("%d %s, want %d with code %q field %q", resp.StatusCode, raw, c.status, c.code, c.field)
			}
			if c.code == "internal" {
				if got.Error.Message != "internal error" || got.Error.RequestID == "" || strings.Contains(string(raw), "disk") {
					t.Fatalf("internal error leaks detail or lacks a request ID: %s", raw)
				}
			}
		})
	}
	// Conflict and too-many are covered with the records and the login
	// limit; forbidden with CSRF (security_test.go).
}

// failingLADRs makes the LADR list fail like a broken disk would.
type failingLADRs struct{ server.Store }

func (failingLADRs) LADRs(context.Context, data.LADRFilter) ([]data.LADR, error) {
	return nil, errors.New("read ladrs: disk I/O error")
}
