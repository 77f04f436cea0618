package notionfake

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/jomei/notionapi"
)

// rewriteHost sends jomei's https://api.notion.com requests to the fake.
type rewriteHost struct{ target *url.URL }

func (rt rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = rt.target.Scheme, rt.target.Host, rt.target.Host
	return http.DefaultTransport.RoundTrip(r)
}

func jomeiClient(t *testing.T, e *env) (*notionapi.Client, *http.Client) {
	t.Helper()
	target, err := url.Parse(e.url)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Transport: rewriteHost{target}}
	return notionapi.NewClient(notionapi.Token(e.token), notionapi.WithHTTPClient(hc), notionapi.WithRetry(1)), hc
}

func jomeiText(s string) []notionapi.RichText {
	return []notionapi.RichText{{Text: &notionapi.Text{Content: s}}}
}

// jomeiFixture creates a database with Name and Points and one page through jomei.
func jomeiFixture(t *testing.T) (*env, *notionapi.Client, *notionapi.Database, *notionapi.Page) {
	t.Helper()
	e := newEnv(t, Options{Seed: 3})
	c, _ := jomeiClient(t, e)
	ctx := context.Background()
	db, err := c.Database.Create(ctx, &notionapi.DatabaseCreateRequest{
		Parent: notionapi.Parent{Type: notionapi.ParentTypePageID, PageID: notionapi.PageID(e.root)},
		Title:  jomeiText("Decisions"),
		Properties: notionapi.PropertyConfigs{
			"Name":   notionapi.TitlePropertyConfig{Type: notionapi.PropertyConfigTypeTitle},
			"Points": notionapi.NumberPropertyConfig{Type: notionapi.PropertyConfigTypeNumber},
		},
	})
	if err != nil {
		t.Fatalf("database create: %v", err)
	}
	p, err := c.Page.Create(ctx, &notionapi.PageCreateRequest{
		Parent: notionapi.Parent{Type: notionapi.ParentTypeDatabaseID, DatabaseID: notionapi.DatabaseID(db.ID)},
		Properties: notionapi.Properties{
			"Name":   notionapi.TitleProperty{Title: jomeiText("Use SQLite")},
			"Points": notionapi.NumberProperty{Number: 8},
		},
	})
	if err != nil {
		t.Fatalf("page create: %v", err)
	}
	return e, c, db, p
}

func TestJomeiUsers(t *testing.T) {
	e := newEnv(t, Options{Seed: 3})
	c, _ := jomeiClient(t, e)
	ctx := context.Background()
	me, err := c.User.Me(ctx)
	if err != nil || string(me.ID) != e.botID || me.Bot == nil {
		t.Fatalf("me: %+v %v", me, err)
	}
	list, err := c.User.List(ctx, nil)
	if err != nil || len(list.Results) != 2 {
		t.Fatalf("list: %+v %v", list, err)
	}
	u, err := c.User.Get(ctx, notionapi.UserID(e.person))
	if err != nil || u.Person == nil || u.Person.Email != "ada@example.com" {
		t.Fatalf("get: %+v %v", u, err)
	}
}

func TestJomeiDatabases(t *testing.T) {
	_, c, db, _ := jomeiFixture(t)
	ctx := context.Background()
	got, err := c.Database.Get(ctx, notionapi.DatabaseID(db.ID))
	if err != nil || got.Title[0].PlainText != "Decisions" || got.Properties["Name"].GetType() != notionapi.PropertyConfigTypeTitle {
		t.Fatalf("get: %+v %v", got, err)
	}
	updated, err := c.Database.Update(ctx, notionapi.DatabaseID(db.ID), &notionapi.DatabaseUpdateRequest{
		Title:      jomeiText("Decisions log"),
		Properties: notionapi.PropertyConfigs{"Notes": notionapi.RichTextPropertyConfig{Type: notionapi.PropertyConfigTypeRichText}},
	})
	if err != nil || updated.Title[0].PlainText != "Decisions log" || updated.Properties["Notes"] == nil {
		t.Fatalf("update: %+v %v", updated, err)
	}
	min := 5.0
	res, err := c.Database.Query(ctx, notionapi.DatabaseID(db.ID), &notionapi.DatabaseQueryRequest{
		Filter: notionapi.PropertyFilter{Property: "Points", Number: &notionapi.NumberFilterCondition{GreaterThan: &min}},
		Sorts:  []notionapi.SortObject{{Timestamp: notionapi.TimestampLastEdited, Direction: notionapi.SortOrderASC}},
	})
	if err != nil || len(res.Results) != 1 || res.HasMore {
		t.Fatalf("query: %+v %v", res, err)
	}
}

