package notionfake

import "time"

// Data sources, as API version 2025-09-03 shows them. The shapes follow
// developers.notion.com: "Data source" (the object), "Retrieve a data
// source", "Update a data source", "Query a data source", "Retrieve a
// database" at 2025-09-03 (a container listing data_sources [{id, name}],
// its schema moved to the data sources), and the "Upgrade guide" for
// 2025-09-03: a page's parent may be {"type": "data_source_id", ...} on every
// version, and once a database has a second data source, 2022-06-28 is
// refused creating pages with the database as parent, reading, writing or
// querying the database, and writing relations that point to it; search at
// 2022-06-28 no longer returns it.

// dataSource is one table of a database.
type dataSource struct {
	ID     string
	Name   string
	Schema []*propSchema `json:",omitempty"` // nil for the first: it is the database's Schema
}

// refusesOld reports a database that the request's version cannot use:
// several data sources at 2022-06-28.
func (w *workspace) refusesOld(d *database) bool { return len(d.Sources) > 1 && !w.sourcesAPI }

// sourceOf is the data source a database page lives in.
func (w *workspace) sourceOf(p *page) *dataSource {
	if p.Parent.Type != "database_id" {
		return nil
	}
	d := w.Databases[p.Parent.ID]
	if d == nil || len(d.Sources) == 0 {
		return nil
	}
	for _, s := range d.Sources {
		if s.ID == p.Source {
			return s
		}
	}
	return d.Sources[0]
}

// findSource finds a data source and its database by the source's ID.
func (w *workspace) findSource(id string) (*database, *dataSource) {
	for _, d := range w.Databases {
		for _, s := range d.Sources {
			if s.ID == id {
				return d, s
			}
		}
	}
	return nil, nil
}

// sourceView is the database as one of its data sources: the database itself
// for the first, a copy with the source's schema and name for another.
func (w *workspace) sourceView(d *database, src *dataSource) *database {
	if src == nil || len(d.Sources) == 0 || src == d.Sources[0] {
		return d
	}
	v := *d
	v.Schema = src.Schema
	v.Title = textRich(src.Name)
	return &v
}

func textRich(s string) []any {
	if s == "" {
		return []any{}
	}
	return []any{map[string]any{"type": "text", "text": map[string]any{"content": s, "link": nil},
		"annotations": map[string]any{"bold": false, "italic": false, "strikethrough": false, "underline": false, "code": false, "color": "default"},
		"plain_text":  s, "href": nil}}
}

// ensureSources gives a database made before data sources were modelled its first one.
func (w *workspace) ensureSources() {
	for _, d := range w.Databases {
		if len(d.Sources) == 0 {
			d.Sources = []*dataSource{{ID: firstSourceID(d.ID), Name: plainText(d.Title)}}
		}
	}
}

// addSource adds a data source to a database, as a person does from the
// database's "Manage data sources" menu: a new table with a title property.
func (w *workspace) addSource(d *database, name string, actor string, now time.Time) *dataSource {
	src := &dataSource{ID: w.IDs.newID(), Name: name,
		Schema: []*propSchema{{ID: "title", Name: "Name", Type: "title", Config: map[string]any{}}}}
	d.Sources = append(d.Sources, src)
	w.touch(&d.record, actor, now)
	return src
}

func (w *workspace) sourceRefs(d *database) []any {
	out := make([]any, len(d.Sources))
	for i, s := range d.Sources {
		out[i] = map[string]any{"id": s.ID, "name": s.Name}
	}
	return out
}

// renderDataSource is the data source object ("Data source" reference).
func (w *workspace) renderDataSource(d *database, src *dataSource) map[string]any {
	v := w.sourceView(d, src)
	props := w.renderSchema(v)
	for _, raw := range props {
		p, _ := asObject(raw)
		if p["type"] != "relation" {
			continue
		}
		// Relations point to a data source too; kaigi's fake keeps the database.
		cfg, _ := asObject(p["relation"])
		if target := w.Databases[strOf(cfg["database_id"])]; target != nil && len(target.Sources) > 0 {
			cfg["data_source_id"] = target.Sources[0].ID
		}
	}
	title := cloneJSON(d.Title)
	if src != d.Sources[0] {
		title = textRich(src.Name)
	}
	return map[string]any{
		"object": "data_source", "id": src.ID,
		"created_time": formatTime(d.Created), "last_edited_time": formatTime(d.Edited),
		"created_by":      map[string]any{"object": "user", "id": d.CreatedBy},
		"last_edited_by":  map[string]any{"object": "user", "id": d.EditedBy},
		"properties":      props,
		"parent":          map[string]any{"type": "database_id", "database_id": d.ID},
		"database_parent": renderParent(d.Parent),
		"title":           title, "description": cloneJSON(d.Description),
		"icon": cloneJSON(d.Icon), "cover": cloneJSON(d.Cover), "is_inline": d.IsInline,
		"archived": d.InTrash, "in_trash": d.InTrash,
		"url": notionURL("", d.ID), "public_url": nil,
	}
}

