package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// seen is one request a documented-shapes server received.
type seen struct {
	method, path, version string
	body                  map[string]any
}

// documented answers in the shapes of developers.notion.com's reference at
// 2025-09-03 ("Retrieve a database", "Retrieve a data source", "Query a
// data source", "Page" with a data_source_id parent), whatever was asked.
func documented(t *testing.T) (*Client, func() []seen) {
	t.Helper()
	var mu sync.Mutex
	var got []seen
	const db, ds, page = "842a0286-cef0-46a8-abba-eac4c8ca644e", "2f26ee68-df30-4251-aad4-8ddc420cba3d", "59833787-2cf9-4fdf-8782-e53db20768a5"
	pageJSON := `{"object":"page","id":"` + page + `","created_time":"2025-09-03T09:00:00.000Z","last_edited_time":"2025-09-03T09:01:00.000Z",
		"last_edited_by":{"object":"user","id":"7775f3a3-893f-43fa-b625-460c61094c78"},"in_trash":false,"archived":false,
		"parent":{"type":"data_source_id","data_source_id":"` + ds + `","database_id":"` + db + `"},
		"properties":{"Name":{"id":"title","type":"title","title":[{"type":"text","text":{"content":"Tuscan kale","link":null},"plain_text":"Tuscan kale","href":null}]}},
		"url":"https://www.notion.so/59833787","public_url":null}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		mu.Lock()
		got = append(got, seen{r.Method, r.URL.Path, r.Header.Get("Notion-Version"), body})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/v1/databases/"+db && r.Method == http.MethodGet:
			io.WriteString(w, `{"object":"database","id":"`+db+`","title":[{"type":"text","text":{"content":"Grocery list"},"plain_text":"Grocery list"}],
				"parent":{"type":"page_id","page_id":"af5f89b5-a8ff-4c56-a5e8-69797d11b9f8"},"is_inline":false,"in_trash":false,
				"data_sources":[{"id":"`+ds+`","name":"Grocery list"},{"id":"a42a62ed-9b51-4b98-9dea-ea6d091bc508","name":"Pantry"}]}`)
		case r.URL.Path == "/v1/data_sources/"+ds && r.Method == http.MethodGet:
			io.WriteString(w, `{"object":"data_source","id":"`+ds+`","title":[{"type":"text","text":{"content":"Grocery list"},"plain_text":"Grocery list"}],
				"parent":{"type":"database_id","database_id":"`+db+`"},"database_parent":{"type":"page_id","page_id":"af5f89b5-a8ff-4c56-a5e8-69797d11b9f8"},
				"properties":{"Name":{"id":"title","name":"Name","type":"title","title":{}},
				"Store":{"id":"%3AUPp","name":"Store","type":"relation","relation":{"data_source_id":"6c4240a9-a3ce-413e-9fd0-8a51a4d0a49b","database_id":"9d1f5ea5-3bd7-4b4a-a5a5-8e5b84cf4f8d","type":"dual_property","dual_property":{"synced_property_name":"Groceries","synced_property_id":"t%5Bq%3E"}}},
				"Kind":{"id":"kind","name":"Kind","type":"select","select":{"options":[{"id":"o1","name":"Vegetable","color":"green"}]}}},
				"url":"https://www.notion.so/842a0286"}`)
		case strings.HasSuffix(r.URL.Path, "/query"):
			io.WriteString(w, `{"object":"list","results":[`+pageJSON+`],"next_cursor":null,"has_more":false,"type":"page_or_data_source","page_or_data_source":{}}`)
		default:
			io.WriteString(w, pageJSON)
		}
	}))
	t.Cleanup(srv.Close)
	tr, err := NewTransport(TransportOptions{BaseURL: srv.URL, MaxAttempts: 1, Burst: 10})
	if err != nil {
		t.Fatal(err)
	}
	return NewClient(NewToken("secret_test"), tr), func() []seen { mu.Lock(); defer mu.Unlock(); return append([]seen(nil), got...) }
}

// TestDataSourceCallsSpeakTheirVersion: each data source call goes to its
// documented path at 2025-09-03 and reads the documented answer; the calls
// that stay on 2022-06-28 say so in their header.
func TestDataSourceCallsSpeakTheirVersion(t *testing.T) {
	ctx := context.Background()
	c, requests := documented(t)
	const db, ds = "842a0286-cef0-46a8-abba-eac4c8ca644e", "2f26ee68-df30-4251-aad4-8ddc420cba3d"

	list, err := c.DataSources(ctx, db)
	if err != nil || len(list) != 2 || list[0] != (DataSource{ID: ds, Name: "Grocery list"}) || list[1].Name != "Pantry" {
		t.Fatalf("data sources: %+v, %v", list, err)
	}
	schema, err := c.DataSourceSchema(ctx, ds)
	if err != nil || schema.ID != db || schema.Source != ds || schema.Title != "Grocery list" {
		t.Fatalf("schema: %+v, %v", schema, err)
	}
	if p := schema.Properties["Store"]; p.Type != "relation" || p.RelationTo != "9d1f5ea5-3bd7-4b4a-a5a5-8e5b84cf4f8d" || p.SyncedName != "Groceries" {
		t.Fatalf("relation property: %+v", p)
	}
	if o, ok := schema.Properties["Kind"].Option("", "Vegetable"); !ok || o.ID != "o1" {
		t.Fatalf("select property: %+v", schema.Properties["Kind"])
	}
	var pages []Page
	if err := c.QueryTable(ctx, Table{Database: db, Source: ds}, EditedSince(time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)), func(p Page) error {
		pages = append(pages, p)
		return nil
	}); err != nil || len(pages) != 1 || pages[0].Parent.DataSourceID != ds || pages[0].Parent.DatabaseID != db {
		t.Fatalf("query of the source: %+v, %v", pages, err)
	}
	if _, _, err := c.ScanTable(ctx, Table{Database: db}, nil, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreatePageIn(ctx, Version, ds, map[string]any{"Name": map[string]any{"title": []any{}}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdatePageAt(ctx, SourcesVersion, "59833787-2cf9-4fdf-8782-e53db20768a5", map[string]any{"properties": map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	if src, err := c.PageSource(ctx, "59833787-2cf9-4fdf-8782-e53db20768a5"); err != nil || src != ds {
		t.Fatalf("page source: %q, %v", src, err)
	}
	if err := c.UpdateSourceProperties(ctx, ds, map[string]any{"kaigi ID": map[string]any{"rich_text": map[string]any{}}}); err != nil {
		t.Fatal(err)
	}
	want := []struct{ method, path, version string }{
		{"GET", "/v1/databases/" + db, SourcesVersion},
		{"GET", "/v1/data_sources/" + ds, SourcesVersion},
		{"POST", "/v1/data_sources/" + ds + "/query", SourcesVersion},
		{"POST", "/v1/databases/" + db + "/query", Version},
		{"POST", "/v1/pages", Version},
		{"PATCH", "/v1/pages/59833787-2cf9-4fdf-8782-e53db20768a5", SourcesVersion},
		{"GET", "/v1/pages/59833787-2cf9-4fdf-8782-e53db20768a5", SourcesVersion},
		{"PATCH", "/v1/data_sources/" + ds, SourcesVersion},
	}
	got := requests()
	if len(got) != len(want) {
		t.Fatalf("%d requests, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].method != w.method || got[i].path != w.path || got[i].version != w.version {
			t.Errorf("request %d: %s %s at %s, want %s %s at %s", i, got[i].method, got[i].path, got[i].version, w.method, w.path, w.version)
		}
	}
	if parent, _ := got[4].body["parent"].(map[string]any); parent["type"] != "data_source_id" || parent["data_source_id"] != ds {
		t.Errorf("create's parent: %v", got[4].body["parent"])
	}
	if sorts, _ := got[2].body["sorts"].([]any); len(sorts) != 1 || got[2].body["filter"] == nil {
		t.Errorf("the source's query lost its sort or filter: %v", got[2].body)
	}
	if props, _ := got[7].body["properties"].(map[string]any); props["kaigi ID"] == nil {
		t.Errorf("the source's update: %v", got[7].body)
	}
}

// TestSeveralSourcesIsRecognised: Notion's 400 for a database of several
// data sources is told apart from other refusals, explained or not.
func TestSeveralSourcesIsRecognised(t *testing.T) {
	raw := &APIError{Status: 400, Code: "validation_error", Message: "Databases with multiple data sources are not supported in this API version."}
	if !SeveralSources(raw) || !SeveralSources(Explain(raw, "database", "x")) {
		t.Fatal("the multiple data sources refusal is not recognised")
	}
	other := &APIError{Status: 400, Code: "validation_error", Message: "Name is not a property that exists."}
	if SeveralSources(other) || SeveralSources(Explain(other, "database", "x")) || SeveralSources(nil) {
		t.Fatal("another refusal is taken for several data sources")
	}
}
