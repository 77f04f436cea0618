package notionfake

import (
	"context"
	"encoding/json"
	"maps"
	"net/http/httptest"
	"slices"
	"testing"
)

// at sends a request with a given Notion-Version.
func (e *env) at(version, method, path string, body any) response {
	e.t.Helper()
	return e.doWith(method, path, body, map[string]string{"Authorization": "Bearer " + e.token, "Notion-Version": version})
}

func (e *env) okAt(version, method, path string, body any) map[string]any {
	e.t.Helper()
	r := e.at(version, method, path, body)
	if r.status != 200 {
		e.t.Fatalf("%s %s at %s: got %d %v", method, path, version, r.status, r.body)
	}
	return r.body
}

func keys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// TestDatabaseAtSourcesVersionIsAContainer follows "Retrieve a database" at
// 2025-09-03: the database object of 2022-06-28 without its properties,
// listing data_sources [{id, name}]; the schema is the data source's
// ("Retrieve a data source": object, parent, database_parent, properties).
func TestDatabaseAtSourcesVersionIsAContainer(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	old := e.ok("GET", "/v1/databases/"+db, nil)
	now := e.okAt(sourcesVersion, "GET", "/v1/databases/"+db, nil)
	want := slices.DeleteFunc(keys(old), func(k string) bool { return k == "properties" })
	want = append(want, "data_sources")
	slices.Sort(want)
	if got := keys(now); !slices.Equal(got, want) {
		t.Fatalf("database at 2025-09-03 has fields %v, want %v", got, want)
	}
	sources := arr(now["data_sources"])
	if len(sources) != 1 || keys(obj(sources[0]))[0] != "id" || str(dig(sources[0], "name")) != "Tasks" {
		t.Fatalf("data_sources: %v", sources)
	}
	dsID := str(dig(sources, 0, "id"))
	ds := e.okAt(sourcesVersion, "GET", "/v1/data_sources/"+dsID, nil)
	if ds["object"] != "data_source" || ds["id"] != dsID || dig(ds, "parent", "type") != "database_id" || dig(ds, "parent", "database_id") != db ||
		dig(ds, "database_parent", "page_id") != e.root {
		t.Fatalf("data source: %v", ds)
	}
	if got, want := keys(obj(ds["properties"])), keys(obj(old["properties"])); !slices.Equal(got, want) {
		t.Fatalf("data source properties %v, database's at 2022-06-28 %v", got, want)
	}
	// Data sources do not exist before 2025-09-03.
	e.fails(e.do("GET", "/v1/data_sources/"+dsID, nil), 400, "invalid_request_url", "Invalid request URL.")
	// And the database query they replace does not exist after.
	e.fails(e.at(sourcesVersion, "POST", "/v1/databases/"+db+"/query", nil), 400, "invalid_request_url", "Invalid request URL.")
	// The schema is changed on the data source at 2025-09-03.
	e.fails(e.at(sourcesVersion, "PATCH", "/v1/databases/"+db, map[string]any{"properties": map[string]any{"Extra": map[string]any{"rich_text": map[string]any{}}}}),
		400, "validation_error", "body.properties should be not present")
	upd := e.okAt(sourcesVersion, "PATCH", "/v1/data_sources/"+dsID, map[string]any{"properties": map[string]any{"Extra": map[string]any{"rich_text": map[string]any{}}}})
	if dig(upd, "properties", "Extra", "type") != "rich_text" || dig(e.ok("GET", "/v1/databases/"+db, nil), "properties", "Extra", "type") != "rich_text" {
		t.Fatalf("the property added to the data source is not the database's: %v", upd["properties"])
	}
}

// TestPageParentDataSource: a data_source_id parent is accepted on both
// versions; at 2025-09-03 a database page's parent names its data source
// and its database ("Page" reference, parent object), at 2022-06-28 the
// database as before.
func TestPageParentDataSource(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	dsID := e.fake.DataSources(db)[0]
	for _, v := range []string{apiVersion, sourcesVersion} {
		p := e.okAt(v, "POST", "/v1/pages", map[string]any{"parent": map[string]any{"type": "data_source_id", "data_source_id": dsID},
			"properties": map[string]any{"Name": map[string]any{"title": text("at " + v)}}})
		id := str(p["id"])
		old := e.ok("GET", "/v1/pages/"+id, nil)
		if dig(old, "parent", "type") != "database_id" || dig(old, "parent", "database_id") != db {
			t.Fatalf("parent at 2022-06-28: %v", old["parent"])
		}
		now := e.okAt(sourcesVersion, "GET", "/v1/pages/"+id, nil)
		if dig(now, "parent", "type") != "data_source_id" || dig(now, "parent", "data_source_id") != dsID || dig(now, "parent", "database_id") != db {
			t.Fatalf("parent at 2025-09-03: %v", now["parent"])
		}
	}
	q := e.okAt(sourcesVersion, "POST", "/v1/data_sources/"+dsID+"/query", map[string]any{"page_size": 1})
	if len(arr(q["results"])) != 1 || q["has_more"] != true || dig(q, "results", 0, "parent", "data_source_id") != dsID {
		t.Fatalf("query of the data source: %v", q)
	}
	e.fails(e.at(apiVersion, "POST", "/v1/pages", map[string]any{"parent": map[string]any{"data_source_id": "0123456789abcdef0123456789abcdef"}}),
		404, "object_not_found", "Could not find data source with ID")
}

