package data

import (
	"database/sql"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// PoolOf hands the store's own tests its pool, to check connection
// settings and constraints below the store's methods.
func PoolOf(s *Store) *sql.DB { return s.db }

// MigrateBefore makes a database file at path with the migrations numbered
// below version applied, as an older kaigi left it, and records them.
func MigrateBefore(path string, version int) error {
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return err
	}
	defer db.Close()
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return err
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || v >= version {
			continue
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := db.Exec(string(body)); err != nil {
			return err
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (?, ?, 'x')`, v, base); err != nil {
			return err
		}
	}
	return nil
}
