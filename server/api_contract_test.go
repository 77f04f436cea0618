package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestOpenAPISpecIsValid is the linter of issue 23: kin-openapi's own
// validation of the document (structure, references, examples against
// their schemas, formats) reports nothing, and every operation is one a
// generated client can name and type.
func TestOpenAPISpecIsValid(t *testing.T) {
	doc := spec(t).doc
	if err := doc.Validate(context.Background(), openapi3.EnableSchemaFormatValidation(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3 (what oapi-codegen and kin-openapi read)", doc.OpenAPI)
	}
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" {
				t.Errorf("%s has no operationId", where)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("%s and %s share operationId %s", where, other, op.OperationID)
			}
			ids[op.OperationID] = where
			if op.Responses.Default() == nil {
				t.Errorf("%s does not describe its errors", where)
			}
			for status, r := range op.Responses.Map() {
				if status == "204" {
					continue
				}
				if len(r.Value.Content) == 0 {
					t.Errorf("%s %s describes its body in prose only", where, status)
				}
				for mime, mt := range r.Value.Content {
					if mt.Schema == nil {
						t.Errorf("%s %s %s has no schema", where, status, mime)
					}
				}
			}
		}
	}
}

var echoParam = regexp.MustCompile(`:([a-z_]+)`)

// TestAPIRoutesMatchTheSpec: every route the router serves under /api/v1
// is in the spec, and every operation of the spec is served.
func TestAPIRoutesMatchTheSpec(t *testing.T) {
	e := newEnv(t)
	served := map[string]bool{}
	for _, r := range e.app.Routes() {
		path, ok := strings.CutPrefix(r.Path, "/api/v1")
		if !ok || !slices.Contains([]string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}, r.Method) {
			continue
		}
		served[r.Method+" "+echoParam.ReplaceAllString(path, "{$1}")] = true
	}
	if len(served) < 30 {
		t.Fatalf("found only %d API routes: %v", len(served), served)
	}
	inSpec := map[string]bool{}
	for path, item := range spec(t).doc.Paths.Map() {
		for method := range item.Operations() {
			inSpec[method+" "+path] = true
		}
	}
	for r := range served {
		if !inSpec[r] {
			t.Errorf("the router serves %s, which openapi.yaml does not describe", r)
		}
	}
	for r := range inSpec {
		if !served[r] {
			t.Errorf("openapi.yaml describes %s, which the router does not serve", r)
		}
	}
}

// TestSpecCheckCatchesDrift: the test server's spec check fails an answer
// the spec does not allow (the "" dates typed clients choke on, a field the
// spec does not know) and a request the spec refuses but the server took.
func TestSpecCheckCatchesDrift(t *testing.T) {
	s := spec(t)
	task := `{"id":"t1","series_id":"","title":"見積もり","assignee_id":"","state":"todo","due":%s,"agenda_id":"",` +
		`"meeting_id":"","done_at":null,"created_at":"2026-01-05T09:00:00Z","updated_at":"2026-01-05T09:00:00Z","revision":1%s}`
	exchange := func(method, path, reqBody string, status int, answer string) error {
		r := httptest.NewRequest(method, "http://127.0.0.1/api/v1"+path, strings.NewReader(reqBody))
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", "application/json")
		rec.WriteHeader(status)
		rec.WriteString(answer)
		return checkExchange(s, r, []byte(reqBody), rec)
	}
	for _, c := range []struct {
		name, method, path, body string
		status                   int
		answer, wantErr          string
	}{
		{"no due date as null", "GET", "/tasks/t1", "", 200, fmt.Sprintf(task, "null", ""), ""},
		{"a due date", "GET", "/tasks/t1", "", 200, fmt.Sprintf(task, `"2026-01-10"`, ""), ""},
		{"no due date as empty text", "GET", "/tasks/t1", "", 200, fmt.Sprintf(task, `""`, ""), "due"},
		{"a field the spec lacks", "GET", "/tasks/t1", "", 200, fmt.Sprintf(task, "null", `,"colour":"red"`), "colour"},
		{"a state the spec lacks", "GET", "/tasks/t1", "", 200, strings.Replace(fmt.Sprintf(task, "null", ""), `"todo"`, `"blocked"`, 1), "state"},
		{"an error without a code", "GET", "/tasks/t1", "", 404, `{"error":{"message":"gone"}}`, "code"},
		{"a refused request taken", "GET", "/tasks?state=blocked", "", 200,
			`{"items":[],"limit":50,"offset":0,"next_offset":null,"next_cursor":null}`, "the spec refuses the request"},
		{"a refused request refused", "GET", "/tasks?state=blocked", "", 400, `{"error":{"code":"bad_request","message":"no","field":"state"}}`, ""},
		{"an operation the spec lacks", "POST", "/tasks/t1/archive", "", 200, `{}`, "does not have"},
	} {
		err := exchange(c.method, c.path, c.body, c.status, c.answer)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: %v, want an error about %s", c.name, err, c.wantErr)
		}
	}
}

