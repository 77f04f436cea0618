package api

import (
	"context"
	"net/http"
	"net/url"
	"slices"
)

// Database reads a database's title and schema.
func (c *Client) Database(ctx context.Context, id string) (Database, error) {
	var raw rawSchema
	if err := c.call(ctx, http.MethodGet, "databases/"+url.PathEscape(id), nil, nil, &raw); err != nil {
		return Database{}, Explain(err, "database", id)
	}
	return raw.database(), nil
}

// rawSchema is a database at 2022-06-28 or a data source at 2025-09-03:
// both carry a title and the properties' schema.
type rawSchema struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	Title  []RichText
	URL    string `json:"url"`
	Parent struct {
		DatabaseID string `json:"database_id"`
	} `json:"parent"`
	Properties map[string]struct {
		ID       string          `json:"id"`
		Type     string          `json:"type"`
		Relation *relationConfig `json:"relation"`
		Select   *optionsConfig  `json:"select"`
		Status   *optionsConfig  `json:"status"`
	} `json:"properties"`
}

// database is the schema as kaigi keeps it; a data source's is kept under
// its database's ID, with the source's beside it.
func (raw rawSchema) database() Database {
	db := Database{ID: raw.ID, Title: PlainText(raw.Title), URL: raw.URL, Properties: map[string]Property{}}
	if raw.Object == "data_source" {
		db.ID, db.Source = raw.Parent.DatabaseID, raw.ID
	}
	for name, p := range raw.Properties {
		prop := Property{ID: p.ID, Name: name, Type: p.Type}
		if p.Relation != nil {
			prop.RelationTo = p.Relation.DatabaseID
			if p.Relation.Dual != nil {
				prop.SyncedName = p.Relation.Dual.SyncedPropertyName
			}
		}
		for _, cfg := range []*optionsConfig{p.Select, p.Status} {
			if cfg != nil {
				prop.Options = cfg.options()
			}
		}
		db.Properties[name] = prop
	}
	return db
}

// Database is what kaigi needs to know of a Notion database's schema.
type Database struct {
	ID         string
	Source     string // the data source the schema is of, when read as one (2025-09-03)
	Title      string
	URL        string
	Properties map[string]Property // by name
}

// Property is one column of a database.
type Property struct {
	ID         string
	Name       string
	Type       string
	RelationTo string   // target database of a relation
	SyncedName string   // the other side's property of a two-way relation
	Options    []Option // select and status options, in the schema's order
}

// Option is one option of a select or status property. Group is the status
// group it belongs to ("To-do", "In progress", "Complete"); empty for a select.
type Option struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Group string `json:"group,omitempty"`
}

// Names lists the options' names.
func (p Property) Names() []string {
	out := make([]string, len(p.Options))
	for i, o := range p.Options {
		out[i] = o.Name
	}
	return out
}

// Option finds an option by ID, else by name.
func (p Property) Option(id, name string) (Option, bool) {
	for _, o := range p.Options {
		if id != "" && o.ID == id {
			return o, true
		}
	}
	for _, o := range p.Options {
		if name != "" && o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}

type relationConfig struct {
	DatabaseID string `json:"database_id"`
	Dual       *struct {
		SyncedPropertyName string `json:"synced_property_name"`
	} `json:"dual_property"`
}

type optionsConfig struct {
	Options []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"options"`
	Groups []struct {
		Name      string   `json:"name"`
		OptionIDs []string `json:"option_ids"`
	} `json:"groups"`
}

func (c optionsConfig) options() []Option {
	out := make([]Option, 0, len(c.Options))
	for _, o := range c.Options {
		opt := Option{ID: o.ID, Name: o.Name}
		for _, g := range c.Groups {
			if slices.Contains(g.OptionIDs, o.ID) {
				opt.Group = g.Name
			}
		}
		out = append(out, opt)
	}
	return out
}

// CreateDatabase makes a database under a page with a title (rich text
// items) and a schema, and returns its ID.
func (c *Client) CreateDatabase(ctx context.Context, parentPage string, title []any, props map[string]any) (string, error) {
	body := map[string]any{
		"parent":     map[string]any{"type": "page_id", "page_id": parentPage},
		"title":      title,
		"properties": props,
	}
	var res struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, "databases", nil, body, &res); err != nil {
		return "", err
	}
	return res.ID, nil
}

// UpdateProperties changes a database's schema: properties to add, rename
// ({"name": ...}) or retype, by name.
func (c *Client) UpdateProperties(ctx context.Context, dbID string, props map[string]any) error {
	return c.call(ctx, http.MethodPatch, "databases/"+url.PathEscape(dbID), nil, map[string]any{"properties": props}, nil)
}
