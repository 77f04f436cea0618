package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// newerThan lists, for a person to read, what the database at cur holds
// that the backup at bak lacks: journal entries newer than the backup's
// newest, and the state the journal does not cover — logins (new, or with a
// new password), API tokens (new or revoked), the Notion webhook's
// verification token, and which file each imported LADR lives in. Sessions
// are left out on purpose: a restore only logs people out.
func newerThan(ctx context.Context, cur, bak string) ([]string, error) {
	c, err := openReadOnly(cur)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	b, err := openReadOnly(bak)
	if err != nil {
		return nil, err
	}
	defer b.Close()

	var out []string
	curAt, err := lastChangeAt(ctx, c, cur)
	if err != nil {
		return nil, err
	}
	bakAt, err := lastChangeAt(ctx, b, bak)
	if err != nil {
		return nil, err
	}
	if curAt != "" && curAt > bakAt {
		out = append(out, fmt.Sprintf("changes up to %s (the backup's newest is %s)", curAt, orNone(bakAt)))
	}
	for _, k := range uncoveredState() {
		n, err := missingFrom(ctx, c, b, k.query)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%d %s", n, k.what))
		}
	}
	return out, nil
}

// uncoveredState is the state outside the change journal that a restore
// could lose; each query yields one key per row, the same on both sides
// when nothing changed.
func uncoveredState() []struct{ what, query string } {
	return []struct{ what, query string }{
		{"login(s) added or with a new password", `SELECT person_id || ' ' || password_hash FROM users`},
		{"API token(s) created or revoked", `SELECT id || ' ' || coalesce(revoked_at, '') FROM api_tokens`},
		{"Notion webhook verification token(s)", `SELECT value FROM notion_state WHERE key = 'webhook_verification_token'`},
		{"LADR file(s) imported or written", `SELECT folder || ' ' || path || ' ' || ladr_id || ' ' || synced_at FROM ladr_file_links`},
		{"LADR folder convention(s) learned", `SELECT folder || ' ' || updated_at FROM ladr_folders`},
		{"user role(s) or deactivation(s) changed", `SELECT person_id || ' ' || role || ' ' || coalesce(deactivated_at, '') FROM users`},
		{"calendar address(es) made or rotated", `SELECT person_id || ' ' || token_hash FROM feed_tokens`},
		{"invite or password-reset link(s) made, used or revoked",
			`SELECT id || ' ' || token_hash || ' ' || coalesce(used_at, '') || ' ' || coalesce(revoked_at, '') FROM account_links`},
	}
}

func openReadOnly(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// lastChangeAt is the time of the newest journal entry ("" when none).
func lastChangeAt(ctx context.Context, db *sql.DB, path string) (string, error) {
	var at sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT max(changed_at) FROM changes`).Scan(&at); err != nil {
		return "", Errorf(EINVALID, "%s is not a kaigi database: %v", path, err)
	}
	return at.String, nil
}

// missingFrom counts the keys the query finds in cur but not in bak. A table
// or column that a side does not have (an older version's file) has no keys.
func missingFrom(ctx context.Context, cur, bak *sql.DB, query string) (int, error) {
	have, err := keySet(ctx, bak, query)
	if err != nil {
		return 0, err
	}
	now, err := keySet(ctx, cur, query)
	if err != nil {
		return 0, err
	}
	n := 0
	for k := range now {
		if !have[k] {
			n++
		}
	}
	return n, nil
}

func keySet(ctx context.Context, db *sql.DB, query string) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") || strings.Contains(err.Error(), "no such column") {
			return nil, nil
		}
		return nil, fmt.Errorf("compare with the backup: %w", err)
	}
	defer rows.Close()
	keys := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("compare with the backup: %w", err)
		}
		keys[k] = true
	}
	return keys, rows.Err()
}

func orNone(at string) string {
	if at == "" {
		return "none"
	}
	return at
}
