package syncdb

import (
	"context"
	"fmt"
	"time"
)

// Source is one data source of a database.
type Source struct {
	ID   string
	Name string
}

// Sources are a database's data sources as last listed, in Notion's order,
// and the one kaigi syncs ("" while it is not known).
type Sources struct {
	Database string // the database's ID without dashes
	List     []Source
	Mapped   string
}

// Several reports a database of more than one data source.
func (s Sources) Several() bool { return len(s.List) > 1 }

// Has reports whether id is one of the sources.
func (s Sources) Has(id string) bool {
	for _, src := range s.List {
		if src.ID == id {
			return true
		}
	}
	return false
}

// AllSources returns the kept data sources of every database, by database ID.
func (d *DB) AllSources(ctx context.Context) (map[string]Sources, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT database_id, source_id, name, mapped FROM notion_data_sources ORDER BY database_id, position`)
	if err != nil {
		return nil, fmt.Errorf("list data sources: %w", err)
	}
	defer rows.Close()
	out := map[string]Sources{}
	for rows.Next() {
		var db string
		var src Source
		var mapped bool
		if err := rows.Scan(&db, &src.ID, &src.Name, &mapped); err != nil {
			return nil, fmt.Errorf("read data source: %w", err)
		}
		s := out[db]
		s.Database = db
		s.List = append(s.List, src)
		if mapped {
			s.Mapped = src.ID
		}
		out[db] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list data sources: %w", err)
	}
	return out, nil
}

// SetSources replaces what is kept of a database's data sources.
func (d *DB) SetSources(ctx context.Context, s Sources, now time.Time) error {
	if s.Mapped != "" && !s.Has(s.Mapped) {
		return fmt.Errorf("keep data sources of %s: the mapped source %s is not one of them", s.Database, s.Mapped)
	}
	return d.Atomically(ctx, func(ctx context.Context) error {
		q := d.conn(ctx)
		if _, err := q.ExecContext(ctx, `DELETE FROM notion_data_sources WHERE database_id = ?`, s.Database); err != nil {
			return fmt.Errorf("forget data sources: %w", err)
		}
		for i, src := range s.List {
			if _, err := q.ExecContext(ctx, `INSERT INTO notion_data_sources (database_id, source_id, name, position, mapped, seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
				s.Database, src.ID, src.Name, i, src.ID == s.Mapped, fmtTime(now)); err != nil {
				return fmt.Errorf("keep data source: %w", err)
			}
		}
		return nil
	})
}