func strOf(v any) string { s, _ := asString(v); return s }

// sourceShapes rewrites an answer into 2025-09-03's shapes: a database lists
// its data sources instead of a schema, a database page's parent names its
// data source (with the database beside it).
func (w *workspace) sourceShapes(out map[string]any) {
	w.shapeObject(out)
	if results, ok := asArray(out["results"]); ok {
		for _, r := range results {
			if m, ok := asObject(r); ok {
				w.shapeObject(m)
			}
		}
	}
}

func (w *workspace) shapeObject(m map[string]any) {
	switch m["object"] {
	case "database":
		if d := w.Databases[strOf(m["id"])]; d != nil {
			delete(m, "properties")
			m["data_sources"] = w.sourceRefs(d)
		}
	case "page":
		p := w.Pages[strOf(m["id"])]
		if p == nil {
			return
		}
		if src := w.sourceOf(p); src != nil {
			m["parent"] = map[string]any{"type": "data_source_id", "data_source_id": src.ID, "database_id": p.Parent.ID}
		}
	}
}

// versionAllows refuses the routes a version does not have: data sources
// before 2025-09-03, and the database query that they replaced after it.
func (c *call) versionAllows(rt *route) *apiError {
	isSource := len(rt.pattern) > len("data_sources") && rt.pattern[:len("data_sources")] == "data_sources"
	if isSource && !c.sources || c.sources && rt.pattern == "databases/*/query" {
		return errInvalidURL
	}
	return nil
}

func (c *call) source(i int) (*database, *dataSource, *apiError) {
	id, err := c.pathID(i, "data_source_id")
	if err != nil {
		return nil, nil, err
	}
	d, src := c.ws.findSource(id)
	if d == nil || !c.ws.canSee(c.actor, d.ID) {
		return nil, nil, notFound("data source", id)
	}
	return d, src, nil
}

func handleGetDataSource(c *call) (map[string]any, *apiError) {
	d, src, err := c.source(0)
	if err != nil {
		return nil, err
	}
	return c.ws.renderDataSource(d, src), nil
}

// handleUpdateDataSource takes "title", "properties" (as a database update
// took them before) and "in_trash".
func handleUpdateDataSource(c *call) (map[string]any, *apiError) {
	d, src, err := c.source(0)
	if err != nil {
		return nil, err
	}
	if raw, ok := c.body["properties"]; ok {
		if err := c.ws.checkRelationTargets(c.actor, raw); err != nil {
			return nil, err
		}
		if d.InTrash {
			return nil, errArchived
		}
		v := c.ws.sourceView(d, src)
		if err := c.ws.updateSchema(v, raw); err != nil {
			return nil, err
		}
		if v != d {
			src.Schema = v.Schema
		}
	}
	if raw, ok := c.body["title"]; ok {
		title, err := c.ws.normalizeRichText(raw, "body.title")
		if err != nil {
			return nil, err
		}
		src.Name = plainText(title)
	}
	if trash, ok := trashFlag(c.body); ok && src == d.Sources[0] {
		d.InTrash = trash
	}
	c.ws.touch(&d.record, c.actor, c.now)
	return c.ws.renderDataSource(d, src), nil
}

func handleQueryDataSource(c *call) (map[string]any, *apiError) {
	d, src, err := c.source(0)
	if err != nil {
		return nil, err
	}
	v := c.ws.sourceView(d, src)
	if err := c.ws.checkQueryProps(c.actor, v, c.body); err != nil {
		return nil, err
	}
	return c.ws.queryPages(v, src, c.body, c.now)
}
