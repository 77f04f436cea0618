package notion

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Confirmation finds what an incremental pull cannot see: Notion leaves
// trashed pages out of every query, and a page no longer shared with the
// integration vanishes the same way. Each database is walked in creation
// order, a slice of query pages per cycle, paced to end within half an hour
// (so a page trashed anywhere is seen within the hour) and never spending
// more than the cycle's request budget (by default 10 % of the rate limit
// over the cycle interval). A database that fits one query page is walked
// whole every cycle, and that page is the cycle's one query. After a walk,
// the linked pages it did not list are read one by one, recently edited
// first; pages known to be in the trash are read again now and then, since
// a person may restore one, edit it and trash it again between two cycles.
// With webhooks, a trashed page's event brings it at the next cycle. After
// a write whose outcome stayed unknown (and every ReconcileEvery cycles, if
// set) the walk and the reads are done whole, whatever they cost.

const (
	// trashRetention is how long Notion keeps a page in the trash; a page
	// in the trash longer is deleted for good and not read again.
	trashRetention = 30 * 24 * time.Hour
	// trashRecheck is how often a page known to be in the trash is read again.
	trashRecheck     = time.Hour
	defaultInterval  = 5 * time.Minute
	budgetShare      = 0.10
	walkWithin       = 30 * time.Minute
	defaultRateLimit = 3.0
)

// budget is the requests one database's confirmation may spend this cycle.
func (e *Engine) budget() int {
	total := e.opts.ConfirmBudget
	if total == 0 {
		interval := e.opts.CycleInterval
		if interval <= 0 {
			interval = defaultInterval
		}
		rate := e.opts.Rate
		if rate <= 0 {
			rate = defaultRateLimit
		}
		total = int(budgetShare * rate * interval.Seconds())
	}
	if total < 0 {
		return 0
	}
	n := 0
	for _, dc := range e.cfg.Databases {
		if dc != nil && dc.ID != "" {
			n++
		}
	}
	return max(1, total/max(1, n))
}

// pace is how many query pages of the walk a cycle reads, so that a walk
// ends within walkWithin.
func (e *Engine) pace(ctx context.Context, spec EntitySpec) (int, error) {
	n, err := e.state.LinkCount(ctx, spec.Entity)
	if err != nil {
		return 0, err
	}
	interval := e.opts.CycleInterval
	if interval <= 0 {
		interval = defaultInterval
	}
	cycles := max(1, int(walkWithin/interval))
	pages := n/100 + 1
	return max(1, int(math.Ceil(float64(pages)/float64(cycles)))), nil
}

// walk reads this cycle's slice of a database's confirmation walk and says
// whether it listed every live page (the whole database in its first page).
// A walk resumes at the next cycle where it stopped, by the query's cursor,
// or, if Notion no longer takes that cursor, from the creation minute of the
// last page it listed.
func (e *Engine) walk(ctx context.Context, spec EntitySpec, full bool, each func(api.Page) error) (covered bool, err error) {
	pass, err := e.state.Pass(ctx, spec.Entity)
	if err != nil {
		return false, err
	}
	if full {
		pass.Started = e.now
		if err := e.client.QueryTable(ctx, e.table(spec), nil, each); err != nil {
			return false, err
		}
		pass.From, pass.Cursor, pass.Walked = time.Time{}, "", pass.Started
		return true, e.state.SetPass(ctx, spec.Entity, pass)
	}
	limit, err := e.pace(ctx, spec)
	if err != nil || e.budget() <= 0 {
		return false, err
	}
	limit = min(limit, e.budget())
	fromStart := pass.From.IsZero() && pass.Cursor == ""
	if fromStart {
		pass.Started = e.now
	}
	for n := 1; ; n++ {
		var filter map[string]any
		if !pass.From.IsZero() {
			filter = api.CreatedSince(pass.From)
		}
		pages, next, err := e.client.ScanTable(ctx, e.table(spec), filter, pass.Cursor)
		if pass.Cursor != "" && api.Refused(err) && !stop(err) {
			pass.From, pass.Cursor = pass.Last, "" // the cursor went stale: resume by time
			e.spent[spec.Entity]++
			continue
		}
		if err != nil {
			return false, err
		}
		for _, pg := range pages {
			if err := each(pg); err != nil {
				return false, err
			}
			pass.Last = pg.CreatedTime
		}
		pass.Cursor = next
		if next == "" {
			covered = fromStart && n == 1
			if !covered {
				e.spent[spec.Entity] += n
			}
			pass.From, pass.Walked = time.Time{}, pass.Started
			break
		}
		if n >= limit {
			e.spent[spec.Entity] += n
			break
		}
	}
	return covered, e.state.SetPass(ctx, spec.Entity, pass)
}

