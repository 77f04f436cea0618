package notionfake

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSameSeedSameWorkspace(t *testing.T) {
	run := func() []byte {
		e := newEnv(t, Options{Seed: 99})
		db := e.tasksDB()
		for _, n := range []string{"a", "b", "c"} {
			p := e.createPage(db, map[string]any{"Name": map[string]any{"title": text(n)}, "Tags": map[string]any{"multi_select": []any{map[string]any{"name": n}}}})
			e.ok("PATCH", "/v1/blocks/"+str(p["id"])+"/children", map[string]any{"children": []any{para(n)}})
		}
		snap, err := e.fake.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		return snap
	}
	if a, b := run(), run(); !bytes.Equal(a, b) {
		t.Fatal("two fakes with the same seed and requests diverged")
	}
}

func TestEditorReplaceBlocks(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	ed := e.fake.As(e.person)
	if _, err := ed.AppendBlocks(e.root, []any{para("old 1"), para("old 2")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ed.ReplaceBlocks(e.root, []any{para("new")}); err != nil {
		t.Fatal(err)
	}
	tree := e.fake.Blocks(e.root)
	if len(tree) != 1 || dig(tree[0], "paragraph", "rich_text", 0, "plain_text") != "new" || dig(tree[0], "created_by", "id") != e.person {
		t.Fatalf("after replace: %v", tree)
	}
	if err := ed.UpdateProperties(e.root, map[string]any{"title": map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": ""}}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ed.AppendBlocks(e.root, []any{map[string]any{"paragraph": map[string]any{"rich_text": "not an array"}}}); err == nil ||
		!strings.Contains(err.Error(), "validation_error") {
		t.Fatalf("editor bypassed validation: %v", err)
	}
}

// FuzzRequestBodies checks that no body makes the fake panic or answer anything but a
// JSON success or a JSON client error. `go test` runs the seed corpus.
func FuzzRequestBodies(f *testing.F) {
	for _, seed := range []string{"", "{}", "[]", "null", `{"parent":{}}`, `{"properties":{"Name":{"title":[{"text":{}}]}}}`,
		`{"children":[{"toggle":{"rich_text":[],"children":[{"toggle":{"children":7}}]}}]}`,
		`{"filter":{"and":[{"property":"Due","date":{"past_week":{}}}]},"sorts":[{"property":"Name","direction":"ascending"}]}`,
		`{"filter":{"timestamp":"created_time","created_time":{"after":"yesterday"}}}`, `{"page_size":1e309}`, "\xff"} {
		f.Add(seed)
	}
	fake := New(Options{Seed: 1})
	token, _ := fake.AddIntegration("fuzz")
	person := fake.AddPerson("P", "p@example.com")
	root := fake.CreateSharedPage("", "root", person)
	probe := httptest.NewRecorder()
	fake.ServeHTTP(probe, fuzzRequest("POST", "/v1/databases", token,
		`{"parent":{"page_id":"`+root+`"},"properties":{"Name":{"title":{}},"Due":{"date":{}},"R":{"relation":{"database_id":"`+root+`"}}}}`))
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range [][2]string{{"POST", "/v1/pages"}, {"PATCH", "/v1/pages/" + root}, {"POST", "/v1/databases"},
			{"PATCH", "/v1/blocks/" + root + "/children"}, {"POST", "/v1/search"}, {"PATCH", "/v1/blocks/" + root}} {
			rec := httptest.NewRecorder()
			fake.ServeHTTP(rec, fuzzRequest(target[0], target[1], token, body))
			if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest && rec.Code != http.StatusNotFound {
				t.Fatalf("%s %s %q: status %d %s", target[0], target[1], body, rec.Code, rec.Body)
			}
			if !strings.HasPrefix(rec.Body.String(), "{") {
				t.Fatalf("%s %s %q: body %s", target[0], target[1], body, rec.Body)
			}
		}
	})
}

func fuzzRequest(method, path, token, body string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Notion-Version", "2022-06-28")
	return r
}
