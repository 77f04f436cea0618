package data

import (
	"context"
	"fmt"
	"strings"
)

// Queries on the store's own tables that the Notion sync needs: which
// records point at a record, how many records wait for a push, and every
// record of a kind. The sync's own tables are notion/syncdb's.

// Ref names one record.
type Ref struct {
	Entity Entity
	ID     string
}

// dependentQueries find, by target entity, the records whose relations name a record.
var dependentQueries = map[Entity][]struct {
	entity Entity
	query  string
}{
	EntityAgenda: {
		{EntityMeeting, `SELECT meeting_id FROM discussions WHERE agenda_id = ?`},
		{EntityTask, `SELECT id FROM tasks WHERE agenda_id = ?`},
		{EntityDecision, `SELECT id FROM decisions WHERE agenda_id = ?`},
	},
	EntityMeeting: {
		{EntityTask, `SELECT id FROM tasks WHERE meeting_id = ?`},
		{EntityDecision, `SELECT id FROM decisions WHERE meeting_id = ?`},
	},
	EntityLADR:   {{EntityDecision, `SELECT id FROM decisions WHERE ladr_id = ?`}},
	EntitySeries: {{EntityMeeting, `SELECT id FROM meetings WHERE series_id = ?`}},
}

// Dependents lists the records whose relations name the record target id,
// those in the trash included: meetings with an agenda on their list, the
// tasks and decisions of an agenda, the tasks and decisions of a meeting,
// the decisions of an LADR, the meetings of a series.
func (s *Store) Dependents(ctx context.Context, target Entity, id string) ([]Ref, error) {
	var out []Ref
	for _, dep := range dependentQueries[target] {
		ids, err := queryIDs[string](ctx, s.db, dep.query, id)
		if err != nil {
			return nil, fmt.Errorf("find records relating to %s %s: %w", target, id, err)
		}
		for _, d := range ids {
			out = append(out, Ref{Entity: dep.entity, ID: d})
		}
	}
	return out, nil
}

// CountChanged counts the records of the given kinds that changed after
// journal entry seq by any origin but notBy (each record once).
func (s *Store) CountChanged(ctx context.Context, seq int64, notBy string, kinds []Entity) (int, error) {
	if len(kinds) == 0 {
		return 0, nil
	}
	args := []any{seq, notBy}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(kinds)), ",")
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT DISTINCT entity, entity_id FROM changes
		WHERE seq > ? AND origin != ? AND entity IN (`+marks+`))`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count pending changes: %w", err)
	}
	return n, nil
}

// RecordIDs lists the IDs of the live records of a kind, or with trashed
// those in the trash, in ID order.
func (s *Store) RecordIDs(ctx context.Context, e Entity, trashed bool) ([]string, error) {
	cond := "deleted_at IS NULL"
	if trashed {
		cond = "deleted_at IS NOT NULL"
	}
	ids, err := queryIDs[string](ctx, s.db, `SELECT id FROM `+e.Table()+` WHERE `+cond+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list %s records: %w", e, err)
	}
	return ids, nil
}
