package syncdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// The sync's small facts live in notion_state, one key each.
const (
	keyOutboxCursor      = "outbox_cursor"
	keyCyclesSinceRecon  = "cycles_since_reconcile"
	keyReconcileDue      = "reconcile_due"
	keyWebhookToken      = "webhook_verification_token"
	keyWebhookTokenShown = "webhook_token_shown"
	keyWatermarkPrefix   = "watermark:"
	keySchemaPrefix      = "schema:"
	keyPassPrefix        = "pass:"
	keyBot               = "integration_user"
	keyLastCycle         = "last_cycle"
)

func (d *DB) get(ctx context.Context, key string) (string, error) {
	var v string
	err := d.conn(ctx).QueryRowContext(ctx, `SELECT value FROM notion_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read sync state %s: %w", key, err)
	}
	return v, nil
}

func (d *DB) set(ctx context.Context, key, value string) error {
	_, err := d.conn(ctx).ExecContext(ctx, `INSERT INTO notion_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("save sync state %s: %w", key, err)
	}
	return nil
}

func (d *DB) getJSON(ctx context.Context, key string, out any) error {
	raw, err := d.get(ctx, key)
	if err != nil || raw == "" {
		return err
	}
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		return fmt.Errorf("read sync state %s: %w", key, err)
	}
	return nil
}

func (d *DB) setJSON(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode sync state %s: %w", key, err)
	}
	return d.set(ctx, key, string(b))
}

// Schema is a database's schema as last read from Notion, kept between
// cycles so that a cycle reads it again only when something says it changed.
// Raw is the notion/api.Database value as JSON (this package does not import
// api).
type Schema struct {
	DatabaseID string          `json:"database_id"`
	ReadAt     time.Time       `json:"read_at"`
	Raw        json.RawMessage `json:"schema"`
}

// CachedSchema returns the kept schema of an entity's database; ok is false
// when there is none.
func (d *DB) CachedSchema(ctx context.Context, e data.Entity) (Schema, bool, error) {
	var s Schema
	err := d.getJSON(ctx, keySchemaPrefix+string(e), &s)
	return s, err == nil && s.DatabaseID != "", err
}

func (d *DB) SetCachedSchema(ctx context.Context, e data.Entity, s Schema) error {
	return d.setJSON(ctx, keySchemaPrefix+string(e), s)
}

// LastCycle is when the last cycle started; zero before the first.
func (d *DB) LastCycle(ctx context.Context) (time.Time, error) {
	v, err := d.get(ctx, keyLastCycle)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	return parseTime("last cycle", v)
}

func (d *DB) SetLastCycle(ctx context.Context, t time.Time) error {
	return d.set(ctx, keyLastCycle, fmtTime(t))
}

// Bot is the Notion user of kaigi's integration, learned from the answer to
// its first write ("" until then): a page last edited by it holds nothing
// a person wrote since kaigi's write.
func (d *DB) Bot(ctx context.Context) (string, error) { return d.get(ctx, keyBot) }

func (d *DB) SetBot(ctx context.Context, id string) error { return d.set(ctx, keyBot, id) }

// Watermark is the newest last_edited_time the pull of an entity's
// database has seen; zero before the first pull.
func (d *DB) Watermark(ctx context.Context, e data.Entity) (time.Time, error) {
	v, err := d.get(ctx, keyWatermarkPrefix+string(e))
	if err != nil || v == "" {
		return time.Time{}, err
	}
	return parseTime("watermark", v)
}

func (d *DB) SetWatermark(ctx context.Context, e data.Entity, t time.Time) error {
	return d.set(ctx, keyWatermarkPrefix+string(e), fmtTime(t))
}

// OutboxCursor is the journal sequence number the push has sent up to.
func (d *DB) OutboxCursor(ctx context.Context) (int64, error) {
	v, err := d.get(ctx, keyOutboxCursor)
	n, _ := strconv.ParseInt(v, 10, 64) // none yet: from the start
	return n, err
}

// ReconcileDue is why the next cycle must reconcile (e.g. a write's
// outcome stayed unknown); "" when nothing asks for it.
func (d *DB) ReconcileDue(ctx context.Context) (string, error) { return d.get(ctx, keyReconcileDue) }

func (d *DB) SetReconcileDue(ctx context.Context, reason string) error {
	return d.set(ctx, keyReconcileDue, reason)
}

// CyclesSinceReconcile counts the cycles since the last complete reconciliation.
func (d *DB) CyclesSinceReconcile(ctx context.Context) (int, error) {
	v, err := d.get(ctx, keyCyclesSinceRecon)
	n, _ := strconv.Atoi(v) // none yet: 0
	return n, err
}

func (d *DB) SetCyclesSinceReconcile(ctx context.Context, n int) error {
	return d.set(ctx, keyCyclesSinceRecon, strconv.Itoa(n))
}
