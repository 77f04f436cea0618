package data

import (
	"context"
	"database/sql"
	"fmt"
)

// DigestChannel is where a daily digest goes.
type DigestChannel string

const (
	DigestByMail  DigestChannel = "mail"
	DigestBySlack DigestChannel = "slack"
)

// DigestState is how far a digest got.
type DigestState string

const (
	DigestSending DigestState = "sending" // claimed; a crash leaves it so, and it is not sent again
	DigestSent    DigestState = "sent"
	DigestFailed  DigestState = "failed"  // refused before the message was handed over: tried again
	DigestUnknown DigestState = "unknown" // the message may have been delivered: not tried again
)

// MaxDigestAttempts is how often a digest that failed cleanly is tried on
// one day.
const MaxDigestAttempts = 3

// DigestRecord is what the store knows of one digest.
type DigestRecord struct {
	PersonID PersonID
	Day      Date
	Channel  DigestChannel
	State    DigestState
	Attempts int
	Tasks    int
	Error    string
}

// DigestRecipients lists the active users who asked for a digest.
func (s *Store) DigestRecipients(ctx context.Context) ([]Account, error) {
	return s.accounts(ctx, accountSelect+` WHERE u.deactivated_at IS NULL AND p.deleted_at IS NULL
		AND (u.digest_mail = 1 OR u.digest_slack = 1) ORDER BY p.name, p.id`)
}

// ClaimDigest records, before anything is sent, that the digest of a
// person's day goes out on a channel. It reports false when that digest
// was claimed already (sent, being sent, or lost in a crash), so each is
// sent at most once, whatever restarts in between; a digest that failed
// cleanly is claimed again, up to MaxDigestAttempts times.
func (s *Store) ClaimDigest(ctx context.Context, id PersonID, day Date, ch DigestChannel, tasks int) (bool, error) {
	var claimed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO digests (person_id, day, channel, state, attempts, tasks, claimed_at)
			VALUES (?, ?, ?, 'sending', 1, ?, ?)
			ON CONFLICT (person_id, day, channel) DO UPDATE SET state = 'sending', attempts = attempts + 1,
				tasks = excluded.tasks, claimed_at = excluded.claimed_at, finished_at = NULL
			WHERE state = 'failed' AND attempts < ?`,
			id, day.String(), ch, tasks, formatTime(s.now()), MaxDigestAttempts)
		if err != nil {
			return fmt.Errorf("claim digest: %w", err)
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	return claimed, err
}

// FinishDigest records how a claimed digest ended.
func (s *Store) FinishDigest(ctx context.Context, id PersonID, day Date, ch DigestChannel, state DigestState, errText string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, "digest", id, `UPDATE digests SET state = ?, error = ?, finished_at = ?
			WHERE person_id = ? AND day = ? AND channel = ? AND state = 'sending'`,
			state, errText, formatTime(s.now()), id, day.String(), ch)
	})
}

// Digests lists a person's digest records, newest day first.
func (s *Store) Digests(ctx context.Context, id PersonID, limit int) ([]DigestRecord, error) {
	rows, err := s.reads.QueryContext(ctx, `SELECT day, channel, state, attempts, tasks, error FROM digests
		WHERE person_id = ? ORDER BY day DESC, channel LIMIT ?`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("list digests: %w", err)
	}
	defer rows.Close()
	var out []DigestRecord
	for rows.Next() {
		r := DigestRecord{PersonID: id}
		var day string
		if err := rows.Scan(&day, &r.Channel, &r.State, &r.Attempts, &r.Tasks, &r.Error); err != nil {
			return nil, fmt.Errorf("scan digest: %w", err)
		}
		if r.Day, err = ParseDate(day); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
