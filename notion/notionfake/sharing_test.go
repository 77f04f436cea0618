package notionfake

import (
	"net/http"
	"slices"
	"testing"
)

// as is the same environment seen through another integration's token.
func (e *env) as(token string) *env {
	other := *e
	other.token = token
	return &other
}

func (e *env) notFound(r response, kind, id string) {
	e.t.Helper()
	want := "Could not find " + kind + " with ID: " + id + ". Make sure the relevant pages and databases are shared with your integration."
	e.fails(r, http.StatusNotFound, "object_not_found", want)
	if r.body["message"] != want {
		e.t.Fatalf("message %q, want %q", r.body["message"], want)
	}
}

// sharedTree is root > Tasks (one row) and root > Child page > a paragraph, all made by
// the env's integration, plus a second integration added after root was shared.
type sharedTree struct {
	db, row, child, block string
	other                 *env
	otherBot              string
}

func newSharedTree(t *testing.T) (*env, sharedTree) {
	e := newEnv(t, Options{Seed: 3})
	var s sharedTree
	s.db = e.tasksDB()
	s.row = str(e.createPage(s.db, map[string]any{"Name": map[string]any{"title": text("row")}})["id"])
	s.child = str(e.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": e.root},
		"properties": map[string]any{"title": map[string]any{"title": text("Child")}}, "children": []any{para("hi")}})["id"])
	s.block = str(dig(e.ok("GET", "/v1/blocks/"+s.child+"/children", nil), "results", 0, "id"))
	token, bot := e.fake.AddIntegration("other")
	s.other, s.otherBot = e.as(token), bot
	return e, s
}

func TestUnsharedObjectsAnswerObjectNotFound(t *testing.T) {
	e, s := newSharedTree(t)
	o := s.other
	check := func() {
		t.Helper()
		o.notFound(o.do("GET", "/v1/pages/"+e.root, nil), "page", e.root)
		o.notFound(o.do("GET", "/v1/pages/"+s.row, nil), "page", s.row)
		o.notFound(o.do("GET", "/v1/databases/"+s.db, nil), "database", s.db)
		o.notFound(o.do("POST", "/v1/databases/"+s.db+"/query", nil), "database", s.db)
		o.notFound(o.do("GET", "/v1/blocks/"+s.block, nil), "block", s.block)
		o.notFound(o.do("GET", "/v1/blocks/"+s.child+"/children", nil), "block", s.child)
		o.notFound(o.do("PATCH", "/v1/pages/"+s.row, map[string]any{"properties": map[string]any{"Points": map[string]any{"number": 1}}}), "page", s.row)
		o.notFound(o.do("PATCH", "/v1/blocks/"+s.block, para("x")), "block", s.block)
		o.notFound(o.do("DELETE", "/v1/blocks/"+s.child, nil), "block", s.child)
		o.notFound(o.do("GET", "/v1/pages/"+s.row+"/properties/title", nil), "page", s.row)
	}
	check()
	// The integration that was shared the tree still sees all of it.
	for _, id := range []string{e.root, s.row, s.child, s.block, s.db} {
		e.ok("GET", "/v1/blocks/"+id, nil)
	}
	if err := e.fake.Share(e.root, s.otherBot); err != nil {
		t.Fatal(err)
	}
	o.ok("GET", "/v1/pages/"+s.row, nil)
	o.ok("GET", "/v1/blocks/"+s.block, nil)
	if got := o.ok("POST", "/v1/databases/"+s.db+"/query", nil); len(arr(got["results"])) != 1 {
		t.Fatalf("query after sharing: %v", got)
	}
	o.ok("PATCH", "/v1/pages/"+s.row, map[string]any{"properties": map[string]any{"Points": map[string]any{"number": 1}}})
	if err := e.fake.Unshare(e.root, s.otherBot); err != nil {
		t.Fatal(err)
	}
	check()
}

