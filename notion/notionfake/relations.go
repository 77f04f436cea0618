package notionfake

import (
	"slices"
	"time"
)

func (w *workspace) normalizeRelationConfig(in map[string]any, path string) (map[string]any, *apiError) {
	raw, _ := asString(in["database_id"])
	dbID, ok := normalizeID(raw)
	if !ok {
		return nil, bodyErr("%s.database_id should be a valid uuid, instead was `%s`.", path, compact(in["database_id"]))
	}
	target, ok := w.Databases[dbID]
	if !ok {
		return nil, notFound("database", dbID)
	}
	if w.refusesOld(target) {
		return nil, errMultiSource
	}
	kind, _ := asString(in["type"])
	if kind == "" {
		kind = "single_property"
		if _, dual := in["dual_property"]; dual {
			kind = "dual_property"
		}
	}
	if kind != "single_property" && kind != "dual_property" {
		return nil, bodyErr("%s.type should be `\"single_property\"` or `\"dual_property\"`, instead was `%s`.", path, compact(kind))
	}
	return map[string]any{"database_id": dbID, "type": kind, kind: map[string]any{}}, nil
}

// linkRelation creates the synced property on the related database for a new
// dual_property relation, as Notion does.
func (w *workspace) linkRelation(owner *database, s *propSchema) {
	if s.Type != "relation" || s.Config["type"] != "dual_property" {
		return
	}
	if cfg, _ := asObject(s.Config["dual_property"]); cfg["synced_property_id"] != nil {
		return // already linked (e.g. loaded from state)
	}
	targetID, _ := asString(s.Config["database_id"])
	target, ok := w.Databases[targetID]
	if !ok {
		return
	}
	name := "Related to " + plainText(owner.Title) + " (" + s.Name + ")"
	for w.schemaByName(target, name) != nil {
		name += " 1"
	}
	synced := &propSchema{ID: w.IDs.newPropertyID(), Name: name, Type: "relation", Config: map[string]any{
		"database_id": owner.ID, "type": "dual_property",
		"dual_property": map[string]any{"synced_property_name": s.Name, "synced_property_id": s.ID},
	}}
	target.Schema = append(target.Schema, synced)
	for _, p := range w.Pages {
		if p.Parent.Type == "database_id" && p.Parent.ID == target.ID {
			p.Props[synced.ID] = []any{}
		}
	}
	s.Config["dual_property"] = map[string]any{"synced_property_name": synced.Name, "synced_property_id": synced.ID}
}

func (w *workspace) normalizeRelationIDs(s *propSchema, v any, path string) (any, *apiError) {
	items, ok := asArray(v)
	if !ok {
		return nil, bodyErr("%s should be an array, instead was `%s`.", path, compact(v))
	}
	if len(items) > maxArrayItems {
		return nil, tooLong(path, maxArrayItems, len(items))
	}
	targetID, _ := asString(s.Config["database_id"])
	if d, ok := w.Databases[targetID]; ok && w.refusesOld(d) {
		return nil, errMultiSource
	}
	out := []any{}
	for i, it := range items {
		m, _ := asObject(it)
		raw, _ := asString(m["id"])
		id, ok := normalizeID(raw)
		if !ok {
			return nil, bodyErr("%s[%d].id should be a valid uuid, instead was `%s`.", path, i, compact(m["id"]))
		}
		target, ok := w.Pages[id]
		if !ok {
			return nil, notFound("page", id)
		}
		if target.Parent.Type != "database_id" || target.Parent.ID != targetID {
			return nil, validationErr("Relation target %s is not in the related database %s.", id, targetID)
		}
		if !slices.Contains(out, any(id)) {
			out = append(out, id)
		}
	}
	return out, nil
}

// syncRelation mirrors a change of page p's dual relation s onto the related pages.
func (w *workspace) syncRelation(p *page, s *propSchema, before, after []any, actor string, now time.Time) []string {
	if s.Config["type"] != "dual_property" {
		return nil
	}
	cfg, _ := asObject(s.Config["dual_property"])
	syncedID, _ := asString(cfg["synced_property_id"])
	var touched []string
	update := func(otherID any, add bool) {
		id, _ := asString(otherID)
		other, ok := w.Pages[id]
		if !ok {
			return
		}
		current, _ := asArray(other.Props[syncedID])
		has := slices.Contains(current, any(p.ID))
		switch {
		case add && !has:
			other.Props[syncedID] = append(slices.Clone(current), p.ID)
		case !add && has:
			other.Props[syncedID] = slices.DeleteFunc(slices.Clone(current), func(x any) bool { return x == p.ID })
		default:
			return
		}
		if other.ID != p.ID {
			w.touch(&other.record, actor, now)
		}
		touched = append(touched, other.ID)
	}
	for _, id := range before {
		if !slices.Contains(after, id) {
			update(id, false)
		}
	}
	for _, id := range after {
		if !slices.Contains(before, id) {
			update(id, true)
		}
	}
	return touched
}
