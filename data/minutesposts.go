package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MinutesPost is one post of a meeting's minutes to the team's webhook.
// Its state words are the digests' (DigestSending … DigestUnknown).
type MinutesPost struct {
	MeetingID    MeetingID
	MeetingTitle string
	State        DigestState
	Error        string
	ClaimedAt    time.Time
}

// PostsMinutes reports whether a series posts its meetings' minutes when
// they are marked held.
func (s *Store) PostsMinutes(ctx context.Context, id SeriesID) (bool, error) {
	var on bool
	err := s.reads.QueryRowContext(ctx, `SELECT enabled FROM minutes_post_series WHERE series_id = ?`, id).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read minutes post setting: %w", err)
	}
	return on, nil
}

// SetPostsMinutes turns a series' minutes posts on or off.
func (s *Store) SetPostsMinutes(ctx context.Context, id SeriesID, on bool) error {
	if _, err := s.Series(ctx, id); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO minutes_post_series (series_id, enabled, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (series_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
			id, on, formatTime(s.now()))
		if err != nil {
			return fmt.Errorf("save minutes post setting: %w", err)
		}
		return nil
	})
}

// ClaimMinutesPost records, before anything is sent, that these minutes
// (by the hash of their text) of a meeting are posted. It reports false
// when they were claimed already (posted, being posted, or maybe posted),
// so the same minutes are posted at most once; a post that certainly
// failed is claimed again.
func (s *Store) ClaimMinutesPost(ctx context.Context, id MeetingID, textHash string) (bool, error) {
	var claimed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO minutes_posts (meeting_id, text_hash, state, claimed_at)
			VALUES (?, ?, 'sending', ?)
			ON CONFLICT (meeting_id, text_hash) DO UPDATE SET state = 'sending', error = '',
				claimed_at = excluded.claimed_at, finished_at = NULL
			WHERE state = 'failed'`, id, textHash, formatTime(s.now()))
		if err != nil {
			return fmt.Errorf("claim minutes post: %w", err)
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	return claimed, err
}

// FinishMinutesPost records how a claimed post ended.
func (s *Store) FinishMinutesPost(ctx context.Context, id MeetingID, textHash string, state DigestState, errText string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, "minutes post", id, `UPDATE minutes_posts SET state = ?, error = ?, finished_at = ?
			WHERE meeting_id = ? AND text_hash = ? AND state = 'sending'`,
			state, errText, formatTime(s.now()), id, textHash)
	})
}

// MinutesPosts lists the latest posts of a series' meetings, newest first.
func (s *Store) MinutesPosts(ctx context.Context, id SeriesID, limit int) ([]MinutesPost, error) {
	rows, err := s.reads.QueryContext(ctx, `SELECT p.meeting_id, m.title, p.state, p.error, p.claimed_at
		FROM minutes_posts p JOIN meetings m ON m.id = p.meeting_id
		WHERE m.series_id = ? ORDER BY p.claimed_at DESC, p.meeting_id LIMIT ?`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("list minutes posts: %w", err)
	}
	defer rows.Close()
	var out []MinutesPost
	for rows.Next() {
		var p MinutesPost
		var at string
		if err := rows.Scan(&p.MeetingID, &p.MeetingTitle, &p.State, &p.Error, &at); err != nil {
			return nil, fmt.Errorf("scan minutes post: %w", err)
		}
		if p.ClaimedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
