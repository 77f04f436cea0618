package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// LADRForFile returns the LADR an earlier import made from a file path,
// or "" when the path was never imported (or its record is in the trash).
func (s *Store) LADRForFile(ctx context.Context, path string) (LADRID, error) {
	var id LADRID
	err := s.reads.QueryRowContext(ctx, `SELECT f.ladr_id FROM ladr_files f JOIN ladrs l ON l.id = f.ladr_id
		WHERE f.path = ? AND l.deleted_at IS NULL`, path).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up LADR file %s: %w", path, err)
	}
	return id, nil
}

// SetLADRFile remembers that a file path holds an LADR.
func (s *Store) SetLADRFile(ctx context.Context, path string, id LADRID) error {
	if path == "" {
		return Invalid("path", "an LADR file needs a path")
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO ladr_files (path, ladr_id) VALUES (?, ?)
		ON CONFLICT (path) DO UPDATE SET ladr_id = excluded.ladr_id WHERE ladr_id <> excluded.ladr_id`, path, id); err != nil {
		return fmt.Errorf("remember LADR file %s: %w", path, err)
	}
	return nil
}
