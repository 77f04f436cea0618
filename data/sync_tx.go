package data

import (
	"context"
	"database/sql"
	"fmt"
)

type txKey struct{}

type joined struct {
	store *Store
	tx    *sql.Tx
}

// Atomically runs fn in one transaction. Store methods called with the
// context fn receives join that transaction instead of opening their own,
// and so do the statements of the sync-state package (SharedConn), so
// several changes commit or roll back together: e.g. a record made from a
// Notion page and the sync's link to that page. Reads through the store's
// other methods see the state before fn began.
func (s *Store) Atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	if tx := s.joinedTx(ctx); tx != nil {
		return fn(ctx)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return fn(context.WithValue(ctx, txKey{}, joined{store: s, tx: tx}))
	})
}

// joinedTx returns the transaction of an enclosing Atomically on this store.
func (s *Store) joinedTx(ctx context.Context) *sql.Tx {
	if j, ok := ctx.Value(txKey{}).(joined); ok && j.store == s {
		return j.tx
	}
	return nil
}

// Try runs fn so that its writes are kept or undone together: inside an
// Atomically transaction as a savepoint, so that one failed record does
// not undo the others; else in a transaction of its own.
func (s *Store) Try(ctx context.Context, fn func(ctx context.Context) error) error {
	tx := s.joinedTx(ctx)
	if tx == nil {
		return s.Atomically(ctx, fn)
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT kaigi_try`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(ctx); err != nil {
		if _, rbErr := tx.ExecContext(ctx, `ROLLBACK TO kaigi_try`); rbErr != nil {
			return fmt.Errorf("%w (and undoing it failed: %v)", err, rbErr)
		}
		_, _ = tx.ExecContext(ctx, `RELEASE kaigi_try`)
		return err
	}
	if _, err := tx.ExecContext(ctx, `RELEASE kaigi_try`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// SharedConn is where the one other package that keeps tables in the
// store's file runs its statements: notion/syncdb, owner of the Notion
// sync's notion_* tables (their migrations are the store's, so one file
// holds one schema history). It is the transaction of the Atomically that
// ctx runs in, else the pool. No other package runs SQL; a test in
// internal/archtest fails if one does.
func (s *Store) SharedConn(ctx context.Context) Queryer {
	if tx := s.joinedTx(ctx); tx != nil {
		return tx
	}
	return s.db
}
