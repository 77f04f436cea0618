package notionfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// env is a fake with one integration, a person and a shared page, served over HTTP.
type env struct {
	t      *testing.T
	fake   *Fake
	url    string
	token  string
	botID  string
	person string
	root   string
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	f := New(opts)
	e := &env{t: t, fake: f}
	e.token, e.botID = f.AddIntegration("kaigi")
	e.person = f.AddPerson("Ada", "ada@example.com")
	e.root = f.CreateSharedPage("", "Kaigi", e.person)
	e.url = f.Start(t).URL
	return e
}

type response struct {
	status int
	header http.Header
	body   map[string]any
}

func (e *env) do(method, path string, body any) response {
	e.t.Helper()
	return e.doWith(method, path, body, map[string]string{"Authorization": "Bearer " + e.token, "Notion-Version": "2022-06-28"})
}

func (e *env) doWith(method, path string, body any, headers map[string]string) response {
	e.t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.url+path, reader)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		e.t.Fatalf("%s %s: decoding response: %v", method, path, err)
	}
	return response{resp.StatusCode, resp.Header, out}
}

// ok fails the test unless the response is a 200 and returns its body.
func (e *env) ok(method, path string, body any) map[string]any {
	e.t.Helper()
	r := e.do(method, path, body)
	if r.status != http.StatusOK {
		e.t.Fatalf("%s %s: got %d %v", method, path, r.status, r.body)
	}
	return r.body
}

// fails asserts an error response with the given status, code and message substring.
func (e *env) fails(r response, status int, code, message string) {
	e.t.Helper()
	if r.status != status || r.body["code"] != code || !strings.Contains(str(r.body["message"]), message) {
		e.t.Fatalf("want %d %s %q, got %d %v", status, code, message, r.status, r.body)
	}
	if r.body["object"] != "error" || r.body["request_id"] == nil || r.header.Get("X-Notion-Request-Id") == "" {
		e.t.Fatalf("error envelope incomplete: %v", r.body)
	}
}

func str(v any) string { s, _ := v.(string); return s }

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func arr(v any) []any { a, _ := v.([]any); return a }

// dig walks nested objects and arrays: dig(m, "properties", "Name", "title", 0).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = obj(v)[k]
		case int:
			a := arr(v)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func text(s string) []any {
	return []any{map[string]any{"text": map[string]any{"content": s}}}
}

// tasksDB creates a database with one property of each supported type.
func (e *env) tasksDB() string {
	e.t.Helper()
	db := e.ok("POST", "/v1/databases", map[string]any{
		"parent": map[string]any{"type": "page_id", "page_id": e.root},
		"title":  text("Tasks"),
		"properties": map[string]any{
			"Name":     map[string]any{"title": map[string]any{}},
			"Notes":    map[string]any{"rich_text": map[string]any{}},
			"Points":   map[string]any{"number": map[string]any{}},
			"Kind":     map[string]any{"select": map[string]any{"options": []any{map[string]any{"name": "bug"}}}},
			"Tags":     map[string]any{"multi_select": map[string]any{}},
			"State":    map[string]any{"status": map[string]any{}},
			"Due":      map[string]any{"date": map[string]any{}},
			"Done":     map[string]any{"checkbox": map[string]any{}},
			"Link":     map[string]any{"url": map[string]any{}},
			"Mail":     map[string]any{"email": map[string]any{}},
			"Owner":    map[string]any{"people": map[string]any{}},
			"Key":      map[string]any{"unique_id": map[string]any{"prefix": "T"}},
			"Created":  map[string]any{"created_time": map[string]any{}},
			"Edited":   map[string]any{"last_edited_time": map[string]any{}},
			"Computed": map[string]any{"formula": map[string]any{"expression": "1"}},
		},
	})
	return str(db["id"])
}

func (e *env) createPage(dbID string, props map[string]any) map[string]any {
	e.t.Helper()
	return e.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": dbID}, "properties": props})
}

func jsonBody(t *testing.T, v any) io.Reader {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(data)
}

func asError[T error](err error, target *T) bool { return errors.As(err, target) }
