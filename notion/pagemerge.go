package notion

import (
	"context"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// pulled is a page read for a merge, with what kaigi knows of it.
type pulled struct {
	spec    EntitySpec
	fields  []FieldSpec
	page    api.Page
	remote  merge.Fields                // the page's values in kaigi's terms
	issues  map[string]codec.FieldIssue // fields kaigi cannot read from the page
	waiting []string                    // related pages without a record yet
	link    syncdb.Link                 // empty LocalID: a page of no record yet
	sent    *syncdb.Sent                // kaigi's write to this page whose answer was lost
	copied  string                      // the page of the record whose kaigi ID this page carries
	settled bool                        // nothing can hide in the page's edit minute any more
}

// mergeHow says why a page is merged: related (another page relates to it,
// so a page in the trash becomes a record in the kaigi trash) and force (a
// problem's retry: merged even if kaigi saw this very edit).
type mergeHow struct{ related, force bool }

// merge merges one page into kaigi. A page kaigi never saw that is in the
// trash is skipped, unless another page relates to it: then it becomes a
// record in the kaigi trash, so that the relation is kept and comes back
// with a restore.
func (e *Engine) merge(ctx context.Context, spec EntitySpec, pg api.Page, how mergeHow) error {
	p := pulled{spec: spec, fields: e.mapped(spec), page: pg}
	l, linked, err := e.state.LinkByPage(ctx, pg.ID)
	if err != nil {
		return err
	}
	if linked && !how.force && e.unchanged(l, pg) {
		return nil // read before, and nothing anyone else did since can hide: nothing new
	}
	d, err := e.codec().Decode(ctx, spec, p.fields, pg)
	if err != nil {
		return err
	}
	if err := e.createdDays(ctx, spec, p.fields, pg, &d); err != nil {
		return err
	}
	p.remote, p.issues, p.waiting, p.link = d.Fields, d.Issues, d.Waiting, l
	adopted := false
	if !linked {
		if adopted, err = e.identify(ctx, &p); err != nil {
			return err
		}
	}
	if err := e.findLost(ctx, &p, adopted); err != nil {
		return err
	}
	if p.link.LocalID == "" && pg.Trashed() && !how.related {
		// Made and trashed in Notion before kaigi saw it (or before it could
		// take it): nothing to sync, nothing to fix.
		return e.clearProblem(ctx, pageKey(pg.ID))
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

// byKaigi reports a page whose last edit is kaigi's own (its integration's):
// a person's edit since, even in the same minute, would name that person.
func (e *Engine) byKaigi(pg api.Page) bool {
	return e.bot != "" && pg.LastEditedBy.ID == e.bot
}

// unchanged reports a linked page seen as it is now: same edit time, same
// last editor, same trash state, and that minute either settled or ended by
// kaigi's own write (a person's edit since would name the person).
func (e *Engine) unchanged(l syncdb.Link, pg api.Page) bool {
	if !pg.LastEditedTime.Equal(l.RemoteEdited) || pg.LastEditedBy.ID != l.RemoteBy || pg.Trashed() != (l.Base[merge.Deleted] == "true") {
		return false
	}
	return l.Settled || e.byKaigi(pg)
}

// identify looks at the kaigi ID of a page kaigi has no link to: a page
// kaigi created but never recorded (a crash or a lost answer) is adopted;
// one carrying the ID of a record that has its page is a copy.
func (e *Engine) identify(ctx context.Context, p *pulled) (adopted bool, err error) {
	kid := p.remote[codec.IDField.Name]
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
// went to the trash, and those edits are kept. A page whose last edit is
// kaigi's own is not read again: kaigi knows what it wrote, and this
// cycle's query showed the page before kaigi wrote it. Push-only fields
// keep their base, whatever the page shows.
func (e *Engine) readBody(ctx context.Context, p *pulled) error {
	l, pg := p.link, p.page
	seen := pg.LastEditedTime.Equal(l.RemoteEdited) && (l.Settled || e.byKaigi(pg) && pg.LastEditedBy.ID == l.RemoteBy)
	needBody := l.Base == nil || p.sent != nil || !seen && !e.byKaigi(pg)
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

// dataField maps the field a data.Error names to kaigi's sync field.
func dataField(spec EntitySpec, name string) string {
	if spec.Entity == data.EntitySeries && name == "default_attendees" {
		return "attendees"
	}
	if f, ok := strings.CutSuffix(name, "_id"); ok {
		return f
	}
	return name
}

func isPushOnly(spec EntitySpec, name string) bool {
	f, ok := spec.Field(name)
	return ok && f.PushOnly
}
