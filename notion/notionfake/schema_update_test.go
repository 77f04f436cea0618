package notionfake

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRenamedRelationIsNamedByItsNewNameOnBothSides(t *testing.T) {
	e := newEnv(t, Options{Seed: 3})
	meetings, agendas, synced := e.linkedDBs()
	// The back property (on Agendas) is renamed: Meetings' relation names it anew.
	e.ok("PATCH", "/v1/databases/"+agendas, map[string]any{"properties": map[string]any{synced: map[string]any{"name": "会議"}}})
	m := e.ok("GET", "/v1/databases/"+meetings, nil)
	if got := dig(m, "properties", "Agendas", "relation", "dual_property", "synced_property_name"); got != "会議" {
		t.Fatalf("after renaming the back property, Meetings says it is %v", got)
	}
	// The front property (on Meetings) is renamed: Agendas' back property names it anew.
	e.ok("PATCH", "/v1/databases/"+meetings, map[string]any{"properties": map[string]any{"Agendas": map[string]any{"name": "議題"}}})
	a := e.ok("GET", "/v1/databases/"+agendas, nil)
	if got := dig(a, "properties", "会議", "relation", "dual_property", "synced_property_name"); got != "議題" {
		t.Fatalf("after renaming the front property, Agendas says it is %v", got)
	}
	// A person's rename in the UI follows the same rule.
	if err := e.fake.As(e.person).UpdateDatabase(agendas, map[string]any{"会議": map[string]any{"name": "ミーティング"}}); err != nil {
		t.Fatal(err)
	}
	m = e.ok("GET", "/v1/databases/"+meetings, nil)
	if got := dig(m, "properties", "議題", "relation", "dual_property", "synced_property_name"); got != "ミーティング" {
		t.Fatalf("after a person's rename, Meetings says %v", got)
	}
}

func selectDB(e *env) (db string, optionID func(name string) string) {
	db = str(e.ok("POST", "/v1/databases", map[string]any{
		"parent": map[string]any{"page_id": e.root}, "title": text("Agendas"),
		"properties": map[string]any{
			"Name":  map[string]any{"title": map[string]any{}},
			"優先度":   map[string]any{"select": map[string]any{"options": []any{map[string]any{"name": "高"}, map[string]any{"name": "中"}, map[string]any{"name": "低"}}}},
			"State": map[string]any{"status": map[string]any{}},
		},
	})["id"])
	return db, func(name string) string {
		for _, o := range arr(dig(e.ok("GET", "/v1/databases/"+db, nil), "properties", "優先度", "select", "options")) {
			if obj(o)["name"] == name {
				return str(obj(o)["id"])
			}
		}
		return ""
	}
}

func TestSelectOptionsKeepTheirIDsAndOmittedOnesAreRemoved(t *testing.T) {
	e := newEnv(t, Options{Seed: 4})
	db, optionID := selectDB(e)
	high, low := optionID("高"), optionID("低")
	p := str(e.createPage(db, map[string]any{"優先度": map[string]any{"select": map[string]any{"name": "低"}}})["id"])
	// Keep 高 by ID (a new name for it is ignored: names of existing options stay), keep 中 by name, drop 低, add 最低.
	e.ok("PATCH", "/v1/databases/"+db, map[string]any{"properties": map[string]any{"優先度": map[string]any{"select": map[string]any{
		"options": []any{map[string]any{"id": high, "name": "High"}, map[string]any{"name": "中"}, map[string]any{"name": "最低"}}}}}})
	if optionID("高") != high || optionID("High") != "" || optionID("中") == "" || optionID("最低") == "" || optionID("低") != "" {
		t.Fatalf("options after the update: 高 %q (was %q), High %q, 中 %q, 最低 %q, 低 %q", optionID("高"), high, optionID("High"), optionID("中"), optionID("最低"), optionID("低"))
	}
	if got := dig(e.ok("GET", "/v1/pages/"+p, nil), "properties", "優先度", "select"); got != nil {
		t.Fatalf("a page holding the removed option %s still shows %v", low, got)
	}
	// A select value can be written by option ID.
	e.ok("PATCH", "/v1/pages/"+p, map[string]any{"properties": map[string]any{"優先度": map[string]any{"select": map[string]any{"id": high}}}})
	if got := dig(e.ok("GET", "/v1/pages/"+p, nil), "properties", "優先度", "select", "name"); got != "高" {
		t.Fatalf("written by ID: %v", got)
	}
}

