package notion

import (
	"context"

	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// update sends a linked record's changed properties, trash flag and body.
// What the page will hold is stored before the request; the answer's new
// base and the end of that record commit together.
func (e *Engine) update(ctx context.Context, spec EntitySpec, l syncdb.Link, local, changed merge.Fields, trash, retried bool) error {
	fields := e.mapped(spec)
	out, err := e.codec().Encode(ctx, spec, changed, local)
	if err != nil {
		return err
	}
	body := map[string]any{}
	if len(out.Props) > 0 {
		body["properties"] = out.Props
	}
	if trash {
		body["in_trash"] = local[merge.Deleted] == "true"
	}
	newBase := merge.Fields{}
	for k, v := range l.Base {
		newBase[k] = v
	}
	for k, v := range out.Written {
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
	url, err := e.send(ctx, &l, body, fields, changed, live, newBase)
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
	if err := e.waitingFor(ctx, spec, changed, out.Written); err != nil {
		return err
	}
	return e.keepWriteIssues(ctx, spec, l.LocalID, l.PageID, url, out)
}

// send writes a record's changed properties and trash flag (body) and its
// changed page body, noting in l and newBase what Notion now holds; it
// returns the page's URL when Notion answered with it.
func (e *Engine) send(ctx context.Context, l *syncdb.Link, body map[string]any, fields []FieldSpec, changed merge.Fields, live bool, newBase merge.Fields) (string, error) {
	url := ""
	if len(body) > 0 {
		pg, err := e.client.UpdatePageAt(ctx, api.SourcesVersion, l.PageID, body)
		if api.Refused(err) {
			// Notion answered no: nothing of this write was applied.
			if derr := e.state.DropSent(ctx, l.Entity, l.LocalID); derr != nil {
				return "", derr
			}
		}
		if err != nil {
			return "", err
		}
		if err := e.learnBot(ctx, pg); err != nil {
			return "", err
		}
		if err := e.noteSource(ctx, l.Entity, pg); err != nil {
			return "", err
		}
		url = pageURL(pg.ID)
		l.RemoteEdited, l.RemoteBy, l.Settled, l.ConfirmedAt = pg.LastEditedTime, pg.LastEditedBy.ID, false, e.now
	}
	for _, f := range fields {
		if v, ok := changed[f.Name]; ok && f.Kind == KindBody && live {
			if err := blocks.Sync(ctx, e.client, l.PageID, blocks.Parse(v)); err != nil {
				return url, err
			}
			newBase[f.Name] = v
			l.Settled = false
		}
	}
	return url, nil
}

// create makes the record's page with every mapped property and its body
// (its first 100 blocks; the rest follow as appends). What the page will
// hold is stored before the request, and the link after the answer, so
// that a page whose answer was lost is merged against what kaigi sent.
func (e *Engine) create(ctx context.Context, spec EntitySpec, id string, f merge.Fields) error {
	dc := e.cfg.Databases[spec.Entity]
	out, err := e.codec().Encode(ctx, spec, f, f)
	if err != nil {
		return err
	}
	var items []any
	bodyField, body := e.bodyOf(spec, f)
	for _, b := range body {
		items = append(items, blocks.Encode(b))
	}
	first := items[:min(len(items), 100)]
	sent := merge.Fields{}
	for k, v := range out.Written {
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
	pg, err := e.createIn(ctx, spec, out.Props, first)
	if err != nil {
		return api.Explain(err, "database", dc.ID)
	}
	if err := e.learnBot(ctx, pg); err != nil {
		return err
	}
	if err := e.noteSource(ctx, spec.Entity, pg); err != nil {
		return err
	}
	e.sum.Created++
	if err := e.heldBase(ctx, spec, pg, out, sent); err != nil {
		return err
	}
	l := syncdb.Link{Entity: spec.Entity, LocalID: id, PageID: pg.ID, Base: sent, RemoteEdited: pg.LastEditedTime,
		RemoteBy: pg.LastEditedBy.ID, ConfirmedAt: e.now}
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
	if err := e.waitingFor(ctx, spec, f, out.Written); err != nil {
		return err
	}
	return e.keepWriteIssues(ctx, spec, id, pg.ID, pageURL(pg.ID), out)
}

// heldBase takes into the base of a new page what Notion made of the fields
// kaigi could not write (a status starts at its first option), so that the
// field's later fix is a change and the page's default is not.
func (e *Engine) heldBase(ctx context.Context, spec EntitySpec, pg api.Page, out codec.Encoded, base merge.Fields) error {
	if len(out.Issues) == 0 {
		return nil
	}
	fields := make([]string, 0, len(out.Issues))
	for field := range out.Issues {
		fields = append(fields, field)
	}
	made, err := e.codec().DecodeHeld(ctx, spec, pg, fields)
	if err != nil {
		return err
	}
	for _, field := range fields {
		base[field] = made[field]
	}
	return nil
}
