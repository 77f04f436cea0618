package notion

import (
	"context"

	"github.com/kaigi-dev/kaigi/data"
)

// A relation member whose record is in the kaigi trash and never got a
// page cannot be written to Notion. It stays on the kaigi record (the store
// keeps links to tombstones) and is left out when the record is compared
// with its page, so it is neither pushed every cycle nor taken for a removal
// in Notion. When the member's record is restored and its page created, the
// records pointing at it are queued, and their push writes the member.

// queueDependents queues for the push the linked records that relate to a
// record whose page is about to be made, so that members left out while it
// had none are written: in this cycle (they come later in codec.Specs), and after
// a crash from the retry set, where they wait before the create is sent.
func (e *Engine) queueDependents(ctx context.Context, target data.Entity, id string) error {
	deps, err := e.store.Dependents(ctx, target, id)
	if err != nil {
		return err
	}
	for _, dep := range deps {
		if _, linked, err := e.state.LinkByLocal(ctx, dep.Entity, dep.ID); err != nil {
			return err
		} else if linked {
			if err := e.state.QueuePush(ctx, dep.Entity, dep.ID, lagsBehind, e.clock.Now()); err != nil {
				return err
			}
			if e.dirty[dep.Entity] == nil {
				e.dirty[dep.Entity] = map[string]bool{}
			}
			e.dirty[dep.Entity][dep.ID] = true
		}
	}
	return nil
}
