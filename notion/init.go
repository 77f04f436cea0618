package notion

import (
	"context"
	"fmt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// Init creates the five databases under parent with two-way relations and
// returns the configuration that maps them.
func Init(ctx context.Context, c *api.Client, parent string, winner merge.Winner) (*Config, error) {
	if _, err := c.Me(ctx); err != nil {
		return nil, err
	}
	cfg := &Config{Parent: parent, Winner: winner, Databases: map[data.Entity]*DatabaseConfig{}}
	for _, spec := range Specs {
		props := map[string]any{}
		dc := &DatabaseConfig{Properties: map[string]string{}, Types: map[string]string{}}
		for _, f := range spec.Fields {
			if f.Kind == KindBody {
				continue
			}
			def, typ := propertySchema(f, cfg)
			props[f.Property] = def
			dc.Properties[f.Name] = f.Property
			dc.Types[f.Property] = typ
		}
		id, err := c.CreateDatabase(ctx, parent, blocks.TextItems(spec.Title), props)
		if err != nil {
			return nil, api.Explain(err, "page", parent)
		}
		dc.ID = id
		cfg.Databases[spec.Entity] = dc
		if err := nameSyncedProperties(ctx, c, cfg, spec); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

func propertySchema(f FieldSpec, cfg *Config) (map[string]any, string) {
	switch f.Kind {
	case KindTitle:
		return map[string]any{"title": map[string]any{}}, "title"
	case KindID, KindText:
		return map[string]any{"rich_text": map[string]any{}}, "rich_text"
	case KindSelect:
		opts := make([]any, len(f.Options))
		for i, o := range f.Options {
			opts[i] = map[string]any{"name": o}
		}
		return map[string]any{"select": map[string]any{"options": opts}}, "select"
	case KindDate, KindDateTime:
		return map[string]any{"date": map[string]any{}}, "date"
	case KindPeople:
		return map[string]any{"people": map[string]any{}}, "people"
	case KindNumber:
		return map[string]any{"number": map[string]any{"format": "number"}}, "number"
	case KindRelation:
		target := cfg.Databases[f.Target]
		return map[string]any{"relation": map[string]any{"database_id": target.ID, "type": "dual_property", "dual_property": map[string]any{}}}, "relation"
	}
	return nil, ""
}

// nameSyncedProperties renames the other side of spec's two-way relations
// from Notion's "Related to …" to the names in the specs (e.g. Tasks).
func nameSyncedProperties(ctx context.Context, c *api.Client, cfg *Config, spec EntitySpec) error {
	owner := cfg.Databases[spec.Entity]
	for _, f := range spec.Fields {
		if f.Kind != KindRelation || f.Synced == "" {
			continue
		}
		target := cfg.Databases[f.Target]
		db, err := c.Database(ctx, target.ID)
		if err != nil {
			return err
		}
		for name, p := range db.Properties {
			if p.Type == "relation" && api.SameID(p.RelationTo, owner.ID) && p.SyncedName == f.Property && name != f.Synced {
				rename := map[string]any{name: map[string]any{"name": f.Synced}}
				if err := c.UpdateProperties(ctx, target.ID, rename); err != nil {
					return fmt.Errorf("name the %s relation of %s: %w", f.Synced, f.Target, api.Explain(err, "database", target.ID))
				}
			}
		}
	}
	return nil
}
