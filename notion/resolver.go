package notion

import (
	"context"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// codec is the property codec over this engine's configuration and state.
func (e *Engine) codec() codec.Codec {
	return codec.Codec{Lang: e.cfg.Lang, Resolver: resolver{e}}
}

// resolver answers the codec's questions from the engine's configuration,
// sync state, kept schemas and store (see codec.Resolver).
type resolver struct{ e *Engine }

func (r resolver) Mapping(ent data.Entity) codec.Mapping {
	dc := r.e.cfg.Databases[ent]
	if dc == nil {
		return codec.Mapping{}
	}
	return codec.Mapping{Properties: dc.Properties, Values: dc.Values, Types: dc.Types}
}

// Learn keeps the map in the configuration, saved after the cycle.
func (r resolver) Learn(ent data.Entity, field string, vm codec.ValueMap) {
	dc := r.e.cfg.Databases[ent]
	if dc.Values == nil {
		dc.Values = map[string]codec.ValueMap{}
	}
	dc.Values[field] = vm
	r.e.cfgChanged = true
}

func (r resolver) Property(spec EntitySpec, field string) (api.Property, bool) {
	return r.e.property(spec, field)
}

// Reread returns only the errors that stop the cycle.
func (r resolver) Reread(ctx context.Context, spec EntitySpec) (bool, error) {
	if _, err := r.e.readSchema(ctx, spec); err != nil {
		if stop(err) {
			return false, err
		}
		return false, nil
	}
	return true, nil
}

func (r resolver) Person(ctx context.Context, userID, email, page string) (string, error) {
	return r.e.personByNotionUser(ctx, userID, email, page)
}

func (r resolver) NotionUser(ctx context.Context, person string, ent data.Entity, id string) (string, error) {
	return r.e.notionUserOf(ctx, data.PersonID(person), pushKey(ent, id))
}

func (r resolver) RelationIDs(ctx context.Context, page, property string) ([]string, error) {
	return r.e.client.RelationIDs(ctx, page, property)
}

// Record adopts a related page kaigi has no record of; one it cannot take
// yet is remembered as waited for by from.
func (r resolver) Record(ctx context.Context, target data.Entity, page, from string) (string, bool, error) {
	l, ok, err := r.e.state.LinkByPage(ctx, page)
	if err != nil {
		return "", false, err
	}
	if ok {
		if l.Entity == target {
			return l.LocalID, false, nil
		}
		return "", false, nil
	}
	id, err := r.e.adoptMember(ctx, target, page)
	if pageLevel(err) {
		return "", true, r.e.state.AddWaiting(ctx, pageKey(page), from)
	}
	return id, false, err
}

func (r resolver) Page(ctx context.Context, target data.Entity, id string) (string, bool, error) {
	l, ok, err := r.e.state.LinkByLocal(ctx, target, id)
	return l.PageID, ok, err
}

func (r resolver) Reachable(ctx context.Context, target data.Entity, id string) (bool, error) {
	if _, linked, err := r.e.state.LinkByLocal(ctx, target, id); err != nil || linked {
		return linked, err
	}
	rel, err := r.e.records.read(ctx, target, id)
	if data.ErrorCode(err) == data.ENOTFOUND || err == nil && rel[merge.Deleted] == "true" {
		return false, nil
	}
	return err == nil, err
}

func (r resolver) PriorityWords(ctx context.Context) (data.PriorityWords, error) {
	return r.e.store.TeamPriorityWords(ctx)
}

// Zone is the series' time zone, UTC when unknown.
func (r resolver) Zone(ctx context.Context, series string) (*time.Location, error) {
	e := r.e
	if series == "" {
		id, err := e.defaultSeries(ctx)
		if err != nil {
			return nil, err
		}
		series = string(id)
	}
	sr, err := e.store.Series(ctx, data.SeriesID(series))
	if data.ErrorCode(err) == data.ENOTFOUND {
		return time.UTC, nil
	}
	if err != nil {
		return nil, err
	}
	if loc, err := time.LoadLocation(sr.TimeZone); err == nil {
		return loc, nil
	}
	return time.UTC, nil
}