func TestSharingCoversTheSubtreeOnly(t *testing.T) {
	e, s := newSharedTree(t)
	o := s.other
	if err := e.fake.Share(s.child, s.otherBot); err != nil {
		t.Fatal(err)
	}
	o.ok("GET", "/v1/pages/"+s.child, nil)
	o.ok("GET", "/v1/blocks/"+s.block, nil)
	o.notFound(o.do("GET", "/v1/pages/"+e.root, nil), "page", e.root)
	o.notFound(o.do("GET", "/v1/databases/"+s.db, nil), "database", s.db)

	// A shared database brings its rows, not its parent page.
	if err := e.fake.Share(s.db, s.otherBot); err != nil {
		t.Fatal(err)
	}
	if got := o.ok("POST", "/v1/databases/"+s.db+"/query", nil); dig(got, "results", 0, "id") != s.row {
		t.Fatalf("rows of a shared database: %v", got)
	}
	o.ok("GET", "/v1/pages/"+s.row, nil)
	o.notFound(o.do("GET", "/v1/pages/"+e.root, nil), "page", e.root)
	if !e.fake.CanAccess(s.otherBot, s.row) || e.fake.CanAccess(s.otherBot, e.root) {
		t.Fatal("CanAccess disagrees with the API")
	}
}

func TestSearchReturnsOnlySharedObjects(t *testing.T) {
	e, s := newSharedTree(t)
	ids := func(v *env) []string {
		var out []string
		for _, r := range arr(v.ok("POST", "/v1/search", map[string]any{})["results"]) {
			out = append(out, str(obj(r)["id"]))
		}
		slices.Sort(out)
		return out
	}
	if got := ids(s.other); len(got) != 0 {
		t.Fatalf("search before sharing: %v", got)
	}
	if got := ids(e); len(got) != 4 {
		t.Fatalf("search of the shared integration: %v", got)
	}
	if err := e.fake.Share(s.db, s.otherBot); err != nil {
		t.Fatal(err)
	}
	want := []string{s.db, s.row}
	slices.Sort(want)
	if got := ids(s.other); !slices.Equal(got, want) {
		t.Fatalf("search after sharing the database: %v, want %v", got, want)
	}
}

