package syncdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Mapping is the Notion mapping kept in the database (migration 0070).
// Config is the notion.Config as JSON (this package does not import notion).
type Mapping struct {
	Config    json.RawMessage
	TokenFile string // where the token was read from when the mapping was made; never the token
	Origin    string // init, adopt, migrate, sync, or the file it was imported from
	SavedAt   time.Time
}

// Mapping returns the stored mapping; ok is false when the database has none.
func (d *DB) Mapping(ctx context.Context) (Mapping, bool, error) {
	var m Mapping
	var raw, saved string
	err := d.conn(ctx).QueryRowContext(ctx, `SELECT config, token_file, origin, saved_at FROM notion_mapping WHERE id = 1`).
		Scan(&raw, &m.TokenFile, &m.Origin, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("read the Notion mapping: %w", err)
	}
	m.Config = json.RawMessage(raw)
	if m.SavedAt, err = parseTime("the Notion mapping's time", saved); err != nil {
		return m, false, err
	}
	return m, true, nil
}

// SaveMapping replaces the stored mapping in one statement, so a reader sees
// the old mapping or the new one whole. An empty TokenFile keeps the one
// stored (a cycle that learns an option does not know where the token came
// from).
func (d *DB) SaveMapping(ctx context.Context, m Mapping) error {
	_, err := d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_mapping (id, config, token_file, origin, saved_at) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET config = excluded.config, origin = excluded.origin, saved_at = excluded.saved_at,
			token_file = CASE WHEN excluded.token_file = '' THEN notion_mapping.token_file ELSE excluded.token_file END`,
		string(m.Config), m.TokenFile, m.Origin, fmtTime(m.SavedAt))
	if err != nil {
		return fmt.Errorf("save the Notion mapping: %w", err)
	}
	return nil
}
