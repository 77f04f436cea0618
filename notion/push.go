package notion

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
)

const cursorKey = "outbox_cursor"

// push sends every record changed since the outbox cursor, and every record
// whose push failed before. The journal is the outbox: each local change was
// committed with its journal entry. A record whose values equal its base
// (kaigi's own pulls among them) costs no request. A record that fails is
// reported and kept for the next cycle; it does not hold back the others.
func (e *Engine) push(ctx context.Context) error {
	db := e.store.DB()
	cur, err := getState(ctx, db, cursorKey)
	if err != nil {
		return err
	}
	from, _ := strconv.ParseInt(cur, 10, 64)
	dirty, last, err := e.outbox(ctx, from)
	if err != nil {
		return err
	}
	retry, err := retryRecords(ctx, db)
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
	var failed []failure
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
				failed = append(failed, failure{Entity: spec.Entity, LocalID: id, Error: userMessage(err)})
				e.report(spec, fmt.Errorf("%s %s: %w", spec.Entity, id, err))
			}
		}
	}
	if last == from && len(failed) == 0 && len(retry) == 0 {
		return nil
	}
	return e.store.InTx(ctx, func(tx *sql.Tx) error {
		if err := saveRetry(ctx, tx, failed, e.clock.Now()); err != nil {
			return err
		}
		return setState(ctx, tx, cursorKey, strconv.FormatInt(last, 10))
	})
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

func (e *Engine) pushRecord(ctx context.Context, spec EntitySpec, id string) error {
	return e.pushOnce(ctx, spec, id, false)
}

// refused reports an answer from Notion that the request was not applied;
// a gateway timeout (504) may have been.
func refused(err error) bool {
	var api *APIError
	return errors.As(err, &api) && api.Status != http.StatusGatewayTimeout
}

// isArchived recognises Notion's refusal to edit a page in the trash.
func isArchived(err error) bool {
	var api *APIError
	return errors.As(err, &api) && api.Status == http.StatusBadRequest && strings.Contains(api.Message, "archived")
}

func (e *Engine) pushOnce(ctx context.Context, spec EntitySpec, id string, retried bool) error {
	fields := e.mapped(spec)
	db := e.store.DB()
	localFields, err := e.local.read(ctx, spec.Entity, id)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if localFields, err = e.sendable(ctx, spec, only(localFields, fields)); err != nil {
		return err
	}
	l, linked, err := linkByLocal(ctx, db, spec.Entity, id)
	if err != nil {
		return err
	}
	if !linked {
		if localFields[deletedKey] != "" {
			return nil // never reached Notion
		}
		found, err := e.findByKaigiID(ctx, spec, id)
		if err != nil {
			return err
		}
		if found == nil {
			return e.create(ctx, spec, id, localFields)
		}
		// Created before, its answer lost: adopt the page, then update it.
		if err := e.mergePage(ctx, spec, *found); err != nil {
			return err
		}
		if l, _, err = linkByLocal(ctx, db, spec.Entity, id); err != nil {
			return err
		}
		if localFields, err = e.local.read(ctx, spec.Entity, id); err != nil {
			return err
		}
		if localFields, err = e.sendable(ctx, spec, only(localFields, fields)); err != nil {
			return err
		}
	}
	if !retried {
		// A write to this page whose answer was lost is judged by a merge
		// first: a new write would replace what kaigi remembers of it.
		w, pending, err := sentTo(ctx, db, spec.Entity, id)
		if err != nil {
			return err
		}
		if pending && w.PageID == l.PageID {
			return e.mergeThenPush(ctx, spec, id, l.PageID)
		}
	}
	changed := Fields{}
	for k, v := range localFields {
		if l.Base[k] != v && !(k == deletedKey) {
			changed[k] = v
		}
	}
	trash := localFields[deletedKey] != l.Base[deletedKey]
	if trash && !retried {
		// A delete or a restore: the page may have been edited since the
		// pull, or trashed and edited where no query shows it. Merge it
		// first (an edit beats a delete), then push what is left.
		return e.mergeThenPush(ctx, spec, id, l.PageID)
	}
	if len(changed) == 0 && !trash || localFields[deletedKey] == "true" && !trash {
		return nil // nothing to send, or both sides in the trash, where Notion takes no edits: a restore sends them
	}
	if !trash && !retried && onlyBody(spec, changed) {
		// Block edits alone cannot tell that the page went to the trash in
		// Notion since the pull, and would overwrite the body edited there
		// before: read the page first, and merge it if it is in the trash.
		pg, err := e.client.getPage(ctx, l.PageID)
		if err != nil {
			return explain(err, "page", l.PageID)
		}
		if pg.trashed() {
			return e.mergePageThenPush(ctx, spec, id, pg)
		}
	}
	props, written, err := e.encode(ctx, spec, changed)
	if err != nil {
		return err
	}
	body := map[string]any{}
	if len(props) > 0 {
		body["properties"] = props
	}
	if trash {
		body["in_trash"] = localFields[deletedKey] == "true"
	}
	newBase := Fields{}
	for k, v := range l.Base {
		newBase[k] = v
	}
	for k, v := range written {
		newBase[k] = v
	}
	live := localFields[deletedKey] == ""
	// What the page holds if the write is applied, kept until Notion answers.
	intended := withField(newBase, deletedKey, localFields[deletedKey])
	for _, f := range fields {
		if v, ok := changed[f.Name]; ok && f.Kind == KindBody && live {
			intended[f.Name] = v
		}
	}
	if err := saveSent(ctx, db, spec.Entity, id, sentWrite{PageID: l.PageID, Base: intended, SentAt: e.clock.Now()}); err != nil {
		return err
	}
	e.log.Debug("push", "entity", spec.Entity, "id", id, "page", l.PageID, "changed", changed, "trash", trash)
	err = e.send(ctx, &l, body, fields, changed, live, newBase)
	if isArchived(err) && !retried {
		// Trashed in Notion since kaigi last looked: merge that first (an
		// edit beats the delete), then push what is left.
		return e.mergeThenPush(ctx, spec, id, l.PageID)
	}
	if err != nil {
		return explain(err, "page", l.PageID)
	}
	if trash {
		if localFields[deletedKey] == "true" {
			newBase[deletedKey] = "true"
			e.sum.Trashed++
		} else {
			delete(newBase, deletedKey)
		}
	}
	e.sum.Pushed++
	l.Base = newBase
	if err := e.saveLinkSent(ctx, l); err != nil {
		return err
	}
	return e.waitingFor(ctx, spec, changed, written)
}

