package notionfake

import (
	"testing"
	"time"
)

func (e *env) queryNames(db string, body map[string]any) []string {
	e.t.Helper()
	var names []string
	for _, p := range arr(e.ok("POST", "/v1/databases/"+db+"/query", body)["results"]) {
		names = append(names, str(dig(p, "properties", "Name", "title", 0, "plain_text")))
	}
	return names
}

func same(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestQueryFilters(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	e.createPage(db, map[string]any{"Name": map[string]any{"title": text("alpha")}, "Points": map[string]any{"number": 1},
		"Tags": map[string]any{"multi_select": []any{map[string]any{"name": "x"}}}, "Done": map[string]any{"checkbox": true},
		"Due": map[string]any{"date": map[string]any{"start": "2025-01-10"}}, "Kind": map[string]any{"select": map[string]any{"name": "bug"}}})
	e.createPage(db, map[string]any{"Name": map[string]any{"title": text("beta")}, "Points": map[string]any{"number": 5},
		"Due": map[string]any{"date": map[string]any{"start": "2025-01-20T10:00:00Z"}}, "Owner": map[string]any{"people": []any{map[string]any{"id": e.person}}}})
	e.createPage(db, map[string]any{"Name": map[string]any{"title": text("gamma")}, "Link": map[string]any{"url": "https://g.test"}})
	f := func(prop, typ, op string, arg any) map[string]any {
		return map[string]any{"filter": map[string]any{"property": prop, typ: map[string]any{op: arg}}}
	}
	cases := []struct {
		name string
		body map[string]any
		want []string
	}{
		{"title equals", f("Name", "title", "equals", "beta"), []string{"beta"}},
		{"title contains", f("Name", "rich_text", "contains", "MM"), []string{"gamma"}},
		{"starts_with", f("Name", "title", "starts_with", "al"), []string{"alpha"}},
		{"ends_with", f("Name", "title", "ends_with", "ta"), []string{"beta"}},
		{"does_not_contain", f("Name", "title", "does_not_contain", "a"), nil},
		{"does_not_equal", f("Name", "title", "does_not_equal", "alpha"), []string{"beta", "gamma"}},
		{"number greater_than", f("Points", "number", "greater_than", 1), []string{"beta"}},
		{"number less_than", f("Points", "number", "less_than", 5), []string{"alpha"}},
		{"number is_empty", f("Points", "number", "is_empty", true), []string{"gamma"}},
		{"checkbox", f("Done", "checkbox", "equals", true), []string{"alpha"}},
		{"select equals", f("Kind", "select", "equals", "bug"), []string{"alpha"}},
		{"select is_empty", f("Kind", "select", "is_empty", true), []string{"beta", "gamma"}},
		{"multi_select contains", f("Tags", "multi_select", "contains", "x"), []string{"alpha"}},
		{"url is_not_empty", f("Link", "url", "is_not_empty", true), []string{"gamma"}},
		{"date on_or_after", f("Due", "date", "on_or_after", "2025-01-10"), []string{"alpha", "beta"}},
		{"date before", f("Due", "date", "before", "2025-01-15"), []string{"alpha"}},
		{"date after", f("Due", "date", "after", "2025-01-20T09:00:00Z"), []string{"beta"}},
		{"date equals day", f("Due", "date", "equals", "2025-01-10"), []string{"alpha"}},
		{"date is_empty", f("Due", "date", "is_empty", true), []string{"gamma"}},
		{"people contains", f("Owner", "people", "contains", e.person), []string{"beta"}},
		{"status equals", f("State", "status", "equals", "Not started"), []string{"alpha", "beta", "gamma"}},
		{"or", map[string]any{"filter": map[string]any{"or": []any{
			obj(f("Points", "number", "equals", 1)["filter"]), obj(f("Name", "title", "equals", "gamma")["filter"])}}}, []string{"alpha", "gamma"}},
		{"and nested or", map[string]any{"filter": map[string]any{"and": []any{
			obj(f("Name", "title", "contains", "a")["filter"]),
			map[string]any{"or": []any{obj(f("Points", "number", "equals", 5)["filter"]), obj(f("Done", "checkbox", "equals", true)["filter"])}}}}},
			[]string{"alpha", "beta"}},
	}
	for _, c := range cases {
		if got := e.queryNames(db, c.body); !same(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	tooDeep := map[string]any{"filter": map[string]any{"and": []any{map[string]any{"or": []any{map[string]any{"and": []any{}}}}}}}
	e.fails(e.do("POST", "/v1/databases/"+db+"/query", tooDeep), 400, "validation_error", "should be not present")
	e.fails(e.do("POST", "/v1/databases/"+db+"/query", f("Nope", "number", "equals", 1)), 400, "validation_error", "Could not find property with name or id: Nope")
}

func TestRelationContainsFilter(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	meetings, agendas, _ := e.linkedDBs()
	a := str(e.createPage(agendas, nil)["id"])
	e.createPage(meetings, map[string]any{"Name": map[string]any{"title": text("with")}, "Agendas": map[string]any{"relation": []any{map[string]any{"id": a}}}})
	e.createPage(meetings, map[string]any{"Name": map[string]any{"title": text("without")}})
	got := e.queryNames(meetings, map[string]any{"filter": map[string]any{"property": "Agendas", "relation": map[string]any{"contains": undashed(a)}}})
	if !same(got, []string{"with"}) {
		t.Fatalf("relation contains: %v", got)
	}
}

func TestTimestampFilterSortAndCursorsForIncrementalPull(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	for _, n := range []string{"p1", "p2", "p3", "p4", "p5"} {
		e.createPage(db, map[string]any{"Name": map[string]any{"title": text(n)}})
	}
	watermark := e.fake.Now().Add(10 * time.Minute)
	e.fake.Advance(10 * time.Minute)
	ed := e.fake.As(e.person)
	pages := e.fake.DatabasePages(db, false)
	// Edits in this order within one minute: p4, p2, p5. The sort keeps edit order.
	for _, i := range []int{3, 1, 4} {
		if err := ed.UpdateProperties(str(pages[i]["id"]), map[string]any{"Points": map[string]any{"number": i}}); err != nil {
			t.Fatal(err)
		}
	}
	body := map[string]any{
		"filter":    map[string]any{"timestamp": "last_edited_time", "last_edited_time": map[string]any{"on_or_after": watermark.Format(time.RFC3339)}},
		"sorts":     []any{map[string]any{"timestamp": "last_edited_time", "direction": "ascending"}},
		"page_size": 2,
	}
	first := e.ok("POST", "/v1/databases/"+db+"/query", body)
	if first["has_more"] != true || len(arr(first["results"])) != 2 {
		t.Fatalf("first page: %v", first)
	}
	body["start_cursor"] = first["next_cursor"]
	second := e.ok("POST", "/v1/databases/"+db+"/query", body)
	var names []string
	for _, p := range append(arr(first["results"]), arr(second["results"])...) {
		names = append(names, str(dig(p, "properties", "Name", "title", 0, "plain_text")))
	}
	if !same(names, []string{"p4", "p2", "p5"}) || second["has_more"] != false || second["next_cursor"] != nil {
		t.Fatalf("incremental pull: %v, second %v", names, second)
	}
	// Descending by property, empty last.
	got := e.queryNames(db, map[string]any{"sorts": []any{map[string]any{"property": "Points", "direction": "descending"}}})
	if !same(got, []string{"p5", "p4", "p2", "p1", "p3"}) {
		t.Fatalf("property sort: %v", got)
	}
	got = e.queryNames(db, map[string]any{"filter": map[string]any{"timestamp": "created_time", "created_time": map[string]any{"past_week": map[string]any{}}}})
	if len(got) != 5 {
		t.Fatalf("past_week: %v", got)
	}
	e.fails(e.do("POST", "/v1/databases/"+db+"/query", map[string]any{"page_size": 101}), 400, "validation_error",
		"body failed validation: body.page_size should be ≤ `100`, instead was `101`.")
}

func TestCursorSurvivesTrashBetweenPages(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	for _, n := range []string{"a", "b", "c"} {
		e.createPage(db, map[string]any{"Name": map[string]any{"title": text(n)}})
	}
	first := e.ok("POST", "/v1/databases/"+db+"/query", map[string]any{"page_size": 1})
	if err := e.fake.As(e.person).Trash(str(first["next_cursor"])); err != nil {
		t.Fatal(err)
	}
	rest := e.queryNames(db, map[string]any{"start_cursor": first["next_cursor"]})
	if !same(rest, []string{"c"}) {
		t.Fatalf("after trash: %v", rest)
	}
}

func TestSearch(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	e.createPage(db, map[string]any{"Name": map[string]any{"title": text("Weekly tasks")}})
	all := e.ok("POST", "/v1/search", map[string]any{"query": "task"})
	if len(arr(all["results"])) != 2 || all["type"] != "page_or_database" {
		t.Fatalf("search: %v", all)
	}
	dbs := e.ok("POST", "/v1/search", map[string]any{"query": "task", "filter": map[string]any{"property": "object", "value": "database"}})
	if len(arr(dbs["results"])) != 1 || dig(dbs, "results", 0, "object") != "database" {
		t.Fatalf("database filter: %v", dbs)
	}
	pages := e.ok("POST", "/v1/search", map[string]any{"filter": map[string]any{"property": "object", "value": "page"}, "page_size": 1})
	if len(arr(pages["results"])) != 1 || pages["has_more"] != true {
		t.Fatalf("page filter: %v", pages)
	}
}
