package notionfake

import "slices"

// What an integration sees of the pages and databases it can see: Notion leaves out
// properties that depend on a database not shared with it.

// hiddenProps are the properties of schema that actor cannot see. Notion leaves out
// relations to a database not shared with the integration, and what is based on them
// (rollups); the related IDs of a visible relation are all visible, since its database is.
func (w *workspace) hiddenProps(actor string, schema []*propSchema) map[*propSchema]bool {
	hidden := map[*propSchema]bool{}
	for _, s := range schema {
		if target, _ := asString(s.Config["database_id"]); s.Type == "relation" && !w.canSee(actor, target) {
			hidden[s] = true
		}
	}
	if len(hidden) == 0 {
		return nil
	}
	for _, s := range schema {
		if s.Type != "rollup" {
			continue
		}
		name, _ := asString(s.Config["relation_property_name"])
		id, _ := asString(s.Config["relation_property_id"])
		for h := range hidden {
			if h.Type == "relation" && (h.Name == name || (id != "" && h.ID == id)) {
				hidden[s] = true
			}
		}
	}
	return hidden
}

// visibleSchema is schema without the properties actor cannot see.
func (w *workspace) visibleSchema(actor string, schema []*propSchema) []*propSchema {
	hidden := w.hiddenProps(actor, schema)
	if hidden == nil {
		return schema
	}
	return slices.DeleteFunc(slices.Clone(schema), func(s *propSchema) bool { return hidden[s] })
}

// redact removes from an answer for actor the properties it cannot see, in a page, a
// database or each result of a list.
func (w *workspace) redact(actor string, out map[string]any) {
	id, _ := asString(out["id"])
	var schema []*propSchema
	switch out["object"] {
	case "page":
		if p := w.Pages[id]; p != nil {
			schema = w.pageSchema(p)
		}
	case "database":
		if d := w.Databases[id]; d != nil {
			schema = d.Schema
		}
	case "list":
		results, _ := asArray(out["results"])
		for _, r := range results {
			if m, ok := asObject(r); ok {
				w.redact(actor, m)
			}
		}
		return
	}
	props, _ := asObject(out["properties"])
	for s := range w.hiddenProps(actor, schema) {
		delete(props, s.Name)
	}
}

// checkRelationTargets rejects relation properties in a database create or update body
// that point to a database actor cannot see, as Notion cannot find it.
func (w *workspace) checkRelationTargets(actor string, properties any) *apiError {
	defs, _ := asObject(properties)
	for _, def := range defs {
		d, _ := asObject(def)
		rel, _ := asObject(d["relation"])
		raw, _ := asString(rel["database_id"])
		if id, ok := normalizeID(raw); ok && w.Databases[id] != nil && !w.canSee(actor, id) {
			return notFound("database", id)
		}
	}
	return nil
}

// checkQueryProps rejects filters and sorts that name a property actor cannot see, with
// the errors for a property that does not exist.
func (w *workspace) checkQueryProps(actor string, d *database, body map[string]any) *apiError {
	hidden := w.hiddenProps(actor, d.Schema)
	if hidden == nil {
		return nil
	}
	isHidden := func(v any) (string, bool) {
		name, _ := asString(v)
		s := w.schemaByName(d, name)
		return name, s != nil && hidden[s]
	}
	var walk func(v any) *apiError
	walk = func(v any) *apiError {
		f, _ := asObject(v)
		for _, op := range []string{"and", "or"} {
			parts, _ := asArray(f[op])
			for _, p := range parts {
				if err := walk(p); err != nil {
					return err
				}
			}
		}
		if name, ok := isHidden(f["property"]); ok {
			return validationErr("Could not find property with name or id: %s", name)
		}
		return nil
	}
	if err := walk(body["filter"]); err != nil {
		return err
	}
	sorts, _ := asArray(body["sorts"])
	for _, s := range sorts {
		o, _ := asObject(s)
		if name, ok := isHidden(o["property"]); ok {
			return validationErr("Could not find sort property with name or id: %s", name)
		}
	}
	return nil
}
