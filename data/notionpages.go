package data

import (
	"context"
	"fmt"
)

// NotionPages maps the IDs of records of one kind to the Notion pages they
// are synced with (empty until the sync has created them). The table is the
// sync's; LADR files show the page in their front matter.
func (s *Store) NotionPages(ctx context.Context, e Entity) (map[string]string, error) {
	rows, err := s.reads.QueryContext(ctx, `SELECT local_id, page_id FROM notion_links WHERE entity = ?`, string(e))
	if err != nil {
		return nil, fmt.Errorf("read Notion pages: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var local, page string
		if err := rows.Scan(&local, &page); err != nil {
			return nil, fmt.Errorf("scan Notion page: %w", err)
		}
		out[local] = page
	}
	return out, rows.Err()
}
