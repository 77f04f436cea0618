package notionfake

import (
	"net/http"
	"testing"
	"time"
)

func TestCreatePageFillsEmptyValuesAsNotionDoes(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	p := e.createPage(db, map[string]any{"Name": map[string]any{"title": text("Write ADR")}})
	props := obj(p["properties"])
	wantNull := []string{"Points", "Kind", "Due", "Link", "Mail"}
	for _, name := range wantNull {
		if v := dig(props, name, obj(props[name])["type"]); v != nil {
			t.Errorf("%s: want null, got %v", name, v)
		}
	}
	for _, name := range []string{"Notes", "Tags", "Owner"} {
		if v, ok := dig(props, name, obj(props[name])["type"]).([]any); !ok || len(v) != 0 {
			t.Errorf("%s: want [], got %v", name, dig(props, name))
		}
	}
	if dig(props, "Done", "checkbox") != false {
		t.Errorf("checkbox default: %v", dig(props, "Done"))
	}
	if dig(props, "State", "status", "name") != "Not started" {
		t.Errorf("status default: %v", dig(props, "State"))
	}
	if dig(props, "Key", "unique_id", "number") != 1.0 || dig(props, "Key", "unique_id", "prefix") != "T" {
		t.Errorf("unique_id: %v", dig(props, "Key"))
	}
	if dig(props, "Name", "id") != "title" || dig(props, "Name", "title", 0, "plain_text") != "Write ADR" {
		t.Errorf("title: %v", dig(props, "Name"))
	}
	if dig(p, "parent", "database_id") != db {
		t.Errorf("parent: %v", p["parent"])
	}
}

func TestEmptyStringWritesAreRejected(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	cases := map[string]any{
		"Link":   map[string]any{"url": ""},
		"Mail":   map[string]any{"email": ""},
		"Kind":   map[string]any{"select": map[string]any{"name": ""}},
		"State":  map[string]any{"status": map[string]any{"name": ""}},
		"Points": map[string]any{"number": ""},
	}
	for name, value := range cases {
		r := e.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": db},
			"properties": map[string]any{name: value}})
		e.fails(r, http.StatusBadRequest, "validation_error", "body failed validation: body.properties."+name)
	}
	// Explicit nulls clear values.
	p := e.createPage(db, map[string]any{"Link": map[string]any{"url": "https://x.test"}, "Kind": map[string]any{"select": map[string]any{"name": "bug"}}})
	cleared := e.ok("PATCH", "/v1/pages/"+str(p["id"]), map[string]any{"properties": map[string]any{
		"Link": map[string]any{"url": nil}, "Kind": map[string]any{"select": nil}, "Due": map[string]any{"date": nil}}})
	if dig(cleared, "properties", "Link", "url") != nil || dig(cleared, "properties", "Kind", "select") != nil {
		t.Fatalf("not cleared: %v", cleared["properties"])
	}
}

func TestPropertyValuesRoundTrip(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	p := e.createPage(db, map[string]any{
		"Points": map[string]any{"number": 3},
		"Kind":   map[string]any{"select": map[string]any{"name": "feature"}},
		"Tags":   map[string]any{"multi_select": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}}},
		"State":  map[string]any{"status": map[string]any{"name": "Done"}},
		"Due":    map[string]any{"date": map[string]any{"start": "2025-02-01", "end": "2025-02-03"}},
		"Done":   map[string]any{"checkbox": true},
		"Mail":   map[string]any{"email": "a@b.test"},
		"Owner":  map[string]any{"people": []any{map[string]any{"id": e.person}}},
	})
	props := obj(p["properties"])
	checks := map[string][2]any{
		"Points": {dig(props, "Points", "number"), 3.0},
		"Kind":   {dig(props, "Kind", "select", "name"), "feature"},
		"Tags":   {dig(props, "Tags", "multi_select", 1, "name"), "b"},
		"State":  {dig(props, "State", "status", "name"), "Done"},
		"Due":    {dig(props, "Due", "date", "end"), "2025-02-03"},
		"Done":   {dig(props, "Done", "checkbox"), true},
		"Owner":  {dig(props, "Owner", "people", 0, "person", "email"), "ada@example.com"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s: got %v, want %v", name, c[0], c[1])
		}
	}
	// The new select option now exists in the schema.
	schema := e.ok("GET", "/v1/databases/"+db, nil)
	if dig(schema, "properties", "Kind", "select", "options", 1, "name") != "feature" {
		t.Errorf("option not added: %v", dig(schema, "properties", "Kind"))
	}
	r := e.do("PATCH", "/v1/pages/"+str(p["id"]), map[string]any{"properties": map[string]any{"State": map[string]any{"status": map[string]any{"name": "Nope"}}}})
	e.fails(r, 400, "validation_error", "Nope")
	r = e.do("PATCH", "/v1/pages/"+str(p["id"]), map[string]any{"properties": map[string]any{"Computed": map[string]any{"formula": 1}}})
	e.fails(r, 400, "validation_error", "read-only")
	r = e.do("PATCH", "/v1/pages/"+str(p["id"]), map[string]any{"properties": map[string]any{"Ghost": map[string]any{"number": 1}}})
	e.fails(r, 400, "validation_error", "Ghost is not a property that exists.")
}

