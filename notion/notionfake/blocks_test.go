package notionfake

import (
	"strings"
	"testing"
)

func para(s string) map[string]any {
	return map[string]any{"paragraph": map[string]any{"rich_text": text(s)}}
}

func nested(depth int) map[string]any {
	b := map[string]any{"toggle": map[string]any{"rich_text": text("t")}}
	if depth > 0 {
		obj(b["toggle"])["children"] = []any{nested(depth - 1)}
	}
	return b
}

func TestBlocksAppendListUpdateDelete(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	page := str(e.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": e.root}, "properties": map[string]any{"title": text("Notes")},
		"children": []any{para("first")}})["id"])
	appended := e.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{
		para("second"), map[string]any{"to_do": map[string]any{"rich_text": text("do"), "checked": true}}, nested(2)}})
	if len(arr(appended["results"])) != 3 || appended["type"] != "block" || dig(appended, "results", 1, "to_do", "checked") != true {
		t.Fatalf("append: %v", appended)
	}
	second := str(dig(appended, "results", 0, "id"))
	toggle := str(dig(appended, "results", 2, "id"))
	if dig(appended, "results", 2, "has_children") != true {
		t.Fatal("nested toggle has no children")
	}
	// Insert after the first block.
	first := str(dig(e.ok("GET", "/v1/blocks/"+page+"/children", nil), "results", 0, "id"))
	e.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"after": first, "children": []any{para("between")}})
	list := e.ok("GET", "/v1/blocks/"+page+"/children?page_size=2", nil)
	if list["has_more"] != true || dig(list, "results", 1, "paragraph", "rich_text", 0, "plain_text") != "between" {
		t.Fatalf("children page 1: %v", list)
	}
	updated := e.ok("PATCH", "/v1/blocks/"+second, map[string]any{"paragraph": map[string]any{"rich_text": []any{
		map[string]any{"text": map[string]any{"content": "bold"}, "annotations": map[string]any{"bold": true}}}}})
	if dig(updated, "paragraph", "rich_text", 0, "annotations", "bold") != true || dig(updated, "paragraph", "color") != "default" {
		t.Fatalf("update: %v", updated)
	}
	e.fails(e.do("PATCH", "/v1/blocks/"+second, map[string]any{"to_do": map[string]any{}}), 400, "validation_error", "should be not present")
	deleted := e.ok("DELETE", "/v1/blocks/"+second, nil)
	if deleted["in_trash"] != true || deleted["archived"] != true {
		t.Fatalf("delete: %v", deleted)
	}
	e.fails(e.do("PATCH", "/v1/blocks/"+second, map[string]any{"paragraph": map[string]any{"rich_text": text("x")}}), 400, "validation_error", "Can't edit block that is archived.")
	if got := len(arr(e.ok("GET", "/v1/blocks/"+page+"/children", nil)["results"])); got != 4 {
		t.Fatalf("children after delete: %d", got)
	}
	if tree := e.fake.Blocks(page); len(tree) != 4 || len(tree[3]["children"].([]map[string]any)) != 1 || tree[3]["id"] != toggle {
		t.Fatalf("Blocks tree: %v", tree)
	}
	// Deleting the page through the blocks endpoint trashes it.
	asBlock := e.ok("DELETE", "/v1/blocks/"+page, nil)
	if asBlock["type"] != "child_page" || dig(asBlock, "child_page", "title") != "Notes" || asBlock["has_children"] != true {
		t.Fatalf("page as block: %v", asBlock)
	}
	if got := e.ok("GET", "/v1/pages/"+page, nil); got["in_trash"] != true {
		t.Fatal("page not trashed")
	}
}

func TestRequestLimits(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	page := e.root
	many := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = para("x")
		}
		return out
	}
	cases := []struct {
		name string
		body any
		msg  string
	}{
		{"children per append", map[string]any{"children": many(101)}, "body failed validation: body.children.length should be ≤ `100`, instead was `101`."},
		{"text content", map[string]any{"children": []any{para(strings.Repeat("é", 2001))}},
			"body failed validation: body.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`."},
		{"rich text items", map[string]any{"children": []any{map[string]any{"paragraph": map[string]any{"rich_text": func() []any {
			var rt []any
			for range 101 {
				rt = append(rt, text("a")[0])
			}
			return rt
		}()}}}}, "body failed validation: body.children[0].paragraph.rich_text.length should be ≤ `100`, instead was `101`."},
		{"nesting depth", map[string]any{"children": []any{nested(3)}},
			"body failed validation: body.children[0].toggle.children[0].toggle.children[0].toggle.children should be not present"},
		{"payload size", map[string]any{"children": []any{para(strings.Repeat("x", 500_001))}}, "request body size"},
		{"block count", map[string]any{"children": func() []any {
			var out []any
			for range 100 {
				b := para("p")
				obj(b["paragraph"])["children"] = many(10)
				out = append(out, b)
			}
			return out
		}()}, "≤ `1000` block elements"},
	}
	for _, c := range cases {
		e.fails(e.do("PATCH", "/v1/blocks/"+page+"/children", c.body), 400, "validation_error", c.msg)
	}
	if got := len(arr(e.ok("GET", "/v1/blocks/"+page+"/children", nil)["results"])); got != 0 {
		t.Fatalf("rejected requests changed the page: %d children", got)
	}
	// Exactly at the limits is fine.
	e.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": many(100)})
	e.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{nested(2), para(strings.Repeat("x", 2000))}})
	e.fails(e.do("GET", "/v1/blocks/"+page+"/children?page_size=101", nil), 400, "validation_error", "page_size should be ≤ `100`")
}
