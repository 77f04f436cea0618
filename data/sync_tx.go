package data

import (
	"context"
	"database/sql"
)

type txKey struct{}

type joined struct {
	store *Store
	tx    *sql.Tx
}

// Atomically runs fn in one transaction. Store methods called with the
// context fn receives join that transaction instead of opening their own,
// so several changes commit or roll back together: e.g. a record made from
// a Notion page and the sync's link to that page, which fn writes with tx.
// Reads through the store's other methods see the state before fn began.
func (s *Store) Atomically(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if tx := s.joinedTx(ctx); tx != nil {
		return fn(ctx, tx)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return fn(context.WithValue(ctx, txKey{}, joined{store: s, tx: tx}), tx)
	})
}

// joinedTx returns the transaction of an enclosing Atomically on this store.
func (s *Store) joinedTx(ctx context.Context) *sql.Tx {
	if j, ok := ctx.Value(txKey{}).(joined); ok && j.store == s {
		return j.tx
	}
	return nil
}
