package notionfake

import (
	"testing"
)

// linkedDBs creates Meetings and Agendas with a dual relation Meetings.Agendas <-> Agendas.
func (e *env) linkedDBs() (meetings, agendas string, syncedName string) {
	e.t.Helper()
	agendas = str(e.ok("POST", "/v1/databases", map[string]any{
		"parent": map[string]any{"page_id": e.root}, "title": text("Agendas"),
		"properties": map[string]any{"Title": map[string]any{"title": map[string]any{}}},
	})["id"])
	m := e.ok("POST", "/v1/databases", map[string]any{
		"parent": map[string]any{"page_id": e.root}, "title": text("Meetings"),
		"properties": map[string]any{
			"Name":    map[string]any{"title": map[string]any{}},
			"Agendas": map[string]any{"relation": map[string]any{"database_id": agendas, "type": "dual_property", "dual_property": map[string]any{}}},
			"Refs":    map[string]any{"relation": map[string]any{"database_id": agendas, "single_property": map[string]any{}}},
		},
	})
	meetings = str(m["id"])
	syncedName = str(dig(m, "properties", "Agendas", "relation", "dual_property", "synced_property_name"))
	return meetings, agendas, syncedName
}

func TestDualRelationCreatesSyncedPropertyAndUpdatesOtherSide(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	meetings, agendas, synced := e.linkedDBs()
	if synced != "Related to Meetings (Agendas)" {
		t.Fatalf("synced property name: %q", synced)
	}
	adb := e.ok("GET", "/v1/databases/"+agendas, nil)
	if dig(adb, "properties", synced, "relation", "database_id") != meetings {
		t.Fatalf("synced property missing: %v", adb["properties"])
	}
	a1 := str(e.createPage(agendas, nil)["id"])
	a2 := str(e.createPage(agendas, nil)["id"])
	m := e.createPage(meetings, map[string]any{"Agendas": map[string]any{"relation": []any{map[string]any{"id": a1}, map[string]any{"id": a2}}},
		"Refs": map[string]any{"relation": []any{map[string]any{"id": a1}}}})
	back := e.ok("GET", "/v1/pages/"+a1, nil)
	if dig(back, "properties", synced, "relation", 0, "id") != m["id"] {
		t.Fatalf("other side not updated: %v", dig(back, "properties", synced))
	}
	// Removing a2 on the meeting side removes the meeting from a2.
	e.ok("PATCH", "/v1/pages/"+str(m["id"]), map[string]any{"properties": map[string]any{"Agendas": map[string]any{"relation": []any{map[string]any{"id": a1}}}}})
	if got := arr(dig(e.ok("GET", "/v1/pages/"+a2, nil), "properties", synced, "relation")); len(got) != 0 {
		t.Fatalf("a2 still related: %v", got)
	}
	// A relation to a page outside the related database is refused.
	r := e.do("PATCH", "/v1/pages/"+str(m["id"]), map[string]any{"properties": map[string]any{"Refs": map[string]any{"relation": []any{map[string]any{"id": m["id"]}}}}})
	e.fails(r, 400, "validation_error", "not in the related database")
}

func TestRelationReadsTruncateAt25AndPropertyItemPagesThroughAll(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	meetings, agendas, _ := e.linkedDBs()
	var rel []any
	for range 130 {
		rel = append(rel, map[string]any{"id": e.createPage(agendas, nil)["id"]})
	}
	r := e.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": meetings},
		"properties": map[string]any{"Agendas": map[string]any{"relation": rel[:101]}}})
	e.fails(r, 400, "validation_error", "body failed validation: body.properties.Agendas.relation.length should be ≤ `100`, instead was `101`.")
	m := e.createPage(meetings, map[string]any{"Agendas": map[string]any{"relation": rel[:100]}})
	id := str(m["id"])
	e.ok("PATCH", "/v1/pages/"+id, map[string]any{"properties": map[string]any{"Agendas": map[string]any{"relation": rel[30:130]}}})
	got := e.ok("GET", "/v1/pages/"+id, nil)
	prop := obj(dig(got, "properties", "Agendas"))
	if len(arr(prop["relation"])) != 25 || prop["has_more"] != true {
		t.Fatalf("page read: %d items, has_more %v", len(arr(prop["relation"])), prop["has_more"])
	}
	propID := str(prop["id"])
	var all []any
	cursor := ""
	for pages := 0; ; pages++ {
		path := "/v1/pages/" + id + "/properties/" + propID + "?page_size=40"
		if cursor != "" {
			path += "&start_cursor=" + cursor
		}
		list := e.ok("GET", path, nil)
		if list["object"] != "list" || list["type"] != "property_item" || dig(list, "property_item", "type") != "relation" {
			t.Fatalf("envelope: %v", list)
		}
		all = append(all, arr(list["results"])...)
		if list["has_more"] != true {
			break
		}
		cursor = str(list["next_cursor"])
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
	}
	if len(all) != 100 || dig(all[0], "relation", "id") != dig(rel[30], "id") || dig(all[99], "relation", "id") != dig(rel[129], "id") {
		t.Fatalf("property item pages: %d items", len(all))
	}
	e.fails(e.do("GET", "/v1/pages/"+id+"/properties/"+propID+"?page_size=101", nil), 400, "validation_error", "page_size should be ≤ `100`, instead was `101`.")
	if n := len(e.fake.RelationIDs(id, "Agendas")); n != 100 {
		t.Fatalf("RelationIDs: %d", n)
	}
}

func TestMultipleDataSourcesAreRefused(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	meetings, agendas, _ := e.linkedDBs()
	a := str(e.createPage(agendas, nil)["id"])
	m := str(e.createPage(meetings, nil)["id"])
	if err := e.fake.SetDataSourceCount(agendas, 2); err != nil {
		t.Fatal(err)
	}
	const msg = "Databases with multiple data sources are not supported in this API version."
	e.fails(e.do("POST", "/v1/databases/"+agendas+"/query", nil), 400, "validation_error", msg)
	e.fails(e.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": agendas}}), 400, "validation_error", msg)
	e.fails(e.do("PATCH", "/v1/pages/"+m, map[string]any{"properties": map[string]any{"Agendas": map[string]any{"relation": []any{map[string]any{"id": a}}}}}), 400, "validation_error", msg)
}