// mergeThenPush reads a record's page and merges it, then pushes the record once more.
func (e *Engine) mergeThenPush(ctx context.Context, spec EntitySpec, id, pageID string) error {
	pg, err := e.client.getPage(ctx, pageID)
	if err != nil {
		return explain(err, "page", pageID)
	}
	return e.mergePageThenPush(ctx, spec, id, pg)
}

// mergePageThenPush merges a record's page as read, then pushes the record once more.
func (e *Engine) mergePageThenPush(ctx context.Context, spec EntitySpec, id string, pg page) error {
	if err := e.mergePage(ctx, spec, pg); err != nil {
		return err
	}
	return e.pushOnce(ctx, spec, id, true)
}

// onlyBody reports whether every changed field is a page body.
func onlyBody(spec EntitySpec, changed Fields) bool {
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
func (e *Engine) waitingFor(ctx context.Context, spec EntitySpec, want, written Fields) error {
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
			if rel, err := e.local.read(ctx, f.Target, id); err == nil && rel[deletedKey] == "" {
				return fmt.Errorf("relation %s waits for %s %s to reach Notion", f.Name, f.Target, id)
			}
		}
	}
	return nil
}

// send writes a record's changed properties and trash flag (body) and its
// changed page body, noting in l and newBase what Notion now holds.
func (e *Engine) send(ctx context.Context, l *link, body map[string]any, fields []FieldSpec, changed Fields, live bool, newBase Fields) error {
	if len(body) > 0 {
		pg, err := e.client.updatePage(ctx, l.PageID, body)
		if refused(err) {
			// Notion answered no: nothing of this write was applied.
			if derr := dropSent(ctx, e.store.DB(), l.Entity, l.LocalID); derr != nil {
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
			if err := e.client.syncBody(ctx, l.PageID, parseMarkdown(v)); err != nil {
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
func (e *Engine) findByKaigiID(ctx context.Context, spec EntitySpec, id string) (*page, error) {
	dc := e.cfg.Databases[spec.Entity]
	var found *page
	filter := map[string]any{"property": dc.Properties[idField.Name], "rich_text": map[string]any{"equals": id}}
	err := e.client.queryAll(ctx, dc.ID, filter, func(pg page) error {
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
func (e *Engine) create(ctx context.Context, spec EntitySpec, id string, f Fields) error {
	dc := e.cfg.Databases[spec.Entity]
	props, written, err := e.encode(ctx, spec, f)
	if err != nil {
		return err
	}
	var blocks []any
	var bodyField string
	var body []mdBlock
	for _, fs := range e.mapped(spec) {
		if fs.Kind == KindBody {
			bodyField = fs.Name
			body = parseMarkdown(f[fs.Name])
			for _, b := range body {
				blocks = append(blocks, blockJSON(b))
			}
		}
	}
	first := blocks[:min(len(blocks), 100)]
	sent := Fields{}
	for k, v := range written {
		sent[k] = v
	}
	if bodyField != "" {
		sent[bodyField] = renderMarkdown(body[:len(first)])
	}
	e.log.Debug("create", "entity", spec.Entity, "id", id, "fields", f)
	db := e.store.DB()
	if err := saveSent(ctx, db, spec.Entity, id, sentWrite{Base: sent, SentAt: e.clock.Now()}); err != nil {
		return err
	}
	if err := e.queueDependents(ctx, spec.Entity, id); err != nil {
		return err
	}
	pg, err := e.client.createPage(ctx, dc.ID, props, first)
	if err != nil {
		return explain(err, "database", dc.ID)
	}
	e.sum.Created++
	l := link{Entity: spec.Entity, LocalID: id, PageID: pg.ID, Base: sent, RemoteEdited: pg.LastEditedTime}
	if err := e.saveLinkSent(ctx, l); err != nil {
		return err
	}
	if len(blocks) > len(first) {
		if err := e.client.syncBody(ctx, pg.ID, body); err != nil {
			return err
		}
		l.Base = withField(sent, bodyField, f[bodyField])
		if err := saveLink(ctx, db, l, e.clock.Now()); err != nil {
			return err
		}
	}
	return e.waitingFor(ctx, spec, f, written)
}

// withField is a copy of f with one field set.
func withField(f Fields, name, v string) Fields {
	out := Fields{name: v}
	for k, x := range f {
		if k != name {
			out[k] = x
		}
	}
	return out
}