func TestStatusOptionsChangeOnlyInTheUI(t *testing.T) {
	e := newEnv(t, Options{Seed: 5})
	db, _ := selectDB(e)
	r := e.do("PATCH", "/v1/databases/"+db, map[string]any{"properties": map[string]any{"State": map[string]any{"status": map[string]any{"options": []any{map[string]any{"name": "完了"}}}}}})
	e.fails(r, 400, "validation_error", "cannot be updated through the API")
	r = e.do("PATCH", "/v1/databases/"+db, map[string]any{"properties": map[string]any{"優先度": map[string]any{"status": map[string]any{}}}})
	e.fails(r, 400, "validation_error", "to a status property")
	before := dig(e.ok("GET", "/v1/databases/"+db, nil), "properties", "State", "status")
	p := str(e.createPage(db, nil)["id"])
	// A person renames Done and adds 中止 to the Complete group; pages keep their option by ID.
	ed := e.fake.As(e.person)
	if err := ed.RenameOption(db, "State", "Not started", "未着手"); err != nil {
		t.Fatal(err)
	}
	if err := ed.AddStatusOption(db, "State", "中止", "Complete"); err != nil {
		t.Fatal(err)
	}
	after := e.ok("GET", "/v1/databases/"+db, nil)
	if got := dig(e.ok("GET", "/v1/pages/"+p, nil), "properties", "State", "status", "name"); got != "未着手" {
		t.Fatalf("a page holding the renamed option shows %v", got)
	}
	if id := dig(before, "options", 0, "id"); dig(after, "properties", "State", "status", "options", 0, "id") != id {
		t.Fatalf("the renamed option changed its ID")
	}
	groups := arr(dig(after, "properties", "State", "status", "groups"))
	complete := obj(groups[2])
	if complete["name"] != "Complete" || len(arr(complete["option_ids"])) != 2 {
		t.Fatalf("the Complete group after adding 中止: %v", complete)
	}
	e.ok("PATCH", "/v1/pages/"+p, map[string]any{"properties": map[string]any{"State": map[string]any{"status": map[string]any{"name": "中止"}}}})
}

func TestDateWithTimeZoneIsAnsweredWithItsOffset(t *testing.T) {
	e := newEnv(t, Options{Seed: 6})
	db := str(e.ok("POST", "/v1/databases", map[string]any{
		"parent": map[string]any{"page_id": e.root}, "title": text("Meetings"),
		"properties": map[string]any{"Name": map[string]any{"title": map[string]any{}}, "Date": map[string]any{"date": map[string]any{}}},
	})["id"])
	p := e.createPage(db, map[string]any{"Date": map[string]any{"date": map[string]any{"start": "2024-06-03T10:00:00", "end": "2024-06-03T11:30", "time_zone": "Asia/Tokyo"}}})
	got := obj(dig(p, "properties", "Date", "date"))
	if got["start"] != "2024-06-03T10:00:00.000+09:00" || got["end"] != "2024-06-03T11:30:00.000+09:00" || got["time_zone"] != nil {
		t.Fatalf("date with a time zone answered as %v", got)
	}
	for _, bad := range []map[string]any{
		{"start": "2024-06-03T10:00:00Z", "time_zone": "Asia/Tokyo"},
		{"start": "2024-06-03", "time_zone": "Asia/Tokyo"},
		{"start": "2024-06-03T10:00:00", "end": "2024-06-03T11:00:00+09:00", "time_zone": "Asia/Tokyo"},
	} {
		r := e.do("PATCH", "/v1/pages/"+str(p["id"]), map[string]any{"properties": map[string]any{"Date": map[string]any{"date": bad}}})
		e.fails(r, 400, "validation_error", "without a UTC offset")
	}
}

func TestRequestLogKeepsBodiesAndSchemaOrder(t *testing.T) {
	e := newEnv(t, Options{Seed: 7})
	db, _ := selectDB(e)
	e.ok("PATCH", "/v1/databases/"+db, map[string]any{"properties": map[string]any{"kaigi ID": map[string]any{"rich_text": map[string]any{}}}})
	if names := e.fake.PropertyNames(db); names[len(names)-1] != "kaigi ID" {
		t.Fatalf("a property added later is not last: %v", names)
	}
	e.createPage(db, map[string]any{"優先度": map[string]any{"select": map[string]any{"name": "中"}}})
	var last RequestRecord
	for _, r := range e.fake.Requests() {
		if r.Method == "POST" && r.Path == "/v1/pages" {
			last = r
		}
	}
	var body map[string]any
	if err := json.Unmarshal(last.Body, &body); err != nil || !strings.Contains(string(last.Body), "優先度") || dig(body, "parent", "database_id") != db {
		t.Fatalf("the logged body of the create: %s (%v)", last.Body, err)
	}
}
