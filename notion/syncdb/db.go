// Package syncdb owns the Notion sync's state in kaigi's SQLite file, every
// statement on the notion_* tables behind typed methods: the link of each
// record to its page with the merge base, the outbox cursor and the retry
// set with its backoff, writes whose answer was lost, pull watermarks, the
// reconciliation schedule and each database's confirmation pass, the
// schemas kept between cycles, the standing problems a person may act on,
// conflicts, the history of runs, and the webhook's token, events and
// queued pages. The tables' migrations are the store's
// (data/migrations), so one file has one schema history.
//
// Every method runs on the transaction of the data.Store.Atomically that
// its ctx runs in, else on the pool: the sync commits a record and its link
// together by calling both inside one Atomically. Only data and this
// package contain SQL (internal/archtest).
package syncdb

import (
	"context"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// DB is the sync's state in a store's file.
type DB struct{ store *data.Store }

// New returns the sync state kept in st's file.
func New(st *data.Store) *DB { return &DB{store: st} }

// Atomically runs fn in one transaction of the store: the store's methods
// and this package's, called with the ctx fn receives, commit together.
func (d *DB) Atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	return d.store.Atomically(ctx, fn)
}

func (d *DB) conn(ctx context.Context) data.Queryer { return d.store.SharedConn(ctx) }

// timeLayout is the store's: fixed-width UTC text, so text order is time order.
const timeLayout = "2006-01-02T15:04:05.000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(what, v string) (time.Time, error) {
	t, err := time.Parse(timeLayout, v)
	if err != nil {
		return t, fmt.Errorf("read %s: %w", what, err)
	}
	return t, nil
}
