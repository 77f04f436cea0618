package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// SourcesVersion is the Notion-Version that has data sources. kaigi speaks
// 2022-06-28 (which jomei/notionapi models) and sends this one per request
// for what only it can do: list a database's data sources, read and query
// one source of a database that has several. The shapes follow
// developers.notion.com: "Retrieve a database", "Retrieve a data source",
// "Query a data source" and the 2025-09-03 upgrade guide.
const SourcesVersion = "2025-09-03"

// DataSource names one data source of a database.
type DataSource struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// DataSources lists a database's data sources, the first made with it first.
func (c *Client) DataSources(ctx context.Context, dbID string) ([]DataSource, error) {
	var raw struct {
		DataSources []DataSource `json:"data_sources"`
	}
	if err := c.callAt(ctx, SourcesVersion, http.MethodGet, "databases/"+url.PathEscape(dbID), nil, nil, &raw); err != nil {
		return nil, Explain(err, "database", dbID)
	}
	return raw.DataSources, nil
}

// DataSourceSchema reads one data source's schema; the Database it returns
// has the database's ID and the source in Source.
func (c *Client) DataSourceSchema(ctx context.Context, sourceID string) (Database, error) {
	var raw rawSchema
	if err := c.callAt(ctx, SourcesVersion, http.MethodGet, "data_sources/"+url.PathEscape(sourceID), nil, nil, &raw); err != nil {
		return Database{}, Explain(err, "data source", sourceID)
	}
	return raw.database(), nil
}

// UpdateSourceProperties changes a data source's schema ("Update a data
// source"), as UpdateProperties does a database's at 2022-06-28.
func (c *Client) UpdateSourceProperties(ctx context.Context, sourceID string, props map[string]any) error {
	err := c.callAt(ctx, SourcesVersion, http.MethodPatch, "data_sources/"+url.PathEscape(sourceID), nil, map[string]any{"properties": props}, nil)
	return Explain(err, "data source", sourceID)
}

// Table is what a query reads: a database (at 2022-06-28, while it has one
// data source), or one data source of it (at 2025-09-03).
type Table struct {
	Database string
	Source   string // empty: the database itself
}

func (t Table) queryCall(ctx context.Context, c *Client, body map[string]any, out *queryResult) error {
	if t.Source == "" {
		err := c.call(ctx, http.MethodPost, "databases/"+url.PathEscape(t.Database)+"/query", nil, body, out)
		return Explain(err, "database", t.Database)
	}
	err := c.callAt(ctx, SourcesVersion, http.MethodPost, "data_sources/"+url.PathEscape(t.Source)+"/query", nil, body, out)
	return Explain(err, "data source", t.Source)
}

// QueryTable is Query of a database or one of its data sources.
func (c *Client) QueryTable(ctx context.Context, t Table, filter map[string]any, each func(Page) error) error {
	return c.query(ctx, t, filter, each)
}

// ScanTable is ScanPage of a database or one of its data sources.
func (c *Client) ScanTable(ctx context.Context, t Table, filter map[string]any, cursor string) ([]Page, string, error) {
	return c.scanPage(ctx, t, filter, cursor)
}

// CreatePageIn makes a page in a data source, at version (Version, unless
// its relations point to a database of several sources): the
// data_source_id parent is accepted on every version.
func (c *Client) CreatePageIn(ctx context.Context, version, sourceID string, props map[string]any, children []any) (Page, error) {
	body := map[string]any{"parent": map[string]any{"type": "data_source_id", "data_source_id": sourceID}, "properties": props}
	if len(children) > 0 {
		body["children"] = children
	}
	var p Page
	err := c.callAt(ctx, version, http.MethodPost, "pages", nil, body, &p)
	return p, err
}

// PageAt reads one page at a version; at SourcesVersion its parent names
// its data source.
func (c *Client) PageAt(ctx context.Context, version, id string) (Page, error) {
	var p Page
	err := c.callAt(ctx, version, http.MethodGet, "pages/"+url.PathEscape(id), nil, nil, &p)
	return p, err
}

// PageSource is the data source a database page is in.
func (c *Client) PageSource(ctx context.Context, pageID string) (string, error) {
	var p Page
	if err := c.callAt(ctx, SourcesVersion, http.MethodGet, "pages/"+url.PathEscape(pageID), nil, nil, &p); err != nil {
		return "", err
	}
	return p.Parent.DataSourceID, nil
}

// SeveralSources reports Notion refusing 2022-06-28 a database that has
// several data sources (explained or not).
func SeveralSources(err error) bool {
	var ae *APIError
	var ce *ConfigError
	switch {
	case errors.As(err, &ae):
		return strings.Contains(ae.Message, "multiple data sources")
	case errors.As(err, &ce):
		return strings.Contains(ce.Message, severalSources)
	}
	return false
}

// UpdatePageAt is UpdatePage at a given version: relations that point to a
// database of several data sources are written at SourcesVersion.
func (c *Client) UpdatePageAt(ctx context.Context, version, id string, body map[string]any) (Page, error) {
	var p Page
	err := c.callAt(ctx, version, http.MethodPatch, "pages/"+url.PathEscape(id), nil, body, &p)
	return p, err
}
