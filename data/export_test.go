package data

import "database/sql"

// PoolOf hands the store's own tests its pool, to check connection
// settings and constraints below the store's methods.
func PoolOf(s *Store) *sql.DB { return s.db }
