package notion

import (
	"context"
	"fmt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// The outbox is the store's change journal: every local change was
// committed with its journal entry, so the records changed since the
// persisted cursor are the records to push, with the retry set (records
// whose push failed, see syncdb) added. The cursor moves only in the
// transaction that saves the new retry set, so a crash or an error re-runs
// the (idempotent) comparison with the base.

// lagsBehind is why a record is queued in the retry set without having
// failed: Notion lags kaigi's value of it.
const lagsBehind = "Notion lags a merge"

// push sends every record changed since the outbox cursor, and every record
// whose push failed before. A record whose values equal its base (kaigi's
// own pulls among them) costs no request. A record that fails is reported
// and kept for the next cycle; it does not hold back the others.
func (e *Engine) push(ctx context.Context) error {
	from, err := e.state.OutboxCursor(ctx)
	if err != nil {
		return err
	}
	dirty, last, err := e.outbox(ctx, from)
	if err != nil {
		return err
	}
	retry, err := e.state.RetrySet(ctx)
	if err != nil {
		return err
	}
	for _, r := range retry {
		if dirty[r.Entity] == nil {
			dirty[r.Entity] = map[string]bool{}
		}
		dirty[r.Entity][r.LocalID] = true
	}
	e.dirty = dirty // a create adds the records that relate to its page
	total, done := 0, 0
	for _, ids := range dirty {
		total += len(ids)
	}
	var failed []syncdb.Failure
	for _, spec := range Specs {
		dc := e.cfg.Databases[spec.Entity]
		if dc == nil || dc.ID == "" {
			continue
		}
		for _, id := range sortedKeys(dirty[spec.Entity]) {
			done++
			e.progress("push", done, total)
			if err := e.pushRecord(ctx, spec, id); err != nil {
				if stop(err) {
					return err
				}
				failed = append(failed, syncdb.Failure{Entity: spec.Entity, LocalID: id, Error: userMessage(err)})
				e.report(spec, fmt.Errorf("%s %s: %w", spec.Entity, id, err))
			}
		}
	}
	if last == from && len(failed) == 0 && len(retry) == 0 {
		return nil
	}
	return e.state.FinishPush(ctx, failed, last, e.clock.Now())
}

// outbox reads the journal after the cursor: the records to push, by
// entity, and the sequence number the cursor moves to.
func (e *Engine) outbox(ctx context.Context, from int64) (map[data.Entity]map[string]bool, int64, error) {
	dirty := map[data.Entity]map[string]bool{}
	last := from
	for {
		changes, err := e.store.ChangesSince(ctx, last, 1000)
		if err != nil {
			return nil, 0, err
		}
		for _, c := range changes {
			if dirty[c.Entity] == nil {
				dirty[c.Entity] = map[string]bool{}
			}
			dirty[c.Entity][c.EntityID] = true
			last = c.Seq
		}
		if len(changes) < 1000 {
			return dirty, last, nil
		}
	}
}

// pending counts synced records changed in kaigi since the outbox cursor.
func (e *Engine) pending(ctx context.Context) (int, error) {
	from, err := e.state.OutboxCursor(ctx)
	if err != nil {
		return 0, err
	}
	var kinds []data.Entity
	for _, spec := range Specs {
		if dc := e.cfg.Databases[spec.Entity]; dc != nil && dc.ID != "" {
			kinds = append(kinds, spec.Entity)
		}
	}
	return e.store.CountChanged(ctx, from, "notion", kinds)
}
