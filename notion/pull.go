package notion

import (
	"context"
	"errors"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
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
	mark, err := e.state.Watermark(ctx, spec.Entity)
	if err != nil {
		return err
	}
	var filter map[string]any
	if !mark.IsZero() && !full {
		filter = api.EditedSince(mark.Add(-e.opts.Margin))
	}
	newest := mark
	seen := map[string]bool{}
	err = e.client.Query(ctx, dc.ID, filter, func(pg api.Page) error {
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
		return e.state.SetWatermark(ctx, spec.Entity, newest)
	}
	return nil
}

// pullPage merges one page into kaigi. A record that cannot take the
// page's values is reported and skipped; it does not stop the others.
func (e *Engine) pullPage(ctx context.Context, spec EntitySpec, pg api.Page) error {
	err := e.mergePage(ctx, spec, pg)
	if err == nil || stop(err) {
		return err
	}
	var ce *api.ConfigError
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

func (e *Engine) mergePage(ctx context.Context, spec EntitySpec, pg api.Page) error {
	return e.merge(ctx, spec, pg, false)
}

// pulled is a page read for a merge, with what kaigi knows of it.
type pulled struct {
	spec    EntitySpec
	fields  []FieldSpec
	page    api.Page
	remote  merge.Fields // the page's values in kaigi's terms
	link    syncdb.Link  // empty LocalID: a page of no record yet
	sent    *syncdb.Sent // kaigi's write to this page whose answer was lost
	copied  string       // the page of the record whose kaigi ID this page carries
	settled bool         // the page's edit minute has passed
}

// merge merges one page into kaigi. A page kaigi never saw that is in the
// trash is skipped, unless another page relates to it (related): then it
// becomes a record in the kaigi trash, so that the relation is kept and
// comes back with a restore.
func (e *Engine) merge(ctx context.Context, spec EntitySpec, pg api.Page, related bool) error {
	p := pulled{spec: spec, fields: e.mapped(spec), page: pg}
	l, linked, err := e.state.LinkByPage(ctx, pg.ID)
	if err != nil {
		return err
	}
	if linked && l.Settled && pg.LastEditedTime.Equal(l.RemoteEdited) && pg.Trashed() == (l.Base[merge.Deleted] == "true") {
		return nil // read before, after its last edit's minute had passed: nothing new
	}
	if p.remote, err = e.decode(ctx, spec, p.fields, pg); err != nil {
		return err
	}
	p.link = l
	adopted := false
	if !linked {
		if adopted, err = e.identify(ctx, &p); err != nil {
			return err
		}
	}
	if err := e.findLost(ctx, &p, adopted); err != nil {
		return err
	}
	if p.link.LocalID == "" && pg.Trashed() && !related {
		return nil // made and trashed in Notion before kaigi saw it
	}
	if err := e.readBody(ctx, &p); err != nil {
		return err
	}
	p.settled = e.clock.Now().Sub(pg.LastEditedTime) > time.Minute+e.opts.Margin/2
	if p.link.LocalID == "" {
		return e.createFromPage(ctx, p)
	}
	return e.mergeLinked(ctx, p)
}

// identify looks at the kaigi ID of a page kaigi has no link to: a page
// kaigi created but never recorded (a crash or a lost answer) is adopted;
// one carrying the ID of a record that has its page is a copy.
func (e *Engine) identify(ctx context.Context, p *pulled) (adopted bool, err error) {
	kid := p.remote[idField.Name]
	if kid == "" {
		return false, nil
	}
	other, taken, err := e.state.LinkByLocal(ctx, p.spec.Entity, kid)
	if err != nil {
		return false, err
	}
	if taken {
		// Duplicated in Notion, or made by a create whose answer was lost,
		// trashed and restored after kaigi made another. It becomes a
		// record of its own, so that neither page's edits are lost.
		p.copied = other.PageID
		return false, nil
	}
	if _, err := e.records.read(ctx, p.spec.Entity, kid); err == nil {
		p.link = syncdb.Link{Entity: p.spec.Entity, LocalID: kid, PageID: p.page.ID}
		return true, nil
	}
	return false, nil
}

// findLost finds kaigi's write to the page whose answer was lost. For an
// adopted page it is the lost create, and its values are the base.
func (e *Engine) findLost(ctx context.Context, p *pulled, adopted bool) error {
	if p.link.LocalID == "" {
		return nil
	}
	w, ok, err := e.state.SentTo(ctx, p.spec.Entity, p.link.LocalID)
	if err != nil {
		return err
	}
	switch {
	case ok && adopted && w.PageID == "":
		p.sent, p.link.Base = &w, w.Wrote
	case ok && w.PageID == p.page.ID:
		p.sent = &w
	}
	return nil
}

// readBody fills in the page's body fields: read from its blocks when the
// page may have changed since kaigi last saw it, else the base. A trashed
// page's blocks are read too: they may have been edited before the page
// went to the trash, and those edits are kept. Push-only fields keep their
// base, whatever the page shows.
func (e *Engine) readBody(ctx context.Context, p *pulled) error {
	l, pg := p.link, p.page
	needBody := l.Base == nil || !pg.LastEditedTime.Equal(l.RemoteEdited) || !l.Settled
	for _, f := range p.fields {
		if f.Kind != KindBody {
			continue
		}
		if !needBody {
			p.remote[f.Name] = l.Base[f.Name]
			continue
		}
		remote, err := blocks.Read(ctx, e.client, pg.ID)
		if err != nil {
			return err
		}
		p.remote[f.Name] = blocks.Markdown(remote)
	}
	for _, f := range p.fields {
		if f.PushOnly && l.Base != nil {
			p.remote[f.Name] = l.Base[f.Name]
		}
	}
	return nil
}

// createFromPage makes a kaigi record of a page first seen in Notion.
func (e *Engine) createFromPage(ctx context.Context, p pulled) error {
	create := merge.Fields{}
	for k, v := range p.remote {
		if k != idField.Name && k != merge.Deleted && !isPushOnly(p.spec, k) {
			create[k] = v
		}
	}
	if p.page.Trashed() {
		create[merge.Deleted] = "true"
	}
	// The record and its link commit together: a crash in between would
	// leave a record the next pull cannot recognise, and it would make a
	// second one. The base keeps the page as it is (no kaigi ID yet): the
	// push sees the ID as a local change and writes it.
	err := e.state.Atomically(data.WithOrigin(ctx, "notion"), func(ctx context.Context) error {
		id, err := e.records.write(ctx, p.spec.Entity, "", create, p.page.CreatedTime)
		if err != nil {
			return err
		}
		return e.state.SaveLink(ctx, syncdb.Link{Entity: p.spec.Entity, LocalID: id, PageID: p.page.ID, Base: p.remote,
			RemoteEdited: p.page.LastEditedTime, Settled: p.settled}, e.clock.Now())
	})
	if err != nil {
		return err
	}
	e.sum.Pulled++
	if p.copied != "" {
		e.warn("%s page %s carries the kaigi ID of page %s; kaigi made it a record of its own", p.spec.Title, p.page.ID, p.copied)
	}
	return nil
}

// mergeLinked merges a page with its record three ways.
func (e *Engine) mergeLinked(ctx context.Context, p pulled) error {
	l, pg, spec := p.link, p.page, p.spec
	local, err := e.records.read(ctx, spec.Entity, l.LocalID)
	if err != nil {
		return err
	}
	if local, err = e.sendable(ctx, spec, only(local, p.fields)); err != nil {
		return err
	}
	base := merge.Fields(l.Base)
	if base == nil {
		base = p.remote
	}
	if p.sent != nil && p.sent.PageID != "" {
		base = merge.JudgeLost(base, merge.Lost{Wrote: p.sent.Wrote, SentAt: p.sent.SentAt}, p.remote, pg.LastEditedTime)
	}
	plan := merge.Merge(base, local, p.remote, e.cfg.Winner)
	plan.ReportBase(l.Base)
	e.log.Debug("merge", "entity", spec.Entity, "id", l.LocalID, "page", pg.ID, "edited", pg.LastEditedTime,
		"base", base, "local", local, "remote", p.remote, "to_local", plan.ToLocal, "conflicts", plan.Conflicts)
	if base.Equal(p.remote) && len(plan.ToLocal) == 0 && l.Base != nil && p.sent == nil &&
		pg.LastEditedTime.Equal(l.RemoteEdited) && l.Settled == p.settled {
		return nil // nothing new: an echo of kaigi's own write, or an idle page
	}
	apply := merge.Fields{}
	for k, v := range plan.ToLocal {
		if k != idField.Name && !isPushOnly(spec, k) {
			apply[k] = v
		}
	}
	if err := e.applyMerge(ctx, p, plan, apply); err != nil {
		return err
	}
	if len(apply) > 0 {
		e.sum.Pulled++
		if apply[merge.Deleted] == "true" {
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

// applyMerge commits a merge: the merged values, the conflicts and the new
// base together. A crash after applying Notion's side but before recording
// the conflict would make the next merge see two equal sides and lose
// kaigi's value.
func (e *Engine) applyMerge(ctx context.Context, p pulled, plan merge.Plan, apply merge.Fields) error {
	l, spec := p.link, p.spec
	return e.state.Atomically(data.WithOrigin(ctx, "notion"), func(ctx context.Context) error {
		if len(apply) > 0 {
			if _, err := e.records.write(ctx, spec.Entity, l.LocalID, apply, p.page.CreatedTime); err != nil {
				return err
			}
		}
		for _, c := range plan.Conflicts {
			stored := syncdb.Conflict{Entity: spec.Entity, LocalID: l.LocalID, Field: c.Field, BaseValue: c.Base,
				LocalValue: c.Local, NotionValue: c.Remote, Applied: string(c.Winner)}
			if err := e.state.AddConflict(ctx, stored, e.clock.Now()); err != nil {
				return err
			}
		}
		if len(plan.ToRemote) > 0 {
			// Notion lags the merge (kaigi's side won somewhere) though the
			// record may have no journal entry past the outbox cursor: e.g.
			// it was deleted before its lost create's page was found.
			if err := e.state.QueuePush(ctx, spec.Entity, l.LocalID, lagsBehind, e.clock.Now()); err != nil {
				return err
			}
		}
		l.Base, l.RemoteEdited, l.Settled = p.remote, p.page.LastEditedTime, p.settled
		if err := e.state.SaveLink(ctx, l, e.clock.Now()); err != nil {
			return err
		}
		if p.sent != nil {
			return e.state.DropSent(ctx, spec.Entity, l.LocalID)
		}
		return nil
	})
}

func isPushOnly(spec EntitySpec, name string) bool {
	f, ok := spec.Field(name)
	return ok && f.PushOnly
}

// pullPending reads pages named by webhooks one by one.
func (e *Engine) pullPending(ctx context.Context) error {
	ids, err := e.state.PendingPages(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		pg, err := e.client.Page(ctx, id)
		switch {
		case api.IsNotFound(err):
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
		if err := e.state.DropPendingPage(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) specOfParent(pg api.Page) (EntitySpec, bool) {
	for _, spec := range Specs {
		if dc := e.cfg.Databases[spec.Entity]; dc != nil && api.SameID(dc.ID, pg.Parent.DatabaseID) {
			return spec, true
		}
	}
	return EntitySpec{}, false
}
