package notion

import (
	"context"
	"errors"
	"time"

	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
)

// pull applies one database's pages: this cycle's slice of the confirmation
// walk (when the walk covers the whole database in one query page, that
// page is the cycle's one query), then the pages edited since the watermark
// (minus the margin, since Notion rounds edit times to the minute), deciding
// by content whether a page changed; last, the linked pages no query shows
// any more are read one by one (see reconcile.go).
func (e *Engine) pull(ctx context.Context, spec EntitySpec, full bool) error {
	mark, err := e.state.Watermark(ctx, spec.Entity)
	if err != nil {
		return err
	}
	newest := mark
	var seen []string
	each := func(pg api.Page) error {
		seen = append(seen, pg.ID)
		if pg.LastEditedTime.After(newest) {
			newest = pg.LastEditedTime
		}
		return e.pullPage(ctx, spec, pg)
	}
	covered, err := e.walk(ctx, spec, full, each)
	if err != nil {
		return err
	}
	if !covered {
		var filter map[string]any
		if !mark.IsZero() {
			filter = api.EditedSince(mark.Add(-e.opts.Margin))
		}
		if err := e.client.QueryTable(ctx, e.table(spec), filter, each); err != nil {
			return err
		}
	}
	if err := e.confirmSeen(ctx, seen); err != nil {
		return err
	}
	// An edit made after this cycle's queries began shows at least this
	// cycle's minute: the next query needs to go back no further (than the
	// margin, for Notion's indexing and the two clocks), so pages edited a
	// while ago are not listed again and again.
	if since := e.now.Truncate(time.Minute).Add(-e.opts.Margin); since.After(newest) {
		newest = since
	}
	if !newest.Equal(mark) {
		if err := e.state.SetWatermark(ctx, spec.Entity, newest); err != nil {
			return err
		}
	}
	return e.confirmMissing(ctx, spec, full)
}

// pullPage merges one page into kaigi. A page kaigi cannot apply is a
// problem of its own, tried again after a backoff; it does not stop the
// others. A page whose problem is not due is left alone while unchanged.
func (e *Engine) pullPage(ctx context.Context, spec EntitySpec, pg api.Page) error {
	return e.pullPageHow(ctx, spec, pg, mergeHow{})
}

func (e *Engine) pullPageHow(ctx context.Context, spec EntitySpec, pg api.Page, how mergeHow) error {
	if !how.force {
		p, standing, err := e.state.Problem(ctx, pageKey(pg.ID))
		if err != nil {
			return err
		}
		if standing && p.RetryAt.After(e.clock.Now()) && p.Edited.Equal(pg.LastEditedTime) {
			return nil
		}
	}
	err := e.merge(ctx, spec, pg, how)
	switch {
	case err == nil || stop(err):
		return err
	case pageLevel(err):
		return e.pageProblem(ctx, spec, pg, err)
	}
	var ce *api.ConfigError
	if errors.As(err, &ce) && ce.Field == "mapping" {
		return err // schema drift stops this database only
	}
	return err
}

// pullPending reads the pages webhooks named (and pages whose relations
// waited for a record that now exists), one by one. A page that cannot be
// read is dropped with a problem; a network failure keeps it for later.
func (e *Engine) pullPending(ctx context.Context) error {
	ids, err := e.state.PendingPages(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !api.IsID(id) {
			// Queued before webhooks checked their IDs: it can never be read.
			e.warn("a page Notion named (%q) is not a Notion ID; kaigi dropped it", id)
			if err := e.state.DropPendingPage(ctx, id); err != nil {
				return err
			}
			continue
		}
		pg, err := e.readNamedPage(ctx, id)
		switch {
		case api.IsNotFound(err):
			// Not shared or gone: the confirmation decides what it means.
		case stop(err):
			return err
		case pageLevel(err):
			e.warn("a page Notion named (%s) cannot be read: %s", id, userMessage(err))
		case err != nil:
			e.warn("a page Notion named (%s) could not be read this cycle: %s", id, userMessage(err))
			continue
		default:
			if spec, ok := e.specOfParent(pg); ok && !e.broken[spec.Entity] {
				if err := e.pullPageHow(ctx, spec, pg, mergeHow{force: true}); err != nil {
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

// retryProblems reads again the pages whose problems are due.
func (e *Engine) retryProblems(ctx context.Context) error {
	due, err := e.state.DueProblems(ctx, e.clock.Now())
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, p := range due {
		if p.Kind == "people" {
			if err := e.retryPeople(ctx, p); err != nil {
				return err
			}
			continue
		}
		if p.PageID == "" || done[p.PageID] {
			continue
		}
		done[p.PageID] = true
		pg, err := e.readNamedPage(ctx, p.PageID)
		if stop(err) {
			return err
		}
		if api.IsNotFound(err) {
			if err := e.clearProblem(ctx, p.Key); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			continue // tried again next cycle
		}
		if spec, ok := e.specOfParent(pg); ok && !e.broken[spec.Entity] {
			if err := e.pullPageHow(ctx, spec, pg, mergeHow{force: true}); err != nil {
				if stop(err) {
					return err
				}
				e.report(spec, err)
			}
		}
	}
	return nil
}

// specOfParent is the spec of the database a page is in; none for a page in
// a data source of it that kaigi does not sync.
func (e *Engine) specOfParent(pg api.Page) (EntitySpec, bool) {
	for _, spec := range codec.Specs {
		if dc := e.cfg.Databases[spec.Entity]; dc != nil && api.SameID(dc.ID, pg.Parent.DatabaseID) {
			s := e.sourcesOf(spec.Entity)
			if pg.Parent.DataSourceID != "" && s.Mapped != "" && !api.SameID(pg.Parent.DataSourceID, s.Mapped) {
				return EntitySpec{}, false
			}
			return spec, true
		}
	}
	return EntitySpec{}, false
}
