package notion

import (
	"context"
	"fmt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

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
	changed := merge.Fields{}
	for k, v := range local {
		if l.Base[k] != v && k != merge.Deleted {
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
	found, err := e.findByKaigiID(ctx, spec, id)
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

// readSendable reads a record's mapped fields as they can reach Notion.
func (e *Engine) readSendable(ctx context.Context, spec EntitySpec, id string) (merge.Fields, error) {
	local, err := e.records.read(ctx, spec.Entity, id)
	if err != nil {
		return nil, err
	}
	return e.sendable(ctx, spec, only(local, e.mapped(spec)))
}

// update sends a linked record's changed properties, trash flag and body.
// What the page will hold is stored before the request; the answer's new
// base and the end of that record commit together.
func (e *Engine) update(ctx context.Context, spec EntitySpec, l syncdb.Link, local, changed merge.Fields, trash, retried bool) error {
	fields := e.mapped(spec)
	props, written, err := e.encode(ctx, spec, changed)
	if err != nil {
		return err
	}
	body := map[string]any{}
	if len(props) > 0 {
		body["properties"] = props
	}
	if trash {
		body["in_trash"] = local[merge.Deleted] == "true"
	}
	newBase := merge.Fields{}
	for k, v := range l.Base {
		newBase[k] = v
	}
	for k, v := range written {
		newBase[k] = v
	}
	live := local[merge.Deleted] == ""
	// What the page holds if the write is applied, kept until Notion answers.
	intended := newBase.With(merge.Deleted, local[merge.Deleted])
	for _, f := range fields {
		if v, ok := changed[f.Name]; ok && f.Kind == KindBody && live {
			intended[f.Name] = v
		}
	}
	if err := e.state.SaveSent(ctx, spec.Entity, l.LocalID, syncdb.Sent{PageID: l.PageID, Wrote: intended, SentAt: e.clock.Now()}); err != nil {
		return err
	}
	e.log.Debug("push", "entity", spec.Entity, "id", l.LocalID, "page", l.PageID, "changed", changed, "trash", trash)
	err = e.send(ctx, &l, body, fields, changed, live, newBase)
	if api.IsArchived(err) && !retried {
		// Trashed in Notion since kaigi last looked: merge that first (an
		// edit beats the delete), then push what is left.
		return e.mergeThenPush(ctx, spec, l.LocalID, l.PageID)
	}
	if err != nil {
		return api.Explain(err, "page", l.PageID)
	}
	if trash {
		if local[merge.Deleted] == "true" {
			newBase[merge.Deleted] = "true"
			e.sum.Trashed++
		} else {
			delete(newBase, merge.Deleted)
		}
	}
	e.sum.Pushed++
	l.Base = newBase
	if err := e.state.SaveAnswered(ctx, l, e.clock.Now()); err != nil {
		return err
	}
	return e.waitingFor(ctx, spec, changed, written)
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
		for _, id := range splitList(written[f.Name]) {
			have[id] = true
		}
		for _, id := range splitList(want[f.Name]) {
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

// send writes a record's changed properties and trash flag (body) and its
// changed page body, noting in l and newBase what Notion now holds.
func (e *Engine) send(ctx context.Context, l *syncdb.Link, body map[string]any, fields []FieldSpec, changed merge.Fields, live bool, newBase merge.Fields) error {
	if len(body) > 0 {
		pg, err := e.client.UpdatePage(ctx, l.PageID, body)
		if api.Refused(err) {
			// Notion answered no: nothing of this write was applied.
			if derr := e.state.DropSent(ctx, l.Entity, l.LocalID); derr != nil {
				return derr
			}
		}
		if err != nil {
			return err
		}
		l.RemoteEdited, l.Settled = pg.LastEditedTime, false
	}
	for _, f := range fields {
		if v, ok := changed[f.Name]; ok && f.Kind == KindBody && live {
			if err := blocks.Sync(ctx, e.client, l.PageID, blocks.Parse(v)); err != nil {
				return err
			}
			newBase[f.Name] = v
			l.Settled = false
		}
	}
	return nil
}

// findByKaigiID looks for a page carrying the record's ID, so that a page
// created before a crash or a lost answer is found instead of duplicated.
func (e *Engine) findByKaigiID(ctx context.Context, spec EntitySpec, id string) (*api.Page, error) {
	dc := e.cfg.Databases[spec.Entity]
	var found *api.Page
	err := e.client.Query(ctx, dc.ID, api.TextEquals(dc.Properties[idField.Name], id), func(pg api.Page) error {
		if found == nil {
			found = &pg
		}
		return nil
	})
	return found, err
}

// create makes the record's page with every mapped property and its body
// (its first 100 blocks; the rest follow as appends). What the page will
// hold is stored before the request, and the link after the answer, so
// that a page whose answer was lost is merged against what kaigi sent.
func (e *Engine) create(ctx context.Context, spec EntitySpec, id string, f merge.Fields) error {
	dc := e.cfg.Databases[spec.Entity]
	props, written, err := e.encode(ctx, spec, f)
	if err != nil {
		return err
	}
	var items []any
	var bodyField string
	var body []blocks.Block
	for _, fs := range e.mapped(spec) {
		if fs.Kind == KindBody {
			bodyField = fs.Name
			body = blocks.Parse(f[fs.Name])
			for _, b := range body {
				items = append(items, blocks.Encode(b))
			}
		}
	}
	first := items[:min(len(items), 100)]
	sent := merge.Fields{}
	for k, v := range written {
		sent[k] = v
	}
	if bodyField != "" {
		sent[bodyField] = blocks.Render(body[:len(first)])
	}
	e.log.Debug("create", "entity", spec.Entity, "id", id, "fields", f)
	if err := e.state.SaveSent(ctx, spec.Entity, id, syncdb.Sent{Wrote: sent, SentAt: e.clock.Now()}); err != nil {
		return err
	}
	if err := e.queueDependents(ctx, spec.Entity, id); err != nil {
		return err
	}
	pg, err := e.client.CreatePage(ctx, dc.ID, props, first)
	if err != nil {
		return api.Explain(err, "database", dc.ID)
	}
	e.sum.Created++
	l := syncdb.Link{Entity: spec.Entity, LocalID: id, PageID: pg.ID, Base: sent, RemoteEdited: pg.LastEditedTime}
	if err := e.state.SaveAnswered(ctx, l, e.clock.Now()); err != nil {
		return err
	}
	if len(items) > len(first) {
		if err := blocks.Sync(ctx, e.client, pg.ID, body); err != nil {
			return err
		}
		l.Base = sent.With(bodyField, f[bodyField])
		if err := e.state.SaveLink(ctx, l, e.clock.Now()); err != nil {
			return err
		}
	}
	return e.waitingFor(ctx, spec, f, written)
}
