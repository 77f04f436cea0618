package notionfake

import "slices"

// How Notion changes an existing property's configuration through
// PATCH /v1/databases (2022-06-28): select options are kept by ID or name, new
// ones added and omitted ones removed (and cleared from pages), but an existing
// option's name and color stay; a status property's options cannot be changed
// at all, nor can another property become a status; a renamed two-way
// relation is named by its new name on the other database too.

// changeConfig applies a {"<type>": {...}} change to an existing property.
func (w *workspace) changeConfig(d *database, s *propSchema, typ string, raw any, path string) *apiError {
	if s.Type == "title" && typ != "title" {
		return validationErr("Cannot change the type of the title property.")
	}
	switch {
	case typ == "status" && s.Type != "status":
		return validationErr("Cannot change property %s to a status property through the API; change its type in Notion.", s.Name)
	case typ == "status":
		in, _ := asObject(raw)
		if _, present := in["options"]; present {
			return validationErr("The options of status property %s cannot be updated through the API; change them in Notion.", s.Name)
		}
		return nil
	case typ == s.Type && (typ == "select" || typ == "multi_select"):
		in, _ := asObject(raw)
		if _, present := in["options"]; !present {
			return nil
		}
		return w.mergeOptions(d, s, in["options"], path+"."+typ+".options")
	}
	cfg, err := w.normalizeSchemaConfig(typ, raw, path)
	if err != nil {
		return err
	}
	s.Type, s.Config = typ, cfg
	w.linkRelation(d, s)
	return nil
}

// mergeOptions sets a select's options to the list given: existing options
// named by ID or name are kept as they are, others are added, and the
// options left out are removed, along with their values on pages.
func (w *workspace) mergeOptions(d *database, s *propSchema, raw any, path string) *apiError {
	items, ok := asArray(raw)
	if !ok {
		return bodyErr("%s should be an array, instead was `%s`.", path, compact(raw))
	}
	existing, _ := asArray(s.Config["options"])
	var out []any
	kept := map[any]bool{}
	for i, it := range items {
		m, ok := asObject(it)
		if !ok {
			return bodyErr("%s[%d] should be an object, instead was `%s`.", path, i, compact(it))
		}
		id, _ := asString(m["id"])
		name, _ := asString(m["name"])
		match := slices.IndexFunc(existing, func(o any) bool {
			om, _ := asObject(o)
			return id != "" && om["id"] == id || id == "" && name != "" && om["name"] == name
		})
		switch {
		case match >= 0:
			om, _ := asObject(existing[match])
			if !kept[om["id"]] {
				kept[om["id"]] = true
				out = append(out, existing[match])
			}
		case id != "":
			return bodyErr("%s[%d].id should be the ID of an existing option, instead was `%s`.", path, i, compact(id))
		case name == "":
			return bodyErr("%s[%d].name should be populated, instead was `%s`.", path, i, compact(m["name"]))
		default:
			out = append(out, w.newOption(name, m["color"], len(existing)+i))
		}
	}
	if out == nil {
		out = []any{}
	}
	s.Config["options"] = out
	w.clearRemovedOptions(d, s)
	return nil
}

// clearRemovedOptions empties page values that hold an option no longer in s.
func (w *workspace) clearRemovedOptions(d *database, s *propSchema) {
	options, _ := asArray(s.Config["options"])
	valid := map[any]bool{}
	for _, o := range options {
		om, _ := asObject(o)
		valid[om["id"]] = true
	}
	for _, p := range w.Pages {
		if p.Parent.Type != "database_id" || p.Parent.ID != d.ID {
			continue
		}
		switch v := p.Props[s.ID].(type) {
		case map[string]any:
			if !valid[v["id"]] {
				p.Props[s.ID] = nil
			}
		case []any:
			p.Props[s.ID] = slices.DeleteFunc(slices.Clone(v), func(o any) bool {
				om, _ := asObject(o)
				return !valid[om["id"]]
			})
		}
	}
}

// followRename names a renamed two-way relation by its new name in the
// related database's synced property, as Notion does on both sides.
func (w *workspace) followRename(s *propSchema) {
	if s.Type != "relation" || s.Config["type"] != "dual_property" {
		return
	}
	cfg, _ := asObject(s.Config["dual_property"])
	syncedID, _ := asString(cfg["synced_property_id"])
	targetID, _ := asString(s.Config["database_id"])
	target := w.Databases[targetID]
	if target == nil {
		return
	}
	for _, o := range target.Schema {
		if o.ID != syncedID || o.Type != "relation" {
			continue
		}
		if oc, ok := asObject(o.Config["dual_property"]); ok {
			oc["synced_property_name"] = s.Name
		}
	}
}
