package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// A create that carries a one-time submission key (a form's hidden field,
// the API's Idempotency-Key header) makes its record at most once: the key
// is stored with the record's ID in the transaction that inserts the
// record, under a primary key of (person, key). A repeat finds the key and
// returns the record already made; two submissions racing cannot both
// insert, because writes are serialised (immediate transactions) and the
// second key row would violate the primary key anyway, rolling back its
// record with it.

type idempotencyKey struct{}

type submission struct {
	person PersonID
	key    string
}

// WithIdempotencyKey marks the creates made with ctx as one submission of
// person's, identified by key. An empty key leaves ctx as it is.
func WithIdempotencyKey(ctx context.Context, person PersonID, key string) context.Context {
	if key == "" {
		return ctx
	}
	return context.WithValue(ctx, idempotencyKey{}, submission{person: person, key: key})
}

// CheckIdempotencyKey refuses keys that cannot be one: too long, or not
// printable text.
func CheckIdempotencyKey(key string) error {
	switch {
	case len(key) > 200:
		return Invalid("idempotency_key", "an idempotency key is at most 200 bytes")
	case !utf8.ValidString(key) || strings.IndexFunc(key, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0:
		return Invalid("idempotency_key", "an idempotency key is printable text")
	}
	return nil
}

// keepKeys is how long a key is remembered: far longer than any retry.
const keepKeys = 30 * 24 * time.Hour

// replayed returns the ID of the record a repeated submission already
// made (empty for a first one). A key used for another kind of record is
// refused.
func (s *Store) replayed(ctx context.Context, tx *sql.Tx, e Entity) (string, error) {
	sub, ok := ctx.Value(idempotencyKey{}).(submission)
	if !ok {
		return "", nil
	}
	var kind, id string
	err := tx.QueryRowContext(ctx, `SELECT entity, entity_id FROM idempotency_keys WHERE person_id = ? AND key = ?`,
		string(sub.person), sub.key).Scan(&kind, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read idempotency key: %w", err)
	}
	if kind != string(e) {
		return "", Invalid("idempotency_key", "this idempotency key already made a %s; use a new key for each record", kind)
	}
	return id, nil
}

// claim stores the submission's key for the record just inserted.
func (s *Store) claim(ctx context.Context, tx *sql.Tx, e Entity, id string) error {
	sub, ok := ctx.Value(idempotencyKey{}).(submission)
	if !ok {
		return nil
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, formatTime(now.Add(-keepKeys))); err != nil {
		return fmt.Errorf("forget old idempotency keys: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (person_id, key, entity, entity_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		string(sub.person), sub.key, string(e), id, formatTime(now)); err != nil {
		return fmt.Errorf("store idempotency key: %w", err)
	}
	return nil
}

// stampMeta reads back what the database holds of a record's meta after a
// write, so that callers (the API's replies) show the stored times.
func stampMeta(ctx context.Context, tx *sql.Tx, e Entity, id string, m *Meta) error {
	var mc metaCols
	if err := tx.QueryRowContext(ctx, `SELECT `+metaColumns+` FROM `+e.Table()+` WHERE id = ?`, id).Scan(mc.dest()...); err != nil {
		return fmt.Errorf("read back %s %s: %w", e, id, err)
	}
	var err error
	*m, err = mc.meta()
	return err
}
