package notionfake

import "slices"

var schemaTypes = []string{
	"title", "rich_text", "number", "select", "multi_select", "status", "date", "checkbox",
	"url", "email", "people", "relation", "unique_id", "created_time", "last_edited_time",
	"created_by", "last_edited_by", "formula", "rollup",
}

// schemaType finds which property type a schema object like {"number": {...}} declares.
func schemaType(def map[string]any) (string, bool) {
	if t, ok := asString(def["type"]); ok && slices.Contains(schemaTypes, t) {
		return t, true
	}
	for _, t := range schemaTypes {
		if _, ok := def[t]; ok {
			return t, true
		}
	}
	return "", false
}

// normalizeSchemaConfig validates a property's type configuration. Relations are finished
// by linkRelation once the property has its ID.
func (w *workspace) normalizeSchemaConfig(typ string, raw any, path string) (map[string]any, *apiError) {
	in, ok := asObject(raw)
	if raw != nil && !ok {
		return nil, bodyErr("%s.%s should be an object, instead was `%s`.", path, typ, compact(raw))
	}
	cfg := map[string]any{}
	switch typ {
	case "number":
		format, _ := asString(in["format"])
		if format == "" {
			format = "number"
		}
		cfg["format"] = format
	case "select", "multi_select":
		opts, err := w.normalizeOptionDefs(in["options"], path+"."+typ+".options")
		if err != nil {
			return nil, err
		}
		cfg["options"] = opts
	case "status":
		w.defaultStatusConfig(cfg)
	case "relation":
		return w.normalizeRelationConfig(in, path+".relation")
	case "unique_id":
		prefix, _ := asString(in["prefix"])
		if prefix == "" {
			cfg["prefix"] = nil
		} else {
			cfg["prefix"] = prefix
		}
	case "formula":
		expr, _ := asString(in["expression"])
		cfg["expression"] = expr
	case "rollup":
		for k, v := range in {
			cfg[k] = cloneJSON(v)
		}
	}
	return cfg, nil
}

func (w *workspace) normalizeOptionDefs(v any, path string) ([]any, *apiError) {
	if v == nil {
		return []any{}, nil
	}
	items, ok := asArray(v)
	if !ok {
		return nil, bodyErr("%s should be an array, instead was `%s`.", path, compact(v))
	}
	out := []any{}
	for i, it := range items {
		m, _ := asObject(it)
		name, _ := asString(m["name"])
		if name == "" {
			return nil, bodyErr("%s[%d].name should be populated, instead was `%s`.", path, i, compact(m["name"]))
		}
		out = append(out, w.newOption(name, m["color"], i))
	}
	return out, nil
}

func (w *workspace) defaultStatusConfig(cfg map[string]any) {
	notStarted := w.newOption("Not started", "default", 0)
	inProgress := w.newOption("In progress", "blue", 1)
	done := w.newOption("Done", "green", 2)
	group := func(name, color string, opt map[string]any) map[string]any {
		return map[string]any{"id": w.IDs.newID(), "name": name, "color": color, "option_ids": []any{opt["id"]}}
	}
	cfg["options"] = []any{notStarted, inProgress, done}
	cfg["groups"] = []any{
		group("To-do", "gray", notStarted), group("In progress", "blue", inProgress), group("Complete", "green", done),
	}
}

// normalizeSchema builds a new database's schema from the "properties" of a create request.
func (w *workspace) normalizeSchema(v any) ([]*propSchema, *apiError) {
	props, ok := asObject(v)
	if !ok {
		return nil, bodyErr("body.properties should be an object, instead was `%s`.", compact(v))
	}
	var schema []*propSchema
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	slices.Sort(names) // deterministic property IDs and order
	titles := 0
	for _, name := range names {
		path := "body.properties." + name
		def, ok := asObject(props[name])
		typ, known := schemaType(def)
		if !ok || !known {
			return nil, bodyErr("%s should be a property schema object, instead was `%s`.", path, compact(props[name]))
		}
		cfg, err := w.normalizeSchemaConfig(typ, def[typ], path)
		if err != nil {
			return nil, err
		}
		s := &propSchema{Name: name, Type: typ, Config: cfg}
		if typ == "title" {
			titles++
			s.ID = "title"
		} else {
			s.ID = w.IDs.newPropertyID()
		}
		schema = append(schema, s)
	}
	if titles != 1 {
		return nil, bodyErr("body.properties should define exactly one title property, instead defined `%d`.", titles)
	}
	return schema, nil
}

func (w *workspace) renderSchema(d *database) map[string]any {
	out := map[string]any{}
	for _, s := range d.Schema {
		out[s.Name] = map[string]any{"id": s.ID, "name": s.Name, "type": s.Type, s.Type: cloneJSON(s.Config)}
	}
	return out
}
