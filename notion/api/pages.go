package api

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

type queryResult struct {
	Results    []Page `json:"results"`
	HasMore    bool   `json:"has_more"`
	NextCursor string `json:"next_cursor"`
}

// Query runs a database query to its last page, in ascending edit order,
// and calls each for every page. A nil filter lists every live page.
func (c *Client) Query(ctx context.Context, dbID string, filter map[string]any, each func(Page) error) error {
	return c.query(ctx, Table{Database: dbID}, filter, each)
}

func (c *Client) query(ctx context.Context, t Table, filter map[string]any, each func(Page) error) error {
	body := map[string]any{"page_size": 100, "sorts": []any{map[string]any{"timestamp": "last_edited_time", "direction": "ascending"}}}
	if filter != nil {
		body["filter"] = filter
	}
	for {
		var res queryResult
		if err := t.queryCall(ctx, c, body, &res); err != nil {
			return err
		}
		for _, p := range res.Results {
			if err := each(p); err != nil {
				return err
			}
		}
		if !res.HasMore || res.NextCursor == "" {
			return nil
		}
		body["start_cursor"] = res.NextCursor
	}
}

// ScanPage reads one page (at most 100) of a database's live pages in
// creation order, from cursor ("" for the start) and matching filter (nil:
// every page); next is "" after the last. The confirmation pass walks a
// database with it, a few query pages per cycle.
func (c *Client) ScanPage(ctx context.Context, dbID string, filter map[string]any, cursor string) (pages []Page, next string, err error) {
	return c.scanPage(ctx, Table{Database: dbID}, filter, cursor)
}

func (c *Client) scanPage(ctx context.Context, t Table, filter map[string]any, cursor string) (pages []Page, next string, err error) {
	body := map[string]any{"page_size": 100, "sorts": []any{map[string]any{"timestamp": "created_time", "direction": "ascending"}}}
	if filter != nil {
		body["filter"] = filter
	}
	if cursor != "" {
		body["start_cursor"] = cursor
	}
	var res queryResult
	if err := t.queryCall(ctx, c, body, &res); err != nil {
		return nil, "", err
	}
	if res.HasMore {
		next = res.NextCursor
	}
	return res.Results, next, nil
}

// CreatedSince is the query filter for pages created on or after t.
func CreatedSince(t time.Time) map[string]any {
	return map[string]any{"timestamp": "created_time", "created_time": map[string]any{"on_or_after": t.UTC().Format(time.RFC3339)}}
}

// TextNotEmpty is the query filter for pages whose rich_text property has text.
func TextNotEmpty(property string) map[string]any {
	return map[string]any{"property": property, "rich_text": map[string]any{"is_not_empty": true}}
}

// And combines filters; nil ones are left out.
func And(filters ...map[string]any) map[string]any {
	var parts []any
	for _, f := range filters {
		if f != nil {
			parts = append(parts, f)
		}
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0].(map[string]any)
	}
	return map[string]any{"and": parts}
}

// EditedSince is the query filter for pages edited on or after t.
func EditedSince(t time.Time) map[string]any {
	return map[string]any{"timestamp": "last_edited_time", "last_edited_time": map[string]any{"on_or_after": t.UTC().Format(time.RFC3339)}}
}

// RelationIDs reads every member of a relation, past the 25 a page read shows.
func (c *Client) RelationIDs(ctx context.Context, pageID, propID string) ([]string, error) {
	var ids []string
	q := url.Values{"page_size": {"100"}}
	for {
		var res struct {
			Results []struct {
				Relation struct {
					ID string `json:"id"`
				} `json:"relation"`
			} `json:"results"`
			HasMore    bool   `json:"has_more"`
			NextCursor string `json:"next_cursor"`
		}
		path := "pages/" + url.PathEscape(pageID) + "/properties/" + url.PathEscape(propID)
		if err := c.call(ctx, http.MethodGet, path, q, nil, &res); err != nil {
			return nil, err
		}
		for _, r := range res.Results {
			ids = append(ids, r.Relation.ID)
		}
		if !res.HasMore || res.NextCursor == "" {
			return ids, nil
		}
		q.Set("start_cursor", res.NextCursor)
	}
}

