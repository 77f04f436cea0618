package notion

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// pull applies one database's pages edited since the watermark (minus the
// margin, since Notion rounds edit times to the minute), deciding by
// content whether a page changed. A full pull reads every live page instead
// and then confirms the linked pages it did not see (see reconcile.go).
func (e *Engine) pull(ctx context.Context, spec EntitySpec, full bool) error {
	dc := e.cfg.Databases[spec.Entity]
	if dc == nil || dc.ID == "" {
		return nil
	}
	key := "watermark:" + string(spec.Entity)
	wm, err := getState(ctx, e.store.DB(), key)
	if err != nil {
		return err
	}
	var filter map[string]any
	var mark time.Time
	if wm != "" {
		if mark, err = time.Parse(timeLayout, wm); err != nil {
			return fmt.Errorf("read watermark: %w", err)
		}
		if !full {
			filter = editedSince(mark.Add(-e.opts.Margin))
		}
	}
	newest := mark
	seen := map[string]bool{}
	err = e.client.queryAll(ctx, dc.ID, filter, func(pg page) error {
		seen[pg.ID] = true
		if pg.LastEditedTime.After(newest) {
			newest = pg.LastEditedTime
		}
		return e.pullPage(ctx, spec, pg)
	})
	if err != nil {
		return err
	}
	if full {
		if err := e.confirmMissing(ctx, spec, seen); err != nil {
			return err
		}
	}
	if !newest.Equal(mark) {
		return setState(ctx, e.store.DB(), key, fmtTime(newest))
	}
	return nil
}

// pullPage merges one page into kaigi.
func (e *Engine) pullPage(ctx context.Context, spec EntitySpec, pg page) error {
	err := e.mergePage(ctx, spec, pg)
	if err == nil || stop(err) {
		return err
	}
	var ce *ConfigError
	if errors.As(err, &ce) {
		return err // schema drift stops this database only
	}
	var de *data.Error
	if errors.As(err, &de) && de.Code != data.EINTERNAL {
		e.warn("%s page %s cannot be applied: %s", spec.Title, pg.ID, de.Error())
		return nil
	}
	return err
}

func (e *Engine) mergePage(ctx context.Context, spec EntitySpec, pg page) error {
	return e.merge(ctx, spec, pg, false)
}