// TestSecondDataSourceRefusesTheOldVersion follows the upgrade guide's
// warning: after a person adds a data source, 2022-06-28 is refused
// creating pages with the database as parent, reading, writing and querying
// the database and writing relations that point to it, and search no longer
// finds it; 2025-09-03 reaches each source and its pages only.
func TestSecondDataSourceRefusesTheOldVersion(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	meetings, agendas, _ := e.linkedDBs()
	a := str(e.createPage(agendas, map[string]any{"Title": map[string]any{"title": text("first")}})["id"])
	m := str(e.createPage(meetings, nil)["id"])
	first := e.fake.DataSources(agendas)[0]
	second, err := e.fake.AddDataSource(agendas, "Archive", e.person)
	if err != nil {
		t.Fatal(err)
	}
	inSecond, err := e.fake.As(e.person).CreatePageIn(second, map[string]any{"Name": map[string]any{"title": text("elsewhere")}})
	if err != nil {
		t.Fatal(err)
	}
	const msg = "Databases with multiple data sources are not supported in this API version."
	e.fails(e.do("GET", "/v1/databases/"+agendas, nil), 400, "validation_error", msg)
	e.fails(e.do("PATCH", "/v1/databases/"+agendas, map[string]any{"title": text("x")}), 400, "validation_error", msg)
	e.fails(e.do("POST", "/v1/databases/"+agendas+"/query", nil), 400, "validation_error", msg)
	e.fails(e.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": agendas}}), 400, "validation_error", msg)
	relation := map[string]any{"properties": map[string]any{"Agendas": map[string]any{"relation": []any{map[string]any{"id": a}}}}}
	e.fails(e.do("PATCH", "/v1/pages/"+m, relation), 400, "validation_error", msg)
	search := e.ok("POST", "/v1/search", map[string]any{"filter": map[string]any{"property": "object", "value": "database"}})
	for _, r := range arr(search["results"]) {
		if dig(r, "id") == agendas {
			t.Fatalf("search at 2022-06-28 still finds the database of two sources")
		}
	}
	// A page of the database is still read and written at 2022-06-28.
	e.ok("PATCH", "/v1/pages/"+a, map[string]any{"properties": map[string]any{"Title": map[string]any{"title": text("renamed")}}})

	// 2025-09-03 sees both sources, each with its own pages.
	listed := arr(e.okAt(sourcesVersion, "GET", "/v1/databases/"+agendas, nil)["data_sources"])
	if len(listed) != 2 || dig(listed, 0, "id") != first || dig(listed, 1, "id") != second || dig(listed, 1, "name") != "Archive" {
		t.Fatalf("data_sources: %v", listed)
	}
	for src, want := range map[string]string{first: a, second: inSecond} {
		res := arr(e.okAt(sourcesVersion, "POST", "/v1/data_sources/"+src+"/query", nil)["results"])
		if len(res) != 1 || dig(res, 0, "id") != want {
			t.Fatalf("query of %s: %v", src, res)
		}
	}
	e.okAt(sourcesVersion, "PATCH", "/v1/pages/"+m, relation)
	e.okAt(apiVersion, "POST", "/v1/pages", map[string]any{"parent": map[string]any{"type": "data_source_id", "data_source_id": first}})
	found := map[string]bool{}
	res := e.okAt(sourcesVersion, "POST", "/v1/search", map[string]any{"filter": map[string]any{"property": "object", "value": "data_source"}})
	for _, r := range arr(res["results"]) {
		if dig(r, "object") != "data_source" {
			t.Fatalf("search for data sources returned %v", r)
		}
		found[str(dig(r, "id"))] = true
	}
	if !found[first] || !found[second] {
		t.Fatalf("search at 2025-09-03 found %v, want both sources of the database", found)
	}
	e.fails(e.at(sourcesVersion, "POST", "/v1/search", map[string]any{"filter": map[string]any{"property": "object", "value": "database"}}),
		400, "validation_error", "body.filter.value should be")
}

// TestWebhooksAtSourcesVersion: a subscription on 2025-09-03 names the data
// source in a page event's parent and sends data_source.content_updated
// with the changed page ("Event types & delivery").
func TestWebhooksAtSourcesVersion(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	sink := &webhookSink{}
	srv := httptest.NewServer(sink)
	defer srv.Close()
	if _, err := e.fake.SubscribeWebhookAt(context.Background(), srv.URL, sourcesVersion); err != nil {
		t.Fatal(err)
	}
	id, err := e.fake.As(e.person).CreatePage(db, map[string]any{"Name": map[string]any{"title": text("hi")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.fake.DeliverWebhooks(context.Background()); err != nil {
		t.Fatal(err)
	}
	ds := e.fake.DataSources(db)[0]
	var types []string
	for _, b := range sink.bodies[1:] {
		var ev map[string]any
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatal(err)
		}
		types = append(types, str(ev["type"]))
		switch ev["type"] {
		case "page.created":
			if dig(ev, "entity", "id") != id || dig(ev, "data", "parent", "data_source_id") != ds || dig(ev, "data", "parent", "type") != "database" {
				t.Fatalf("page.created: %s", b)
			}
		case "data_source.content_updated":
			if dig(ev, "entity", "type") != "data_source" || dig(ev, "entity", "id") != ds || dig(ev, "data", "updated_blocks", 0, "id") != id ||
				dig(ev, "data", "parent", "id") != db || ev["api_version"] != sourcesVersion {
				t.Fatalf("data_source.content_updated: %s", b)
			}
		}
	}
	if !slices.Equal(types, []string{"page.created", "data_source.content_updated"}) {
		t.Fatalf("events: %v", types)
	}
	if e.fake.DiscardWebhooks() != 0 {
		t.Fatal("delivered events stayed queued")
	}
}
