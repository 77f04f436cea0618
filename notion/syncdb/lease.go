package syncdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Lease is who holds the sync's lease (see migration 0045).
type Lease struct {
	Token     string
	Owner     string
	StartedAt time.Time
	ExpiresAt time.Time
}

// TakeLease takes the sync's lease for want when it is free or expired at
// now. When someone else holds it, it returns their lease and false.
func (d *DB) TakeLease(ctx context.Context, want Lease, now time.Time) (Lease, bool, error) {
	var held Lease
	taken := false
	err := d.Atomically(ctx, func(ctx context.Context) error {
		var started, expires string
		err := d.conn(ctx).QueryRowContext(ctx, `SELECT token, owner, started_at, expires_at FROM notion_sync_lease WHERE id = 1`).
			Scan(&held.Token, &held.Owner, &started, &expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("read the sync lease: %w", err)
		default:
			held.StartedAt, _ = time.Parse(timeLayout, started)
			held.ExpiresAt, _ = time.Parse(timeLayout, expires)
			if held.Token != want.Token && held.ExpiresAt.After(now) {
				return nil
			}
		}
		_, err = d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_sync_lease (id, token, owner, started_at, expires_at) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET token = excluded.token, owner = excluded.owner,
				started_at = excluded.started_at, expires_at = excluded.expires_at`,
			want.Token, want.Owner, fmtTime(want.StartedAt), fmtTime(want.ExpiresAt))
		if err != nil {
			return fmt.Errorf("take the sync lease: %w", err)
		}
		held, taken = want, true
		return nil
	})
	return held, taken, err
}

// RenewLease moves the lease's expiry on; false says the lease is no longer
// the caller's (it expired and someone else took it).
func (d *DB) RenewLease(ctx context.Context, token string, expires time.Time) (bool, error) {
	res, err := d.conn(ctx).ExecContext(ctx, `UPDATE notion_sync_lease SET expires_at = ? WHERE id = 1 AND token = ?`, fmtTime(expires), token)
	if err != nil {
		return false, fmt.Errorf("renew the sync lease: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseLease frees the lease if the caller still holds it.
func (d *DB) ReleaseLease(ctx context.Context, token string) error {
	if _, err := d.conn(ctx).ExecContext(ctx, `DELETE FROM notion_sync_lease WHERE id = 1 AND token = ?`, token); err != nil {
		return fmt.Errorf("free the sync lease: %w", err)
	}
	return nil
}
