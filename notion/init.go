package notion

import (
	"context"
	"fmt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// Init creates the databases under parent, named in the team's language,
// with two-way relations, a status for tasks and named options elsewhere
// (priorities in the team's words, see data.Store.TeamPriorityWords), the
// kaigi ID last; it returns the configuration that maps them, value maps
// included.
func Init(ctx context.Context, c *api.Client, parent string, winner merge.Winner, lang Lang, priority data.PriorityWords) (*Config, error) {
	if _, err := c.Me(ctx); err != nil {
		return nil, err
	}
	if lang == "" {
		lang = LangEnglish
	}
	cfg := &Config{Parent: parent, Winner: winner, Lang: lang, Databases: map[data.Entity]*DatabaseConfig{}}
	for _, spec := range codec.Specs {
		names := codec.NamesOf(lang, spec.Entity)
		props := map[string]any{}
		dc := &DatabaseConfig{Properties: map[string]string{}, Types: map[string]string{}}
		for _, f := range spec.Fields {
			if f.Kind == KindBody || f.Kind == KindID {
				continue
			}
			name := names.Props[f.Name]
			dc.Properties[f.Name] = name
			if f.Kind == KindEnd {
				continue // the end of the start's date property
			}
			def, typ := propertySchema(lang, priority, spec, f, cfg)
			props[name] = def
			dc.Types[name] = typ
		}
		id, err := c.CreateDatabase(ctx, parent, blocks.TextItems(names.Title), props)
		if err != nil {
			return nil, api.Explain(err, "page", parent)
		}
		dc.ID = id
		cfg.Databases[spec.Entity] = dc
		if err := nameSyncedProperties(ctx, c, cfg, spec); err != nil {
			return nil, err
		}
	}
	// Made after every other property (the other sides of relations
	// included), so it is the last column people see.
	for _, spec := range codec.Specs {
		dc := cfg.Databases[spec.Entity]
		if err := addIDProperty(ctx, c, dc.ID); err != nil {
			return nil, err
		}
		dc.Properties[codec.IDField.Name], dc.Types[codec.IDProperty] = codec.IDProperty, "rich_text"
	}
	return cfg, initValues(ctx, c, cfg)
}

func propertySchema(lang Lang, priority data.PriorityWords, spec EntitySpec, f FieldSpec, cfg *Config) (map[string]any, string) {
	switch f.Kind {
	case KindTitle:
		return map[string]any{"title": map[string]any{}}, "title"
	case KindID, KindText:
		return map[string]any{"rich_text": map[string]any{}}, "rich_text"
	case KindSelect:
		if codec.StatusField(spec.Entity, f.Name) {
			return map[string]any{"status": map[string]any{}}, "status"
		}
		opts := make([]any, 0, len(f.Options))
		for _, o := range f.Options {
			opts = append(opts, map[string]any{"name": codec.SuggestOption(lang, priority, spec, f, o)})
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
// from Notion's "Related to …" to the team's word for them (e.g. タスク).
func nameSyncedProperties(ctx context.Context, c *api.Client, cfg *Config, spec EntitySpec) error {
	owner := cfg.Databases[spec.Entity]
	back := codec.NamesOf(cfg.Lang, spec.Entity).Back
	for _, f := range spec.Fields {
		if f.Kind != KindRelation || !f.TwoWay || back[f.Name] == "" {
			continue
		}
		target := cfg.Databases[f.Target]
		db, err := c.Database(ctx, target.ID)
		if err != nil {
			return err
		}
		for name, p := range db.Properties {
			if p.Type == "relation" && api.SameID(p.RelationTo, owner.ID) && p.SyncedName == owner.Properties[f.Name] && name != back[f.Name] {
				rename := map[string]any{name: map[string]any{"name": back[f.Name]}}
				if err := c.UpdateProperties(ctx, target.ID, rename); err != nil {
					return fmt.Errorf("name the %s relation of %s: %w", back[f.Name], f.Target, api.Explain(err, "database", target.ID))
				}
			}
		}
	}
	return nil
}

// initValues reads back the databases' options and keeps each field's value
// map with the options' IDs, so a person may rename any of them in Notion.
func initValues(ctx context.Context, c *api.Client, cfg *Config) error {
	for _, spec := range codec.Specs {
		dc := cfg.Databases[spec.Entity]
		db, err := c.Database(ctx, dc.ID)
		if err != nil {
			return err
		}
		for _, f := range spec.Fields {
			if f.Kind != KindSelect {
				continue
			}
			p := db.Properties[dc.Properties[f.Name]]
			vm, _ := codec.ProposeValues(spec, f, p, cfg.Lang)
			if dc.Values == nil {
				dc.Values = map[string]codec.ValueMap{}
			}
			dc.Values[f.Name] = vm
		}
	}
	return nil
}
