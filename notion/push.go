package notion

import (
	"context"
	"errors"
	"fmt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// errHeldField says a push wrote what it could and left a field it cannot
// write (a standing problem): the record is tried again after a backoff.
var errHeldField = errors.New("a field waits for a fix in Notion")

// errNotNow says a record waits for its database's pull, which failed this
// cycle: a page created without it could be a duplicate.
var errNotNow = errors.New("the database could not be read this cycle")

// pushRecord brings a record's page up to date with the record: created
// when it has none, else sent what changed since the base.
func (e *Engine) pushRecord(ctx context.Context, spec EntitySpec, id string) error {
	return e.pushOnce(ctx, spec, id, false)
}

// pushOnce pushes a record; retried is true on the second pass after
// merging its page first (a delete, a restore, a lost answer, a page found
// in the trash), which must not merge again.
func (e *Engine) pushOnce(ctx context.Context, spec EntitySpec, id string, retried bool) error {
	local, l, done, err := e.pushTarget(ctx, spec, id)
	if err != nil || done {
		return err
	}
	if !retried {
		// A write to this page whose answer was lost is judged by a merge
		// first: a new write would replace what kaigi remembers of it.
		w, pending, err := e.state.SentTo(ctx, spec.Entity, id)
		if err != nil {
			return err
		}
		if pending && w.PageID == l.PageID {
			return e.mergeThenPush(ctx, spec, id, l.PageID)
		}
	}
	holds, err := e.holds(ctx, spec.Entity, id)
	if err != nil {
		return err
	}
	changed := merge.Fields{}
	for k, v := range local {
		if _, held := holds[k]; (!held || holds[k].Kind == "option") && l.Base[k] != v && k != merge.Deleted {
			changed[k] = v
		}
	}
	trash := local[merge.Deleted] != l.Base[merge.Deleted]
	if trash && !retried {
		// A delete or a restore: the page may have been edited since the
		// pull, or trashed and edited where no query shows it. Merge it
		// first (an edit beats a delete), then push what is left.
		return e.mergeThenPush(ctx, spec, id, l.PageID)
	}
	if len(changed) == 0 && !trash || local[merge.Deleted] == "true" && !trash {
		return nil // nothing to send, or both sides in the trash, where Notion takes no edits: a restore sends them
	}
	if !trash && !retried && onlyBody(spec, changed) {
		// Block edits alone cannot tell that the page went to the trash in
		// Notion since the pull, and would overwrite the body edited there
		// before: read the page first, and merge it if it is in the trash.
		pg, err := e.client.Page(ctx, l.PageID)
		if err != nil {
			return api.Explain(err, "page", l.PageID)
		}
		if pg.Trashed() {
			return e.mergePageThenPush(ctx, spec, id, pg)
		}
	}
	return e.update(ctx, spec, l, local, changed, trash, retried)
}

// pushTarget reads the record as it can reach Notion and its link; a
// record without one either never reached Notion (done), or has a page
// made by a create whose answer was lost, which is adopted and merged, or
// gets its page now (done).
func (e *Engine) pushTarget(ctx context.Context, spec EntitySpec, id string) (merge.Fields, syncdb.Link, bool, error) {
	local, err := e.readSendable(ctx, spec, id)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return nil, syncdb.Link{}, true, nil
	}
	if err != nil {
		return nil, syncdb.Link{}, false, err
	}
	l, linked, err := e.state.LinkByLocal(ctx, spec.Entity, id)
	if err != nil || linked {
		return local, l, false, err
	}
	if local[merge.Deleted] != "" {
		return nil, l, true, nil // never reached Notion
	}
	if e.failed[spec.Entity] {
		return nil, l, true, errNotNow
	}
	found, err := e.lostPage(ctx, spec, id)
	if err != nil {
		return nil, l, false, err
	}
	if found == nil {
		return nil, l, true, e.create(ctx, spec, id, local)
	}
	// Created before, its answer lost: adopt the page, then update it.
	if err := e.mergePage(ctx, spec, *found); err != nil {
		return nil, l, false, err
	}
	if l, _, err = e.state.LinkByLocal(ctx, spec.Entity, id); err != nil {
		return nil, l, false, err
	}
	local, err = e.readSendable(ctx, spec, id)
	return local, l, false, err
}

func (e *Engine) mergePage(ctx context.Context, spec EntitySpec, pg api.Page) error {
	return e.merge(ctx, spec, pg, mergeHow{})
}