func TestTimesAreRoundedDownToTheMinute(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	e.fake.Advance(42*time.Second + 300*time.Millisecond)
	db := e.tasksDB()
	p := e.createPage(db, nil)
	if p["created_time"] != "2025-01-06T09:00:00.000Z" || p["last_edited_time"] != "2025-01-06T09:00:00.000Z" {
		t.Fatalf("times: %v %v", p["created_time"], p["last_edited_time"])
	}
	e.fake.Advance(time.Minute)
	u := e.ok("PATCH", "/v1/pages/"+str(p["id"]), map[string]any{"properties": map[string]any{"Points": map[string]any{"number": 1}}})
	if u["created_time"] != "2025-01-06T09:00:00.000Z" || u["last_edited_time"] != "2025-01-06T09:01:00.000Z" {
		t.Fatalf("times after edit: %v %v", u["created_time"], u["last_edited_time"])
	}
	if dig(u, "properties", "Edited", "last_edited_time") != "2025-01-06T09:01:00.000Z" {
		t.Fatalf("last_edited_time property: %v", dig(u, "properties", "Edited"))
	}
}

func TestTrashSemantics(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	p := e.createPage(db, map[string]any{"Name": map[string]any{"title": text("gone")}})
	id := str(p["id"])
	if err := e.fake.As(e.person).Trash(id); err != nil {
		t.Fatal(err)
	}
	q := e.ok("POST", "/v1/databases/"+db+"/query", nil)
	if len(arr(q["results"])) != 0 {
		t.Fatalf("trashed page in query: %v", q["results"])
	}
	s := e.ok("POST", "/v1/search", map[string]any{"query": "gone"})
	if len(arr(s["results"])) != 0 {
		t.Fatalf("trashed page in search: %v", s["results"])
	}
	got := e.ok("GET", "/v1/pages/"+undashed(id), nil)
	if got["archived"] != true || got["in_trash"] != true || dig(got, "last_edited_by", "id") != e.person {
		t.Fatalf("GET trashed: %v", got)
	}
	r := e.do("PATCH", "/v1/pages/"+id, map[string]any{"properties": map[string]any{"Points": map[string]any{"number": 2}}})
	e.fails(r, 400, "validation_error", "Can't edit block that is archived. You must unarchive the block before editing.")
	restored := e.ok("PATCH", "/v1/pages/"+id, map[string]any{"archived": false, "properties": map[string]any{"Points": map[string]any{"number": 2}}})
	if restored["in_trash"] != false || dig(restored, "properties", "Points", "number") != 2.0 {
		t.Fatalf("restore: %v", restored)
	}
	if q := e.ok("POST", "/v1/databases/"+db+"/query", nil); len(arr(q["results"])) != 1 {
		t.Fatalf("restored page missing from query")
	}
}

func TestIDsAcceptedWithoutDashesAndReturnedDashed(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	p := e.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": undashed(e.root)}, "properties": map[string]any{"title": text("x")}})
	if dig(p, "parent", "page_id") != e.root || len(str(p["id"])) != 36 {
		t.Fatalf("ids: %v %v", p["id"], p["parent"])
	}
	r := e.do("GET", "/v1/pages/not-an-id", nil)
	e.fails(r, 400, "validation_error", "path.page_id should be a valid uuid")
	r = e.do("GET", "/v1/pages/"+undashed(e.botID), nil)
	e.fails(r, 404, "object_not_found", "Could not find page with ID")
}
