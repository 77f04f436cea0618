package notion

import (
	"context"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// A relation member whose record is in the kaigi trash and never got a
// page cannot be written to Notion. It stays on the kaigi record (the store
// keeps links to tombstones) and is left out when the record is compared
// with its page, so it is neither pushed every cycle nor taken for a removal
// in Notion. When the member's record is restored and its page created, the
// records pointing at it are queued, and their push writes the member.

// sendable is f as it can reach Notion: without the relation members that
// have no page, without the people who have no Notion account (each one
// standing problem), and with each option as Notion shows it back (a
// dropped agenda on a checkbox reads as open). Comparing this with the base
// is what keeps kaigi from writing, every cycle, a value Notion cannot hold.
func (e *Engine) sendable(ctx context.Context, spec EntitySpec, f merge.Fields) (merge.Fields, error) {
	out := merge.Fields{}
	for k, v := range f {
		out[k] = v
	}
	for _, fs := range spec.Fields {
		v, ok := f[fs.Name]
		if !ok || v == "" {
			continue
		}
		switch fs.Kind {
		case KindSelect:
			out[fs.Name] = e.roundTrip(spec, fs, v)
		case KindPeople:
			_, kept, err := e.notionPeople(ctx, v, pushKey(spec.Entity, f[idField.Name]))
			if err != nil {
				return nil, err
			}
			out[fs.Name] = joinList(kept)
		case KindRelation:
			kept, err := e.reachable(ctx, fs, v)
			if err != nil {
				return nil, err
			}
			out[fs.Name] = joinList(kept)
		}
	}
	return out, nil
}

// reachable keeps the relation members that have a page, or may get one.
func (e *Engine) reachable(ctx context.Context, fs FieldSpec, v string) ([]string, error) {
	var kept []string
	for _, id := range splitList(v) {
		_, linked, err := e.state.LinkByLocal(ctx, fs.Target, id)
		if err != nil {
			return nil, err
		}
		if !linked {
			rel, err := e.records.read(ctx, fs.Target, id)
			if data.ErrorCode(err) == data.ENOTFOUND || err == nil && rel[merge.Deleted] == "true" {
				continue
			}
			if err != nil {
				return nil, err
			}
		}
		kept = append(kept, id)
	}
	return kept, nil
}

// queueDependents queues for the push the linked records that relate to a
// record whose page is about to be made, so that members left out while it
// had none are written: in this cycle (they come later in Specs), and after
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