// lostPage finds the page of a record whose create was sent and never
// answered: one query per database and cycle lists the pages with a kaigi
// ID made since the oldest such create (none when there is none).
func (e *Engine) lostPage(ctx context.Context, spec EntitySpec, id string) (*api.Page, error) {
	found, ok := e.lost[spec.Entity]
	if !ok {
		found = map[string]api.Page{}
		e.lost[spec.Entity] = found
		ids, oldest, err := e.state.LostCreates(ctx, spec.Entity)
		if err != nil || len(ids) == 0 {
			return nil, err
		}
		dc := e.cfg.Databases[spec.Entity]
		prop := dc.Properties[codec.IDField.Name]
		filter := api.And(api.TextNotEmpty(prop), api.CreatedSince(oldest.Add(-e.opts.Margin)))
		err = e.client.QueryTable(ctx, e.table(spec), filter, func(pg api.Page) error {
			if kid := api.PlainText(pg.Properties[prop].RichText); kid != "" {
				if _, dup := found[kid]; !dup {
					found[kid] = pg
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if pg, ok := found[id]; ok {
		return &pg, nil
	}
	return nil, nil
}

// readSendable reads a record's mapped fields as they can reach Notion.
func (e *Engine) readSendable(ctx context.Context, spec EntitySpec, id string) (merge.Fields, error) {
	local, err := e.records.read(ctx, spec.Entity, id)
	if err != nil {
		return nil, err
	}
	return e.codec().Sendable(ctx, spec, only(local, e.mapped(spec)))
}

// mergeThenPush reads a record's page and merges it, then pushes the record once more.
func (e *Engine) mergeThenPush(ctx context.Context, spec EntitySpec, id, pageID string) error {
	pg, err := e.client.Page(ctx, pageID)
	if err != nil {
		return api.Explain(err, "page", pageID)
	}
	return e.mergePageThenPush(ctx, spec, id, pg)
}

// mergePageThenPush merges a record's page as read, then pushes the record once more.
func (e *Engine) mergePageThenPush(ctx context.Context, spec EntitySpec, id string, pg api.Page) error {
	if err := e.mergePage(ctx, spec, pg); err != nil {
		return err
	}
	return e.pushOnce(ctx, spec, id, true)
}

// onlyBody reports whether every changed field is a page body.
func onlyBody(spec EntitySpec, changed merge.Fields) bool {
	for k := range changed {
		if f, ok := spec.Field(k); !ok || f.Kind != KindBody {
			return false
		}
	}
	return len(changed) > 0
}

// waitingFor fails a record whose relations were written without some live
// related record that has no page yet (its own push failed), so that the
// record stays in the retry set until the relation can be written whole.
func (e *Engine) waitingFor(ctx context.Context, spec EntitySpec, want, written merge.Fields) error {
	for _, f := range spec.Fields {
		if f.Kind != KindRelation || want[f.Name] == written[f.Name] {
			continue
		}
		have := map[string]bool{}
		for _, id := range codec.SplitList(written[f.Name]) {
			have[id] = true
		}
		for _, id := range codec.SplitList(want[f.Name]) {
			if have[id] {
				continue
			}
			if rel, err := e.records.read(ctx, f.Target, id); err == nil && rel[merge.Deleted] == "" {
				return fmt.Errorf("relation %s waits for %s %s to reach Notion", f.Name, f.Target, id)
			}
		}
	}
	return nil
}

// keepWriteIssues records the fields a write left out (kaigi's value has
// no option in Notion) and clears those problems of the record's fields
// that the write settled; errHeldField asks for a retry after a backoff.
func (e *Engine) keepWriteIssues(ctx context.Context, spec EntitySpec, id, pageID, url string, out codec.Encoded) error {
	for _, note := range out.Notes {
		e.warn("%s", note)
	}
	for field := range out.Written {
		if _, ok := out.Issues[field]; !ok {
			if err := e.clearProblem(ctx, fieldKey(spec.Entity, id, field)); err != nil {
				return err
			}
		}
	}
	for field, is := range out.Issues {
		if err := e.retryProblem(ctx, syncdb.Problem{Key: fieldKey(spec.Entity, id, field), Kind: is.Kind, Entity: spec.Entity, LocalID: id,
			PageID: pageID, Field: field, URL: url, Message: is.Message, Fix: is.Fix}); err != nil {
			return err
		}
	}
	if len(out.Issues) > 0 {
		return errHeldField
	}
	return nil
}

// bodyOf is the body field of a record's mapped fields and its blocks.
func (e *Engine) bodyOf(spec EntitySpec, f merge.Fields) (string, []blocks.Block) {
	for _, fs := range e.mapped(spec) {
		if fs.Kind == KindBody {
			return fs.Name, blocks.Parse(f[fs.Name])
		}
	}
	return "", nil
}
