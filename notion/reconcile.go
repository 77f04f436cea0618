package notion

import (
	"context"
	"errors"
	"time"

	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Reconciliation finds what an incremental pull cannot see: Notion leaves
// trashed pages out of every query, and a page no longer shared with the
// integration vanishes the same way. Every few cycles, and always after a
// request whose outcome stayed unknown, the pull of each database runs
// without its watermark: that one query per database (⌈n/100⌉ requests)
// lists every live page, and each linked page missing from it is read with
// a GET to learn why.

const (
	// trashRetention is how long Notion keeps a page in the trash. A page
	// known to be there is read at every reconciliation until then: a person
	// may restore it, edit it and trash it again between two cycles, and no
	// query shows it.
	trashRetention   = 30 * 24 * time.Hour
	defaultReconcile = 12
)

// reconcileDue says whether this cycle reconciles.
func (e *Engine) reconcileDue(ctx context.Context) (bool, error) {
	due, err := e.state.ReconcileDue(ctx)
	if err != nil || due != "" {
		return due != "", err
	}
	if e.opts.ReconcileEvery < 0 {
		return false, nil
	}
	count, err := e.state.CyclesSinceReconcile(ctx)
	if err != nil {
		return false, err
	}
	return count+1 >= e.opts.ReconcileEvery, nil
}

// reconciled records how this cycle ends for the reconciliation schedule.
func (e *Engine) reconciled(ctx context.Context, full, complete bool) error {
	if full && complete && !e.unknown {
		if err := e.state.SetReconcileDue(ctx, ""); err != nil {
			return err
		}
		return e.state.SetCyclesSinceReconcile(ctx, 0)
	}
	if e.unknown {
		if err := e.state.SetReconcileDue(ctx, "outcome unknown"); err != nil {
			return err
		}
	}
	count, err := e.state.CyclesSinceReconcile(ctx)
	if err != nil {
		return err
	}
	return e.state.SetCyclesSinceReconcile(ctx, count+1)
}

// noteUnknown remembers that a write may or may not have reached Notion.
func (e *Engine) noteUnknown(err error) {
	if errors.Is(err, api.ErrOutcomeUnknown) {
		e.unknown = true
	}
}

// confirmMissing reads every linked page of spec that a full query did not
// list (those in the trash included, see trashRetention). A trashed page is
// merged like any pulled page: the record goes to the trash, unless it was
// edited in kaigi since the last sync, in which case the edit wins and the
// push restores the page. A page Notion no longer shows (deleted for good,
// or unshared) is reported, and the record kept.
func (e *Engine) confirmMissing(ctx context.Context, spec EntitySpec, seen map[string]bool) error {
	links, err := e.state.LinkedPages(ctx, spec.Entity)
	if err != nil {
		return err
	}
	for _, pageID := range sortedLinkKeys(links) {
		l := links[pageID]
		if seen[pageID] {
			continue
		}
		if l.Base[merge.Deleted] == "true" && e.clock.Now().Sub(l.RemoteEdited) > trashRetention {
			continue // in the trash so long that Notion has deleted it for good
		}
		pg, err := e.client.Page(ctx, pageID)
		switch {
		case api.IsNotFound(err):
			e.warn("%s page %s (kaigi %s %s) is gone from Notion or no longer shared with the integration; kaigi keeps the record — share the page again or delete the record in kaigi",
				spec.Title, pageID, spec.Entity, l.LocalID)
			continue
		case err != nil:
			return api.Explain(err, "page", pageID)
		}
		if err := e.pullPage(ctx, spec, pg); err != nil {
			return err
		}
	}
	return nil
}

func sortedLinkKeys(m map[string]syncdb.Link) []string {
	keys := make(map[string]bool, len(m))
	for k := range m {
		keys[k] = true
	}
	return sortedKeys(keys)
}
