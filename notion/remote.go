package notion

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

type queryResult struct {
	Results    []page `json:"results"`
	HasMore    bool   `json:"has_more"`
	NextCursor string `json:"next_cursor"`
}

// queryAll runs a database query to its last page, in ascending edit order.
func (c *Client) queryAll(ctx context.Context, dbID string, filter map[string]any, each func(page) error) error {
	body := map[string]any{"page_size": 100, "sorts": []any{map[string]any{"timestamp": "last_edited_time", "direction": "ascending"}}}
	if filter != nil {
		body["filter"] = filter
	}
	for {
		var res queryResult
		if err := c.call(ctx, http.MethodPost, "databases/"+url.PathEscape(dbID)+"/query", nil, body, &res); err != nil {
			return explain(err, "database", dbID)
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

func editedSince(t time.Time) map[string]any {
	return map[string]any{"timestamp": "last_edited_time", "last_edited_time": map[string]any{"on_or_after": t.UTC().Format(time.RFC3339)}}
}

// relationIDs reads every member of a relation, past the 25 a page read shows.
func (c *Client) relationIDs(ctx context.Context, pageID, propID string) ([]string, error) {
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

// blocks lists a page's top-level blocks; known is false for types kaigi leaves alone.
func (c *Client) blocks(ctx context.Context, pageID string) ([]remoteBlock, error) {
	var out []remoteBlock
	q := url.Values{"page_size": {"100"}}
	for {
		var res struct {
			Results    []map[string]any `json:"results"`
			HasMore    bool             `json:"has_more"`
			NextCursor string           `json:"next_cursor"`
		}
		if err := c.call(ctx, http.MethodGet, "blocks/"+url.PathEscape(pageID)+"/children", q, nil, &res); err != nil {
			return nil, err
		}
		for _, obj := range res.Results {
			if b, ok := decodeBlock(obj); ok {
				out = append(out, b)
			}
		}
		if !res.HasMore || res.NextCursor == "" {
			return out, nil
		}
		q.Set("start_cursor", res.NextCursor)
	}
}

func (c *Client) getPage(ctx context.Context, id string) (page, error) {
	var p page
	err := c.call(ctx, http.MethodGet, "pages/"+url.PathEscape(id), nil, nil, &p)
	return p, err
}

func (c *Client) createPage(ctx context.Context, dbID string, props map[string]any, children []any) (page, error) {
	body := map[string]any{"parent": map[string]any{"database_id": dbID}, "properties": props}
	if len(children) > 0 {
		body["children"] = children
	}
	var p page
	err := c.call(ctx, http.MethodPost, "pages", nil, body, &p)
	return p, err
}

func (c *Client) updatePage(ctx context.Context, id string, body map[string]any) (page, error) {
	var p page
	err := c.call(ctx, http.MethodPatch, "pages/"+url.PathEscape(id), nil, body, &p)
	return p, err
}

// appendBlocks appends blocks after the block after (empty: at the end), 100 per request.
func (c *Client) appendBlocks(ctx context.Context, parent, after string, blocks []any) ([]string, error) {
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

func (c *Client) updateBlock(ctx context.Context, b mdBlock, id string) error {
	body := blockJSON(b)
	delete(body, "object")
	delete(body, "type")
	return c.call(ctx, http.MethodPatch, "blocks/"+url.PathEscape(id), nil, body, nil)
}

func (c *Client) deleteBlock(ctx context.Context, id string) error {
	return c.call(ctx, http.MethodDelete, "blocks/"+url.PathEscape(id), nil, nil, nil)
}

// syncBody makes a page's known blocks equal want, touching only blocks
// that differ: unchanged blocks stay, changed ones of the same type are
// updated in place, the rest deleted or inserted at their position.
// Notion inserts only after a given block or at the end, so new blocks
// that must come first go after the page's first block, which is then
// removed (re-sent when it was one to keep).
func (c *Client) syncBody(ctx context.Context, pageID string, want []mdBlock) error {
	have, err := c.blocks(ctx, pageID)
	if err != nil {
		return err
	}
	keep := lcs(have, want)
	if len(keep) > 0 && keep[0][0] == 0 && keep[0][1] > 0 {
		keep = keep[1:]
	}
	prev := "" // the block new ones go after
	i, j := 0, 0
	for k := 0; k <= len(keep); k++ {
		hi, wj := len(have), len(want)
		if k < len(keep) {
			hi, wj = keep[k][0], keep[k][1]
		}
		oldGap, newGap := have[i:hi], want[j:wj]
		n := 0
		for n < len(oldGap) && n < len(newGap) && oldGap[n].Type == newGap[n].Type && oldGap[n].Type != "divider" {
			if err := c.updateBlock(ctx, newGap[n], oldGap[n].ID); err != nil {
				return err
			}
			prev = oldGap[n].ID
			n++
		}
		if rest := newGap[n:]; len(rest) > 0 {
			after := prev
			if after == "" && len(oldGap) > 0 {
				after = oldGap[0].ID // deleted below, once the new blocks follow it
			}
			items := make([]any, len(rest))
			for x, b := range rest {
				items[x] = blockJSON(b)
			}
			ids, err := c.appendBlocks(ctx, pageID, after, items)
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				prev = ids[len(ids)-1]
			}
		}
		for _, b := range oldGap[n:] {
			if err := c.deleteBlock(ctx, b.ID); err != nil {
				return err
			}
		}
		if k < len(keep) {
			prev = have[hi].ID
			i, j = hi+1, wj+1
		}
	}
	return nil
}

// lcs returns index pairs of the longest common subsequence of blocks.
func lcs(have []remoteBlock, want []mdBlock) [][2]int {
	n, m := len(have), len(want)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if have[i].key() == want[j].key() {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case have[i].key() == want[j].key():
			out = append(out, [2]int{i, j})
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}
