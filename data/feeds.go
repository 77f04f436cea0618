package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// FeedToken is a user's private calendar address as the settings page
// shows it: the secret itself is shown once, at rotation, and only its
// SHA-256 is stored.
type FeedToken struct {
	PersonID   PersonID
	CreatedAt  time.Time
	LastUsedAt time.Time
}

// RotateFeedToken gives a user a new calendar secret; the old address
// stops working at once.
func (s *Store) RotateFeedToken(ctx context.Context, id PersonID, tokenHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO feed_tokens (person_id, token_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at, last_used_at = NULL`,
			id, tokenHash, formatTime(s.now()))
		if err != nil {
			return fmt.Errorf("rotate calendar token: %w", err)
		}
		return nil
	})
}

// DeleteFeedToken turns a user's calendar address off.
func (s *Store) DeleteFeedToken(ctx context.Context, id PersonID) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM feed_tokens WHERE person_id = ?`, id); err != nil {
			return fmt.Errorf("delete calendar token: %w", err)
		}
		return nil
	})
}

// FeedTokenOf reports whether a user has a calendar address, and since when.
func (s *Store) FeedTokenOf(ctx context.Context, id PersonID) (FeedToken, bool, error) {
	var created, used string
	err := s.reads.QueryRowContext(ctx, `SELECT created_at, coalesce(last_used_at, '') FROM feed_tokens WHERE person_id = ?`, id).
		Scan(&created, &used)
	if errNoRows(err) {
		return FeedToken{}, false, nil
	}
	if err != nil {
		return FeedToken{}, false, fmt.Errorf("read calendar token: %w", err)
	}
	ft := FeedToken{PersonID: id}
	if ft.CreatedAt, err = parseTime(created); err != nil {
		return ft, false, err
	}
	if ft.LastUsedAt, err = parseOptionalTime(used); err != nil {
		return ft, false, err
	}
	return ft, true, nil
}

// AccountByFeedToken returns the active user whose calendar secret hashes
// to tokenHash, and records the use (to the minute).
func (s *Store) AccountByFeedToken(ctx context.Context, tokenHash string) (Account, error) {
	var id PersonID
	var used string
	err := s.reads.QueryRowContext(ctx, `SELECT f.person_id, coalesce(f.last_used_at, '') FROM feed_tokens f
		JOIN users u ON u.person_id = f.person_id JOIN people p ON p.id = f.person_id
		WHERE f.token_hash = ? AND u.deactivated_at IS NULL AND p.deleted_at IS NULL`, tokenHash).Scan(&id, &used)
	if errNoRows(err) {
		return Account{}, Errorf(ENOTFOUND, "unknown calendar address")
	}
	if err != nil {
		return Account{}, fmt.Errorf("read calendar token: %w", err)
	}
	if err := s.touch(ctx, "feed_tokens", "person_id", string(id), used); err != nil {
		return Account{}, err
	}
	return s.Account(ctx, id)
}
