package syncdb

import (
	"context"
	"fmt"
	"time"
)

// WebhookToken is the verification token of the webhook subscription; ""
// before Notion sent one. Events are signed with it.
func (d *DB) WebhookToken(ctx context.Context) (string, error) { return d.get(ctx, keyWebhookToken) }

// KeepWebhookToken stores a subscription's verification token, not yet shown.
func (d *DB) KeepWebhookToken(ctx context.Context, token string) error {
	return d.Atomically(ctx, func(ctx context.Context) error {
		if err := d.set(ctx, keyWebhookToken, token); err != nil {
			return err
		}
		return d.set(ctx, keyWebhookTokenShown, "")
	})
}

// TakeUnshownWebhookToken returns the verification token the first time it
// is asked for after it arrived, and "" from then on.
func (d *DB) TakeUnshownWebhookToken(ctx context.Context) (string, error) {
	var token string
	err := d.Atomically(ctx, func(ctx context.Context) error {
		shown, err := d.get(ctx, keyWebhookTokenShown)
		if err != nil || shown != "" {
			return err
		}
		if token, err = d.get(ctx, keyWebhookToken); err != nil || token == "" {
			return err
		}
		return d.set(ctx, keyWebhookTokenShown, "true")
	})
	return token, err
}

// ResetWebhook forgets the verification token, so that the next
// verification request (a new subscription) is accepted.
func (d *DB) ResetWebhook(ctx context.Context) error {
	_, err := d.conn(ctx).ExecContext(ctx, `DELETE FROM notion_state WHERE key IN (?, ?)`, keyWebhookToken, keyWebhookTokenShown)
	if err != nil {
		return fmt.Errorf("reset webhook token: %w", err)
	}
	return nil
}

// RecordWebhookEvent stores an event's ID and queues the pages it names
// for a pull, in one transaction; fresh is false for an event
// seen before, which queues nothing. Event IDs older than keep are forgotten.
func (d *DB) RecordWebhookEvent(ctx context.Context, eventID string, pages []string, now time.Time, keep time.Duration) (fresh bool, err error) {
	err = d.Atomically(ctx, func(ctx context.Context) error {
		q := d.conn(ctx)
		res, err := q.ExecContext(ctx, `INSERT INTO notion_webhook_events (event_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, eventID, fmtTime(now))
		if err != nil {
			return fmt.Errorf("record webhook event: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		fresh = true
		if _, err := q.ExecContext(ctx, `DELETE FROM notion_webhook_events WHERE received_at < ?`, fmtTime(now.Add(-keep))); err != nil {
			return fmt.Errorf("forget old webhook events: %w", err)
		}
		for _, pageID := range pages {
			if _, err := q.ExecContext(ctx, `INSERT INTO notion_pending_pages (page_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, pageID, fmtTime(now)); err != nil {
				return fmt.Errorf("queue page for pull: %w", err)
			}
		}
		return nil
	})
	return fresh, err
}

// PendingPages lists the pages webhooks asked to pull, oldest first.
func (d *DB) PendingPages(ctx context.Context) ([]string, error) {
	rows, err := d.conn(ctx).QueryContext(ctx, `SELECT page_id FROM notion_pending_pages ORDER BY received_at, page_id`)
	if err != nil {
		return nil, fmt.Errorf("list pending pages: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// DropPendingPage takes a page off the pull queue.
func (d *DB) DropPendingPage(ctx context.Context, pageID string) error {
	if _, err := d.conn(ctx).ExecContext(ctx, `DELETE FROM notion_pending_pages WHERE page_id = ?`, pageID); err != nil {
		return fmt.Errorf("clear pending page: %w", err)
	}
	return nil
}

// QueuePage asks the next cycle to read a page (one whose relations waited
// for a record that now exists).
func (d *DB) QueuePage(ctx context.Context, pageID string, now time.Time) error {
	if _, err := d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_pending_pages (page_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		pageID, fmtTime(now)); err != nil {
		return fmt.Errorf("queue page for pull: %w", err)
	}
	return nil
}