// confirmSeen marks the pages a query listed as confirmed, and clears the
// problems of those kaigi had found gone.
func (e *Engine) confirmSeen(ctx context.Context, pages []string) error {
	for _, id := range pages {
		if e.gone[id] {
			if err := e.clearProblem(ctx, goneKey(id)); err != nil {
				return err
			}
			delete(e.gone, id)
		}
	}
	return e.state.Confirm(ctx, pages, e.now)
}

func goneKey(pageID string) string { return "gone:" + pageID }

// confirmMissing reads the linked pages of spec that the last complete walk
// did not list, within what is left of the budget (all of them on a full
// reconciliation), then pages known to be in the trash. A trashed page is
// merged like any pulled page: the record goes to the trash, unless it was
// edited in kaigi since the last sync, in which case the edit wins and the
// push restores the page. A page Notion no longer shows (deleted for good,
// or unshared) is a problem, and the record is kept.
func (e *Engine) confirmMissing(ctx context.Context, spec EntitySpec, full bool) error {
	pass, err := e.state.Pass(ctx, spec.Entity)
	if err != nil || pass.Walked.IsZero() {
		return err
	}
	left := e.budget() - e.spent[spec.Entity]
	if full {
		left = math.MaxInt32
	}
	missing, err := e.state.Unconfirmed(ctx, spec.Entity, pass.Walked, false, time.Time{}, left)
	if err != nil {
		return err
	}
	for _, l := range missing {
		if err := e.confirmOne(ctx, spec, l); err != nil {
			return err
		}
	}
	if more, err := e.state.Unconfirmed(ctx, spec.Entity, pass.Walked, false, time.Time{}, 1); err != nil {
		return err
	} else if len(more) == 0 && pass.LastFull.Before(pass.Walked) {
		pass.LastFull = pass.Walked
		if err := e.state.SetPass(ctx, spec.Entity, pass); err != nil {
			return err
		}
	}
	before := e.now.Add(-trashRecheck)
	if full {
		before = e.now
	}
	trashed, err := e.state.Unconfirmed(ctx, spec.Entity, before, true, e.now.Add(-trashRetention), min(left, e.budget()-e.spent[spec.Entity]))
	if err != nil {
		return err
	}
	for _, l := range trashed {
		if err := e.confirmOne(ctx, spec, l); err != nil {
			return err
		}
	}
	return nil
}

// confirmOne reads one linked page that no query listed.
func (e *Engine) confirmOne(ctx context.Context, spec EntitySpec, l syncdb.Link) error {
	if e.gone[l.PageID] {
		return e.state.Confirm(ctx, []string{l.PageID}, e.now) // known gone: tried again after its backoff
	}
	e.spent[spec.Entity]++
	pg, err := e.client.Page(ctx, l.PageID)
	switch {
	case api.IsNotFound(err):
		e.gone[l.PageID] = true
		if err := e.retryProblem(ctx, syncdb.Problem{Key: goneKey(l.PageID), Kind: "gone", Entity: spec.Entity, LocalID: l.LocalID, PageID: l.PageID,
			URL:     pageURL(l.PageID),
			Message: fmt.Sprintf("%s page %s (kaigi %s %s) is gone from Notion or no longer shared with the integration; kaigi keeps the record", spec.Title, l.PageID, spec.Entity, l.LocalID),
			Fix:     "share the page with the integration again, or delete the record in kaigi"}); err != nil {
			return err
		}
		return e.state.Confirm(ctx, []string{l.PageID}, e.now)
	case err != nil:
		var ce *api.ConfigError
		if errors.As(api.Explain(err, "page", l.PageID), &ce) && ce.Field == "token" {
			return ce
		}
		return api.Explain(err, "page", l.PageID)
	}
	if err := e.pullPage(ctx, spec, pg); err != nil {
		return err
	}
	return e.state.Confirm(ctx, []string{l.PageID}, e.now)
}

// reconcileDue says whether this cycle reconciles in full.
func (e *Engine) reconcileDue(ctx context.Context) (bool, error) {
	due, err := e.state.ReconcileDue(ctx)
	if err != nil || due != "" {
		return due != "", err
	}
	if e.opts.ReconcileEvery <= 0 {
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