func TestCreatingUnderAnUnsharedParentFails(t *testing.T) {
	e, s := newSharedTree(t)
	o := s.other
	page := map[string]any{"parent": map[string]any{"page_id": e.root}}
	o.notFound(o.do("POST", "/v1/pages", page), "page", e.root)
	o.notFound(o.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": s.db}}), "database", s.db)
	o.notFound(o.do("POST", "/v1/databases", map[string]any{"parent": map[string]any{"page_id": e.root},
		"properties": map[string]any{"Name": map[string]any{"title": map[string]any{}}}}), "page", e.root)
	o.notFound(o.do("PATCH", "/v1/blocks/"+e.root+"/children", map[string]any{"children": []any{para("x")}}), "block", e.root)

	// What an integration creates under a shared parent is visible to it, not to others.
	if err := e.fake.Share(s.child, s.otherBot); err != nil {
		t.Fatal(err)
	}
	made := str(o.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": s.child}})["id"])
	o.ok("GET", "/v1/pages/"+made, nil)
	third, _ := e.fake.AddIntegration("third")
	e.as(third).notFound(e.as(third).do("GET", "/v1/pages/"+made, nil), "page", made)
}

func TestRelationToAnUnsharedDatabaseIsLeftOut(t *testing.T) {
	e := newEnv(t, Options{Seed: 4})
	meetings, agendas, _ := e.linkedDBs()
	a := str(e.createPage(agendas, nil)["id"])
	m := str(e.createPage(meetings, map[string]any{"Agendas": map[string]any{"relation": []any{map[string]any{"id": a}}}})["id"])
	e.ok("PATCH", "/v1/databases/"+meetings, map[string]any{"properties": map[string]any{"Count": map[string]any{"rollup": map[string]any{
		"relation_property_name": "Agendas", "rollup_property_name": "Title", "function": "count"}}}})
	token, bot := e.fake.AddIntegration("other")
	o := e.as(token)
	if err := e.fake.Share(meetings, bot); err != nil {
		t.Fatal(err)
	}
	props := obj(o.ok("GET", "/v1/databases/"+meetings, nil)["properties"])
	if _, has := props["Agendas"]; has || props["Count"] != nil || props["Name"] == nil {
		t.Fatalf("database properties: %v", props)
	}
	props = obj(o.ok("GET", "/v1/pages/"+m, nil)["properties"])
	if _, has := props["Refs"]; has || props["Count"] != nil || props["Name"] == nil {
		t.Fatalf("page properties: %v", props)
	}
	if got := o.ok("POST", "/v1/databases/"+meetings+"/query", nil); dig(got, "results", 0, "properties", "Agendas") != nil {
		t.Fatalf("query result shows the relation: %v", got)
	}
	o.fails(o.do("POST", "/v1/databases/"+meetings+"/query", map[string]any{"filter": map[string]any{"or": []any{map[string]any{
		"property": "Agendas", "relation": map[string]any{"is_empty": true}}}}}), http.StatusBadRequest, "validation_error", "Could not find property with name or id: Agendas")
	o.fails(o.do("POST", "/v1/databases/"+meetings+"/query", map[string]any{"sorts": []any{map[string]any{"property": "Refs", "direction": "ascending"}}}),
		http.StatusBadRequest, "validation_error", "Could not find sort property with name or id: Refs")
	relID := str(dig(e.ok("GET", "/v1/databases/"+meetings, nil), "properties", "Agendas", "id"))
	o.fails(o.do("GET", "/v1/pages/"+m+"/properties/"+relID, nil), http.StatusBadRequest, "validation_error", "is not a property that exists")
	o.fails(o.do("PATCH", "/v1/pages/"+m, map[string]any{"properties": map[string]any{"Agendas": map[string]any{"relation": []any{}}}}),
		http.StatusBadRequest, "validation_error", "Agendas is not a property that exists")
	o.notFound(o.do("PATCH", "/v1/databases/"+meetings, map[string]any{"properties": map[string]any{
		"More": map[string]any{"relation": map[string]any{"database_id": agendas, "single_property": map[string]any{}}}}}), "database", agendas)

	// Once the related database is shared too, the relation and its page IDs appear.
	if err := e.fake.Share(agendas, bot); err != nil {
		t.Fatal(err)
	}
	if got := o.ok("GET", "/v1/pages/"+m, nil); dig(got, "properties", "Agendas", "relation", 0, "id") != a || dig(got, "properties", "Count") == nil {
		t.Fatalf("relation after sharing: %v", dig(got, "properties", "Agendas"))
	}
	if got := o.ok("GET", "/v1/pages/"+m+"/properties/"+relID, nil); dig(got, "results", 0, "relation", "id") != a {
		t.Fatalf("property item after sharing: %v", got)
	}
}

func TestShareAndUnshareErrors(t *testing.T) {
	e, s := newSharedTree(t)
	for name, err := range map[string]error{
		"block":         e.fake.Share(s.block, s.otherBot),
		"unknown":       e.fake.Share("00000000-0000-4000-8000-000000000000", s.otherBot),
		"person":        e.fake.Share(e.root, e.person),
		"malformed":     e.fake.Share("nope", s.otherBot),
		"never shared":  e.fake.Unshare(e.root, s.otherBot),
		"inherited":     e.fake.Unshare(s.child, e.botID),
		"unknown unsh.": e.fake.Unshare(s.db, "00000000-0000-4000-8000-000000000000"),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if err := e.fake.Share(e.root, s.otherBot); err != nil {
		t.Fatal(err)
	}
	if err := e.fake.Share(e.root, s.otherBot); err != nil {
		t.Fatalf("sharing twice: %v", err)
	}
	if err := e.fake.Unshare(e.root, s.otherBot); err != nil {
		t.Fatal(err)
	}
	if e.fake.CanAccess(s.otherBot, e.root) {
		t.Fatal("one Unshare undoes any number of Shares, as in Notion's UI")
	}
}
