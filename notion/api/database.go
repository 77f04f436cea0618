package api

import (
	"context"
	"net/http"
	"net/url"
)

// Database reads a database's title and schema.
func (c *Client) Database(ctx context.Context, id string) (Database, error) {
	var raw struct {
		ID         string `json:"id"`
		Title      []RichText
		Properties map[string]struct {
			ID       string          `json:"id"`
			Type     string          `json:"type"`
			Relation *relationConfig `json:"relation"`
			Select   *optionsConfig  `json:"select"`
			Status   *optionsConfig  `json:"status"`
		} `json:"properties"`
	}
	if err := c.call(ctx, http.MethodGet, "databases/"+url.PathEscape(id), nil, nil, &raw); err != nil {
		return Database{}, Explain(err, "database", id)
	}
	db := Database{ID: raw.ID, Title: PlainText(raw.Title), Properties: map[string]Property{}}
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
				for _, o := range cfg.Options {
					prop.Options = append(prop.Options, o.Name)
				}
			}
		}
		db.Properties[name] = prop
	}
	return db, nil
}

// Database is what kaigi needs to know of a Notion database's schema.
type Database struct {
	ID         string
	Title      string
	Properties map[string]Property // by name
}

// Property is one column of a database.
type Property struct {
	ID         string
	Name       string
	Type       string
	RelationTo string   // target database of a relation
	SyncedName string   // the other side's property of a two-way relation
	Options    []string // select and status option names
}

type relationConfig struct {
	DatabaseID string `json:"database_id"`
	Dual       *struct {
		SyncedPropertyName string `json:"synced_property_name"`
	} `json:"dual_property"`
}

type optionsConfig struct {
	Options []struct {
		Name string `json:"name"`
	} `json:"options"`
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
