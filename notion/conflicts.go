package notion

import (
	"context"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// OpenConflict is a conflict waiting for a person, as the web app lists
// it: both values, the base, the side applied meanwhile, and the record's
// title. (merge.Conflict is the merge's finding, syncdb.Conflict the
// stored row.)
type OpenConflict struct {
	ID          int64
	Entity      data.Entity
	LocalID     string
	Title       string // the record's title now; empty if the record is gone
	Field       string
	BaseValue   string
	LocalValue  string
	NotionValue string
	Applied     merge.Winner
	CreatedAt   time.Time
}

// Conflicts lists the open conflicts, oldest first.
func (s *Service) Conflicts(ctx context.Context) ([]OpenConflict, error) {
	stored, err := s.state.OpenConflicts(ctx)
	if err != nil {
		return nil, err
	}
	var out []OpenConflict
	for _, c := range stored {
		oc := OpenConflict{ID: c.ID, Entity: c.Entity, LocalID: c.LocalID, Field: c.Field, BaseValue: c.BaseValue,
			LocalValue: c.LocalValue, NotionValue: c.NotionValue, Applied: merge.Winner(c.Applied), CreatedAt: c.CreatedAt}
		if f, err := s.engine.records.read(ctx, c.Entity, c.LocalID); err == nil {
			oc.Title = f["title"]
		}
		out = append(out, oc)
	}
	return out, nil
}

// Resolve settles an open conflict with keep's value. The value becomes
// kaigi's through the store, so its journal entry makes the next push
// send it to Notion when Notion holds the other value; the merge base then
// follows as for any local edit, so the field does not conflict again.
func (s *Service) Resolve(ctx context.Context, id int64, keep merge.Winner) error {
	if !keep.Valid() {
		return data.Invalid("keep", "keep must be %q or %q, got %q", merge.WinnerNotion, merge.WinnerKaigi, keep)
	}
	c, ok, err := s.state.OpenConflict(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return data.Errorf(data.ENOTFOUND, "conflict %d does not exist or is already resolved", id)
	}
	value := c.NotionValue
	if keep == merge.WinnerKaigi {
		value = c.LocalValue
	}
	current, err := s.engine.records.read(ctx, c.Entity, c.LocalID)
	if err != nil {
		return err
	}
	if current[c.Field] != value {
		if _, err := s.engine.records.write(ctx, c.Entity, c.LocalID, merge.Fields{c.Field: value}, c.CreatedAt); err != nil {
			return err
		}
	}
	return s.state.ResolveConflict(ctx, id, string(keep), s.clock.Now())
}
