package notion

import (
	"context"
	"errors"
	"fmt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/codec"
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
// whose push failed before and is due again. A record whose values equal
// its base (kaigi's own pulls among them) costs no request. A record that
// fails is kept for a later cycle — at once after a passing failure, after
// a growing backoff when Notion (or kaigi) refuses it, with a standing
// problem — and never holds back the others.
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
	attempts := map[string]int{}
	var failed []syncdb.Failure
	for _, r := range retry {
		if r.RetryAt.After(e.now) && !dirty[r.Entity][r.LocalID] {
			failed = append(failed, r) // waits out its backoff
			continue
		}
		if dirty[r.Entity] == nil {
			dirty[r.Entity] = map[string]bool{}
		}
		dirty[r.Entity][r.LocalID] = true
		attempts[string(r.Entity)+" "+r.LocalID] = r.Attempts
	}
	e.dirty = dirty // a create adds the records that relate to its page
	total, done := 0, 0
	for _, ids := range dirty {
		total += len(ids)
	}
	for _, spec := range codec.Specs {
		dc := e.cfg.Databases[spec.Entity]
		if dc == nil || dc.ID == "" {
			continue
		}
		for _, id := range sortedKeys(dirty[spec.Entity]) {
			done++
			e.progress("push", done, total)
			f, err := e.pushOne(ctx, spec, id, attempts[string(spec.Entity)+" "+id])
			if err != nil {
				return err
			}
			if f != nil {
				failed = append(failed, *f)
			}
		}
	}
	if last == from && len(failed) == 0 && len(retry) == 0 {
		return nil
	}
	return e.state.FinishPush(ctx, failed, last, e.clock.Now())
}

// pushOne pushes one record and says how it failed, if it did; the error
// is only one that ends the cycle.
func (e *Engine) pushOne(ctx context.Context, spec EntitySpec, id string, tried int) (*syncdb.Failure, error) {
	f := &syncdb.Failure{Entity: spec.Entity, LocalID: id, Attempts: tried + 1}
	if e.broken[spec.Entity] {
		f.Error, f.Attempts = "the database has a problem", tried
		return f, nil
	}
	err := e.pushRecord(ctx, spec, id)
	switch {
	case err == nil:
		return nil, e.clearProblem(ctx, pushKey(spec.Entity, id))
	case stop(err):
		return nil, err
	}
	f.Error = userMessage(err)
	switch {
	case errors.Is(err, errNotNow):
		f.Attempts = tried
	case errors.Is(err, errHeldField):
		f.RetryAt = e.now.Add(backoff(f.Attempts))
	case schemaRefused(err):
		if derr := e.schemaDrift(ctx, spec, err); derr != nil {
			return nil, derr
		}
	case pageLevel(err):
		f.RetryAt = e.now.Add(backoff(f.Attempts))
		if perr := e.refusedProblem(ctx, spec, id, err); perr != nil {
			return nil, perr
		}
	default:
		e.report(spec, fmt.Errorf("%s %s: %w", spec.Entity, id, err))
	}
	return f, nil
}

func pushKey(ent data.Entity, id string) string { return "push:" + string(ent) + ":" + id }

// refusedProblem keeps the problem of a record Notion (or kaigi) refuses.
func (e *Engine) refusedProblem(ctx context.Context, spec EntitySpec, id string, err error) error {
	l, linked, lerr := e.state.LinkByLocal(ctx, spec.Entity, id)
	if lerr != nil {
		return lerr
	}
	url, page := "", ""
	if linked {
		url, page = pageURL(l.PageID), l.PageID
	}
	title := ""
	if f, rerr := e.records.read(ctx, spec.Entity, id); rerr == nil {
		title = f["title"]
	}
	return e.retryProblem(ctx, syncdb.Problem{Key: pushKey(spec.Entity, id), Kind: "refused", Entity: spec.Entity, LocalID: id, PageID: page, URL: url,
		Message: fmt.Sprintf("%s %q cannot reach Notion: %s", spec.Singular(), title, userMessage(err)),
		Fix:     "change the record in kaigi (or its page in Notion) so that Notion takes it; kaigi tries again"})
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
	for _, spec := range codec.Specs {
		if dc := e.cfg.Databases[spec.Entity]; dc != nil && dc.ID != "" {
			kinds = append(kinds, spec.Entity)
		}
	}
	return e.store.CountChanged(ctx, from, "notion", kinds)
}
