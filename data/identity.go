package data

import (
	"context"
	"fmt"
)

// StoreID is a kaigi database's identity: 32 hex digits made at random by
// migration 0070 when it first ran on the file. Copies of the file (backups,
// replicas) share it: they are the same database. A Notion mapping names it.
type StoreID string

// Identity returns the database's identity.
func (s *Store) Identity(ctx context.Context) (StoreID, error) {
	var id StoreID
	if err := s.db.QueryRowContext(ctx, `SELECT store_id FROM kaigi_identity WHERE id = 1`).Scan(&id); err != nil {
		return "", fmt.Errorf("read the database's identity: %w", err)
	}
	return id, nil
}