// merge merges one page into kaigi. A page kaigi never saw that is in the
// trash is skipped, unless another page relates to it (related): then it
// becomes a record in the kaigi trash, so that the relation is kept and
// comes back with a restore.
func (e *Engine) merge(ctx context.Context, spec EntitySpec, pg page, related bool) error {
	fields := e.mapped(spec)
	db := e.store.DB()
	l, linked, err := linkByPage(ctx, db, pg.ID)
	if err != nil {
		return err
	}
	if linked && l.Settled && pg.LastEditedTime.Equal(l.RemoteEdited) && pg.trashed() == (l.Base[deletedKey] == "true") {
		return nil // read before, after its last edit's minute had passed: nothing new
	}
	remote, err := e.decode(ctx, spec, fields, pg)
	if err != nil {
		return err
	}
	kid := remote[idField.Name]
	adopted, copied := false, ""
	if !linked && kid != "" {
		other, taken, err := linkByLocal(ctx, db, spec.Entity, kid)
		if err != nil {
			return err
		}
		if taken {
			// The record has its page: this one is a copy (duplicated in
			// Notion, or made by a create whose answer was lost, trashed
			// and restored after kaigi made another). It becomes a record
			// of its own, so that neither page's edits are lost.
			copied = other.PageID
		} else if _, err := e.local.read(ctx, spec.Entity, kid); err == nil {
			// A page kaigi created but never recorded (a crash or a lost answer).
			l, adopted = link{Entity: spec.Entity, LocalID: kid, PageID: pg.ID}, true
		}
	}
	var sent *sentWrite // kaigi's write to this page whose answer was lost
	if l.LocalID != "" {
		w, ok, err := sentTo(ctx, db, spec.Entity, l.LocalID)
		if err != nil {
			return err
		}
		switch {
		case ok && adopted && w.PageID == "":
			sent, l.Base = &w, w.Base // the base is what the create sent
		case ok && w.PageID == pg.ID:
			sent = &w
		}
	}
	if l.LocalID == "" && pg.trashed() && !related {
		return nil // made and trashed in Notion before kaigi saw it
	}
	// A trashed page's blocks are read too: they may have been edited
	// before the page went to the trash, and those edits are kept.
	needBody := l.Base == nil || !pg.LastEditedTime.Equal(l.RemoteEdited) || !l.Settled
	for _, f := range fields {
		if f.Kind != KindBody {
			continue
		}
		if needBody {
			blocks, err := e.client.blocks(ctx, pg.ID)
			if err != nil {
				return err
			}
			mds := make([]mdBlock, len(blocks))
			for i, b := range blocks {
				mds[i] = b.mdBlock
			}
			remote[f.Name] = normalizeMarkdown(renderMarkdown(mds))
		} else {
			remote[f.Name] = l.Base[f.Name]
		}
	}
	for _, f := range fields {
		if f.PushOnly && l.Base != nil {
			remote[f.Name] = l.Base[f.Name]
		}
	}
	octx := data.WithOrigin(ctx, "notion")
	settled := e.clock.Now().Sub(pg.LastEditedTime) > time.Minute+e.opts.Margin/2
	if l.LocalID == "" {
		// First seen: a page made in Notion becomes a kaigi record.
		create := Fields{}
		for k, v := range remote {
			if k != idField.Name && k != deletedKey && !isPushOnly(spec, k) {
				create[k] = v
			}
		}
		if pg.trashed() {
			create[deletedKey] = "true"
		}
		// The record and its link commit together: a crash in between would
		// leave a record the next pull cannot recognise, and it would make a
		// second one. The base keeps the page as it is (no kaigi ID yet): the
		// push sees the ID as a local change and writes it.
		err := e.store.Atomically(octx, func(ctx context.Context, tx *sql.Tx) error {
			id, err := e.local.write(ctx, spec.Entity, "", create, pg.CreatedTime)
			if err != nil {
				return err
			}
			return saveLink(ctx, tx, link{Entity: spec.Entity, LocalID: id, PageID: pg.ID, Base: remote, RemoteEdited: pg.LastEditedTime, Settled: settled}, e.clock.Now())
		})
		if err != nil {
			return err
		}
		e.sum.Pulled++
		if copied != "" {
			e.warn("%s page %s carries the kaigi ID of page %s; kaigi made it a record of its own", spec.Title, pg.ID, copied)
		}
		return nil
	}
	localFields, err := e.local.read(ctx, spec.Entity, l.LocalID)
	if err != nil {
		return err
	}
	if localFields, err = e.sendable(ctx, spec, only(localFields, fields)); err != nil {
		return err
	}
	base := l.Base
	if base == nil {
		base = remote
	}
	if sent != nil && sent.PageID != "" {
		base = judgeSent(base, *sent, remote, pg.LastEditedTime)
	}
	plan := Merge(base, localFields, remote, e.cfg.Winner)
	for i, c := range plan.Conflicts {
		if c.Base == unknownBase {
			plan.Conflicts[i].Base = l.Base[c.Field]
		}
	}
	e.log.Debug("merge", "entity", spec.Entity, "id", l.LocalID, "page", pg.ID, "edited", pg.LastEditedTime,
		"base", base, "local", localFields, "remote", remote, "to_local", plan.ToLocal, "conflicts", plan.Conflicts)
	if sameFields(base, remote) && len(plan.ToLocal) == 0 && l.Base != nil && sent == nil &&
		pg.LastEditedTime.Equal(l.RemoteEdited) && l.Settled == settled {
		return nil // nothing new: an echo of kaigi's own write, or an idle page
	}
	apply := Fields{}
	for k, v := range plan.ToLocal {
		if k != idField.Name && !isPushOnly(spec, k) {
			apply[k] = v
		}
	}
	// The merged values, the conflicts and the new base commit together: a
	// crash after applying Notion's side but before recording the conflict
	// would make the next merge see two equal sides and lose kaigi's value.
	err = e.store.Atomically(octx, func(ctx context.Context, tx *sql.Tx) error {
		if len(apply) > 0 {
			if _, err := e.local.write(ctx, spec.Entity, l.LocalID, apply, pg.CreatedTime); err != nil {
				return err
			}
		}
		for _, c := range plan.Conflicts {
			if err := addConflict(ctx, tx, spec.Entity, l.LocalID, c, e.clock.Now()); err != nil {
				return err
			}
		}
		if len(plan.ToRemote) > 0 {
			// Notion lags the merge (kaigi's side won somewhere) though the
			// record may have no journal entry past the outbox cursor: e.g.
			// it was deleted before its lost create's page was found.
			if err := queuePush(ctx, tx, spec.Entity, l.LocalID, e.clock.Now()); err != nil {
				return err
			}
		}
		l.Base, l.RemoteEdited, l.Settled = remote, pg.LastEditedTime, settled
		if err := saveLink(ctx, tx, l, e.clock.Now()); err != nil {
			return err
		}
		if sent != nil {
			return dropSent(ctx, tx, spec.Entity, l.LocalID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(apply) > 0 {
		e.sum.Pulled++
		if apply[deletedKey] == "true" {
			e.sum.Trashed++
		}
	}
	e.sum.Conflicts += len(plan.Conflicts)
	switch plan.Revived {
	case "kaigi":
		e.warn("%s %s was deleted in kaigi but edited in Notion; the edit won and the record is back", spec.Title, l.LocalID)
	case "notion":
		e.warn("%s %s was trashed in Notion but edited in kaigi; the edit won and the page is restored", spec.Title, l.LocalID)
	}
	return nil
}

// unknownBase stands for a base nobody can know: see judgeSent.
const unknownBase = "\x00unknown"

// judgeSent picks, per field of a write whose answer was lost, the base to
// merge the page against: the written value where the page holds it (the
// write was applied); the old base where the page holds that and has not
// been edited since the write was sent (it was not). Otherwise nobody can
// tell whether a person changed the field after the write or the write
// never arrived, and the field merges as changed on both sides: differing
// values make a conflict that keeps both.
func judgeSent(base Fields, w sentWrite, remote Fields, edited time.Time) Fields {
	out := Fields{}
	for k, v := range base {
		out[k] = v
	}
	for f, v := range w.Base {
		switch {
		case base[f] == v:
		case remote[f] == v:
			out[f] = v
		case remote[f] == base[f] && edited.Before(w.SentAt.Truncate(time.Minute)):
		case f != deletedKey:
			out[f] = unknownBase
		}
	}
	return out
}

func isPushOnly(spec EntitySpec, name string) bool {
	f, ok := spec.Field(name)
	return ok && f.PushOnly
}

func sameFields(a, b Fields) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

// pullPending reads pages named by webhooks one by one.
func (e *Engine) pullPending(ctx context.Context) error {
	ids, err := pendingPages(ctx, e.store.DB())
	if err != nil {
		return err
	}
	for _, id := range ids {
		pg, err := e.client.getPage(ctx, id)
		var api *APIError
		switch {
		case errors.As(err, &api) && api.Status == 404:
			// Not shared or gone: reconciliation decides what it means.
		case err != nil:
			return err
		default:
			if spec, ok := e.specOfParent(pg); ok {
				if err := e.pullPage(ctx, spec, pg); err != nil {
					if stop(err) {
						return err
					}
					e.report(spec, err)
				}
			}
		}
		if _, err := e.store.DB().ExecContext(ctx, `DELETE FROM notion_pending_pages WHERE page_id = ?`, id); err != nil {
			return fmt.Errorf("clear pending page: %w", err)
		}
	}
	return nil
}

func (e *Engine) specOfParent(pg page) (EntitySpec, bool) {
	for _, spec := range Specs {
		if dc := e.cfg.Databases[spec.Entity]; dc != nil && sameID(dc.ID, pg.Parent.DatabaseID) {
			return spec, true
		}
	}
	return EntitySpec{}, false
}

func pendingPages(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT page_id FROM notion_pending_pages ORDER BY received_at, page_id`)
	if err != nil {
		return nil, fmt.Errorf("list pending pages: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