// TestAPIRefusesUnknownQueryValues is issue 23's leniency list: a search
// without words, a kind of record search does not know, minutes in a
// language kaigi does not have and a state a record cannot be in are
// refused with 400 naming the parameter, not answered [] or in English.
func TestAPIRefusesUnknownQueryValues(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	_, m := e.seedMeeting("週次定例")
	for _, c := range []struct{ path, field, says string }{
		{"/search", "q", "q is required"},
		{"/search?q=%20", "q", "q is required"},
		{"/search?q=x&entity=bogus", "entity", `"bogus"`},
		{"/meetings/" + string(m.ID) + "/minutes?lang=fr", "lang", `"fr"`},
		{"/tasks?state=blocked", "state", `"blocked"`},
		{"/agendas?state=closed", "state", `"closed"`},
		{"/decisions?state=draft", "state", `"draft"`},
		{"/ladrs?state=done", "state", `"done"`},
	} {
		var bad apiError
		st := api.call("GET", c.path, "", &bad)
		if st != http.StatusBadRequest || bad.Error.Code != "bad_request" || bad.Error.Field != c.field || !strings.Contains(bad.Error.Message, c.says) {
			t.Errorf("GET %s: %d %+v, want 400 naming %s", c.path, st, bad.Error, c.field)
		}
	}
	var hits struct{ Items []record }
	if st := api.call("GET", "/search?q=週次&entity=meeting", "", &hits); st != http.StatusOK {
		t.Errorf("a search with a known entity: %d", st)
	}
	if st := api.call("GET", "/meetings/"+string(m.ID)+"/minutes?lang=ja", "", nil); st != http.StatusOK {
		t.Errorf("minutes in Japanese: %d", st)
	}
}

// TestAPIAnswersNullForAbsentDates: a task without a due date, a decision
// without a review date and an agenda not resolved answer null, never "".
func TestAPIAnswersNullForAbsentDates(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	sr, m := e.seedMeeting("週次定例")
	for _, c := range []struct{ path, body string }{
		{"/tasks", fmt.Sprintf(`{"series_id":%q,"title":"見積もりを共有する"}`, sr.ID)},
		{"/decisions", fmt.Sprintf(`{"meeting_id":%q,"title":"テストは並列で実行する"}`, m.ID)},
		{"/agendas", fmt.Sprintf(`{"series_id":%q,"title":"CI の所要時間"}`, sr.ID)},
	} {
		var created record
		if st := api.call("POST", c.path, c.body, &created); st != http.StatusCreated {
			t.Fatalf("POST %s: %d %v", c.path, st, created)
		}
		for k, v := range created {
			if v == "" && (strings.HasSuffix(k, "_at") || k == "due" || k == "review_by" || k == "decided_on" || k == "date") {
				t.Errorf("%s answers %s as \"\", want null", c.path, k)
			}
		}
		for _, k := range []string{"due", "review_by", "resolved_at"} {
			if v, ok := created[k]; ok && v != nil {
				t.Errorf("%s answers %s = %v, want null", c.path, k, v)
			}
		}
	}
}
