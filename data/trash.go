package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// TrashKinds are the kinds of record the trash page lists, in its order.
var TrashKinds = []Entity{EntitySeries, EntityMeeting, EntityAgenda, EntityDecision, EntityTask, EntityLADR}

// TrashItem is a record in the trash: enough to name it and restore it.
type TrashItem struct {
	Entity    Entity
	ID        string
	Title     string
	Number    int // LADRs only
	DeletedAt time.Time
}

// Trash lists the records of one kind in the trash, latest deleted first,
// one keyset page at a time (Page.After is the last item's ID).
func (s *Store) Trash(ctx context.Context, e Entity, p Page) ([]TrashItem, error) {
	q, err := trashList(e)
	if err != nil {
		return nil, err
	}
	out, err := list(ctx, s, q, Page{Limit: p.Limit, After: p.After}, func(r *sql.Rows) (TrashItem, error) {
		it := TrashItem{Entity: e}
		var at string
		if err := r.Scan(&it.ID, &it.Title, &it.Number, &at); err != nil {
			return it, err
		}
		var err error
		it.DeletedAt, err = parseTime(at)
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("list trash: %w", err)
	}
	return out, nil
}

// trashList reads one kind's trash from its (deleted_at, id) index.
func trashList(e Entity) (*listQuery, error) {
	title, number := "title", "0"
	switch e {
	case EntitySeries:
		title = "name"
	case EntityLADR:
		number = "number"
	case EntityMeeting, EntityAgenda, EntityDecision, EntityTask:
	default:
		return nil, Invalid("kind", "%q has no trash; kinds are series, meetings, agendas, decisions, tasks, ladrs", e)
	}
	q := newList(e.Table(), "id, "+title+", "+number+", deleted_at", "(deleted_at, id)", true)
	q.where[0] = "deleted_at IS NOT NULL"
	q.keyCols, q.order = "deleted_at, id", "deleted_at DESC, id DESC"
	return q, nil
}