func TestJomeiPages(t *testing.T) {
	e, c, _, p := jomeiFixture(t)
	ctx := context.Background()
	got, err := c.Page.Get(ctx, notionapi.PageID(p.ID))
	if err != nil || got.Properties["Points"].(*notionapi.NumberProperty).Number != 8 {
		t.Fatalf("get: %+v %v", got, err)
	}
	updated, err := c.Page.Update(ctx, notionapi.PageID(p.ID), &notionapi.PageUpdateRequest{
		Properties: notionapi.Properties{"Points": notionapi.NumberProperty{Number: 13}},
	})
	if err != nil || updated.Properties["Points"].(*notionapi.NumberProperty).Number != 13 {
		t.Fatalf("update: %+v %v", updated, err)
	}
	if got.CreatedTime.Second() != 0 || got.URL == "" {
		t.Fatalf("page fields: %+v", got)
	}
	// jomei has no property-item endpoint; the sync engine calls it over the same client.
	_, hc := jomeiClient(t, e)
	req, _ := http.NewRequest("GET", "https://api.notion.com/v1/pages/"+string(p.ID)+"/properties/title", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Notion-Version", "2022-06-28")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var item map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&item); err != nil || dig(item, "results", 0, "title", "plain_text") != "Use SQLite" {
		t.Fatalf("property item: %v %v", item, err)
	}
}

func TestJomeiBlocks(t *testing.T) {
	_, c, _, p := jomeiFixture(t)
	ctx := context.Background()
	appended, err := c.Block.AppendChildren(ctx, notionapi.BlockID(p.ID), &notionapi.AppendBlockChildrenRequest{
		Children: []notionapi.Block{
			notionapi.ParagraphBlock{BasicBlock: notionapi.BasicBlock{Object: notionapi.ObjectTypeBlock, Type: notionapi.BlockTypeParagraph},
				Paragraph: notionapi.Paragraph{RichText: jomeiText("Context")}},
			notionapi.Heading2Block{BasicBlock: notionapi.BasicBlock{Object: notionapi.ObjectTypeBlock, Type: notionapi.BlockTypeHeading2},
				Heading2: notionapi.Heading{RichText: jomeiText("Decision")}},
		},
	})
	if err != nil || len(appended.Results) != 2 {
		t.Fatalf("append: %+v %v", appended, err)
	}
	id := appended.Results[0].GetID()
	b, err := c.Block.Get(ctx, id)
	if err != nil || b.GetType() != notionapi.BlockTypeParagraph {
		t.Fatalf("get: %+v %v", b, err)
	}
	updated, err := c.Block.Update(ctx, id, &notionapi.BlockUpdateRequest{Paragraph: &notionapi.Paragraph{RichText: jomeiText("Context, revised")}})
	if err != nil || updated.(*notionapi.ParagraphBlock).Paragraph.RichText[0].PlainText != "Context, revised" {
		t.Fatalf("update: %+v %v", updated, err)
	}
	children, err := c.Block.GetChildren(ctx, notionapi.BlockID(p.ID), &notionapi.Pagination{PageSize: 1})
	if err != nil || len(children.Results) != 1 || !children.HasMore || children.NextCursor == "" {
		t.Fatalf("children: %+v %v", children, err)
	}
	rest, err := c.Block.GetChildren(ctx, notionapi.BlockID(p.ID), &notionapi.Pagination{StartCursor: notionapi.Cursor(children.NextCursor)})
	if err != nil || len(rest.Results) != 1 || rest.HasMore {
		t.Fatalf("children page 2: %+v %v", rest, err)
	}
	deleted, err := c.Block.Delete(ctx, id)
	if err != nil || !deleted.GetArchived() {
		t.Fatalf("delete: %+v %v", deleted, err)
	}
}

func TestJomeiSearchAndErrors(t *testing.T) {
	_, c, _, _ := jomeiFixture(t)
	ctx := context.Background()
	res, err := c.Search.Do(ctx, &notionapi.SearchRequest{Query: "Decisions", Filter: notionapi.SearchFilter{Property: "object", Value: "database"}})
	if err != nil || len(res.Results) != 1 || res.Results[0].GetObject() != notionapi.ObjectTypeDatabase {
		t.Fatalf("search: %+v %v", res, err)
	}
	_, err = c.Page.Get(ctx, "00000000-0000-4000-8000-000000000000")
	var apiErr *notionapi.Error
	if !asError(err, &apiErr) || apiErr.Code != "object_not_found" || apiErr.Status != 404 {
		t.Fatalf("not found: %v", err)
	}
}
