package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// deliveryMemory is how long a webhook delivery id is remembered; forges
// redeliver within days, not months.
const deliveryMemory = 30 * 24 * time.Hour

// PRState is a pull request's state as its forge reports it.
type PRState string

const (
	PROpen   PRState = "open"
	PRClosed PRState = "closed" // closed without merging
	PRMerged PRState = "merged"
)

// PRSnapshot is the newest state of a pull request kaigi applied.
type PRSnapshot struct {
	State     PRState
	UpdatedAt time.Time
}

// PRDeliverySeen reports whether a webhook delivery (source "github" or
// "gitlab", and the forge's delivery id) was applied before.
func (s *Store) PRDeliverySeen(ctx context.Context, source, delivery string) (bool, error) {
	var n int
	err := s.reads.QueryRowContext(ctx, `SELECT count(*) FROM webhook_deliveries WHERE source = ? AND delivery = ?`, source, delivery).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up webhook delivery: %w", err)
	}
	return n > 0, nil
}

// PRSnapshot returns what kaigi last applied of a pull request; found is
// false for one it never saw.
func (s *Store) PRSnapshot(ctx context.Context, key string) (snap PRSnapshot, found bool, err error) {
	var at string
	err = s.reads.QueryRowContext(ctx, `SELECT state, updated_at FROM pull_request_states WHERE pr_key = ?`, key).Scan(&snap.State, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return snap, false, nil
	}
	if err != nil {
		return snap, false, fmt.Errorf("read pull request state: %w", err)
	}
	snap.UpdatedAt, err = parseTime(at)
	return snap, err == nil, err
}

// SavePREvent remembers an applied delivery and, when snap is newer than
// what is stored (or nothing is), the pull request's state. Deliveries
// older than a month are forgotten in the same transaction.
func (s *Store) SavePREvent(ctx context.Context, source, delivery, key string, snap *PRSnapshot) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if delivery != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (source, delivery, received_at) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, source, delivery, formatTime(now)); err != nil {
				return fmt.Errorf("remember webhook delivery: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE received_at < ?`, formatTime(now.Add(-deliveryMemory))); err != nil {
				return fmt.Errorf("forget old webhook deliveries: %w", err)
			}
		}
		if snap == nil || key == "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pull_request_states (pr_key, state, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (pr_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
			WHERE pull_request_states.state <> 'merged' AND excluded.updated_at >= pull_request_states.updated_at`,
			key, snap.State, formatTime(snap.UpdatedAt)); err != nil {
			return fmt.Errorf("remember pull request state: %w", err)
		}
		return nil
	})
}
