package notion

import (
	"context"
	"fmt"

	"github.com/kaigi-dev/kaigi/data"
)

// A relation member whose record is in the kaigi trash and never got a
// page cannot be written to Notion. It stays on the kaigi record (the store
// keeps links to tombstones) and is left out when the record is compared
// with its page, so it is neither pushed every cycle nor taken for a removal
// in Notion. When the member's record is restored and its page created, the
// records pointing at it are queued, and their push writes the member.

// sendable is f without the relation members that cannot reach Notion.
func (e *Engine) sendable(ctx context.Context, spec EntitySpec, f Fields) (Fields, error) {
	out := Fields{}
	for k, v := range f {
		out[k] = v
	}
	for _, fs := range spec.Fields {
		v, ok := f[fs.Name]
		if fs.Kind != KindRelation || !ok || v == "" {
			continue
		}
		var kept []string
		for _, id := range splitList(v) {
			_, linked, err := linkByLocal(ctx, e.store.DB(), fs.Target, id)
			if err != nil {
				return nil, err
			}
			if !linked {
				rel, err := e.local.read(ctx, fs.Target, id)
				if data.ErrorCode(err) == data.ENOTFOUND || err == nil && rel[deletedKey] == "true" {
					continue
				}
				if err != nil {
					return nil, err
				}
			}
			kept = append(kept, id)
		}
		out[fs.Name] = joinList(kept)
	}
	return out, nil
}

// dependentsSQL finds, by target entity, the records whose relations name a record.
var dependentsSQL = map[data.Entity][]struct {
	entity data.Entity
	query  string
}{
	data.EntityAgenda: {
		{data.EntityMeeting, `SELECT meeting_id FROM discussions WHERE agenda_id = ?`},
		{data.EntityTask, `SELECT id FROM tasks WHERE agenda_id = ?`},
		{data.EntityDecision, `SELECT id FROM decisions WHERE agenda_id = ?`},
	},
	data.EntityMeeting: {{data.EntityTask, `SELECT id FROM tasks WHERE meeting_id = ?`}},
	data.EntityLADR:    {{data.EntityDecision, `SELECT id FROM decisions WHERE ladr_id = ?`}},
}

// queueDependents queues for the push the linked records that relate to a
// record whose page is about to be made, so that members left out while it
// had none are written: in this cycle (they come later in Specs), and after
// a crash from the retry set, where they wait before the create is sent.
func (e *Engine) queueDependents(ctx context.Context, target data.Entity, id string) error {
	db := e.store.DB()
	for _, dep := range dependentsSQL[target] {
		ids, err := func() ([]string, error) {
			rows, err := db.QueryContext(ctx, dep.query, id)
			if err != nil {
				return nil, fmt.Errorf("find records relating to %s %s: %w", target, id, err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					return nil, fmt.Errorf("find records relating to %s %s: %w", target, id, err)
				}
				out = append(out, s)
			}
			return out, rows.Err()
		}()
		if err != nil {
			return err
		}
		for _, dependent := range ids {
			if _, linked, err := linkByLocal(ctx, db, dep.entity, dependent); err != nil {
				return err
			} else if linked {
				if err := queuePush(ctx, db, dep.entity, dependent, e.clock.Now()); err != nil {
					return err
				}
				if e.dirty[dep.entity] == nil {
					e.dirty[dep.entity] = map[string]bool{}
				}
				e.dirty[dep.entity][dependent] = true
			}
		}
	}
	return nil
}