// Page reads one page, in the trash or not.
func (c *Client) Page(ctx context.Context, id string) (Page, error) {
	var p Page
	err := c.call(ctx, http.MethodGet, "pages/"+url.PathEscape(id), nil, nil, &p)
	return p, err
}

// CreatePage makes a page in a database with its properties and first blocks (at most 100).
func (c *Client) CreatePage(ctx context.Context, dbID string, props map[string]any, children []any) (Page, error) {
	return c.CreatePageAt(ctx, Version, dbID, props, children)
}

// CreatePageAt is CreatePage at a version: at SourcesVersion the answer
// names the page's data source (a database parent is accepted while the
// database has one).
func (c *Client) CreatePageAt(ctx context.Context, version, dbID string, props map[string]any, children []any) (Page, error) {
	body := map[string]any{"parent": map[string]any{"database_id": dbID}, "properties": props}
	if len(children) > 0 {
		body["children"] = children
	}
	var p Page
	err := c.callAt(ctx, version, http.MethodPost, "pages", nil, body, &p)
	return p, err
}

// UpdatePage sends body ("properties", "in_trash") to a page and returns the page after it.
func (c *Client) UpdatePage(ctx context.Context, id string, body map[string]any) (Page, error) {
	var p Page
	err := c.call(ctx, http.MethodPatch, "pages/"+url.PathEscape(id), nil, body, &p)
	return p, err
}

// Children lists a block's (or page's) top-level children as Notion sends them.
func (c *Client) Children(ctx context.Context, blockID string) ([]map[string]any, error) {
	var out []map[string]any
	q := url.Values{"page_size": {"100"}}
	for {
		var res struct {
			Results    []map[string]any `json:"results"`
			HasMore    bool             `json:"has_more"`
			NextCursor string           `json:"next_cursor"`
		}
		if err := c.call(ctx, http.MethodGet, "blocks/"+url.PathEscape(blockID)+"/children", q, nil, &res); err != nil {
			return nil, err
		}
		out = append(out, res.Results...)
		if !res.HasMore || res.NextCursor == "" {
			return out, nil
		}
		q.Set("start_cursor", res.NextCursor)
	}
}

// AppendChildren appends blocks after the block after (empty: at the end),
// 100 per request, and returns the new blocks' IDs.
func (c *Client) AppendChildren(ctx context.Context, parent, after string, blocks []any) ([]string, error) {
	var ids []string
	for len(blocks) > 0 {
		n := min(len(blocks), 100)
		body := map[string]any{"children": blocks[:n]}
		if after != "" {
			body["after"] = after
		}
		var res struct {
			Results []struct {
				ID string `json:"id"`
			} `json:"results"`
		}
		if err := c.call(ctx, http.MethodPatch, "blocks/"+url.PathEscape(parent)+"/children", nil, body, &res); err != nil {
			return ids, err
		}
		for _, r := range res.Results {
			ids = append(ids, r.ID)
		}
		if len(ids) > 0 {
			after = ids[len(ids)-1]
		}
		blocks = blocks[n:]
	}
	return ids, nil
}

// UpdateBlock sends a block's new content (its type's object, e.g. {"paragraph": {...}}).
func (c *Client) UpdateBlock(ctx context.Context, id string, body map[string]any) error {
	return c.call(ctx, http.MethodPatch, "blocks/"+url.PathEscape(id), nil, body, nil)
}

// DeleteBlock moves a block to the trash.
func (c *Client) DeleteBlock(ctx context.Context, id string) error {
	return c.call(ctx, http.MethodDelete, "blocks/"+url.PathEscape(id), nil, nil, nil)
}
