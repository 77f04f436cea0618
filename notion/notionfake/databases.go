package notionfake

import (
	"slices"
	"time"
)

func (w *workspace) createDatabase(body map[string]any, actor string, now time.Time) (*database, *apiError) {
	parent, err := parseParent(body["parent"], "body.parent")
	if err != nil {
		return nil, err
	}
	host, ok := w.Pages[parent.ID]
	if parent.Type != "page_id" || !ok || !w.canSee(actor, host.ID) {
		return nil, notFound("page", parent.ID)
	}
	if err := w.checkRelationTargets(actor, body["properties"]); err != nil {
		return nil, err
	}
	if host.InTrash {
		return nil, errArchived
	}
	title, err := w.normalizeRichText(orEmpty(body["title"]), "body.title")
	if err != nil {
		return nil, err
	}
	description, err := w.normalizeRichText(orEmpty(body["description"]), "body.description")
	if err != nil {
		return nil, err
	}
	schema, err := w.normalizeSchema(body["properties"])
	if err != nil {
		return nil, err
	}
	d := &database{Title: title, Description: description, Schema: schema,
		Icon: cloneJSON(body["icon"]), Cover: cloneJSON(body["cover"])}
	d.IsInline, _ = body["is_inline"].(bool)
	w.stamp(&d.record, w.IDs.newID(), actor, now, parent)
	d.Sources = []*dataSource{{ID: firstSourceID(d.ID), Name: plainText(title)}}
	w.Databases[d.ID] = d
	w.addChild(parent.ID, d.ID)
	for _, s := range schema {
		w.linkRelation(d, s)
	}
	return d, nil
}

func (w *workspace) updateDatabase(d *database, body map[string]any, actor string, now time.Time) *apiError {
	trash, hasTrash := trashFlag(body)
	if d.InTrash && !(hasTrash && !trash) && body["properties"] != nil {
		return errArchived
	}
	if raw, ok := body["title"]; ok {
		title, err := w.normalizeRichText(raw, "body.title")
		if err != nil {
			return err
		}
		d.Title = title
	}
	if raw, ok := body["description"]; ok {
		description, err := w.normalizeRichText(raw, "body.description")
		if err != nil {
			return err
		}
		d.Description = description
	}
	if raw, ok := body["properties"]; ok {
		if err := w.checkRelationTargets(actor, raw); err != nil {
			return err
		}
		if err := w.updateSchema(d, raw); err != nil {
			return err
		}
	}
	if icon, ok := body["icon"]; ok {
		d.Icon = cloneJSON(icon)
	}
	if cover, ok := body["cover"]; ok {
		d.Cover = cloneJSON(cover)
	}
	if hasTrash {
		d.InTrash = trash
	}
	w.touch(&d.record, actor, now)
	return nil
}

// updateSchema applies {"Name or ID": schema | {"name": "New"} | null} changes.
func (w *workspace) updateSchema(d *database, raw any) *apiError {
	changes, ok := asObject(raw)
	if !ok {
		return bodyErr("body.properties should be an object, instead was `%s`.", compact(raw))
	}
	keys := make([]string, 0, len(changes))
	for k := range changes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		path := "body.properties." + key
		existing := w.schemaByName(d, key)
		change := changes[key]
		if change == nil {
			if existing == nil {
				return validationErr("%s is not a property that exists.", key)
			}
			if existing.Type == "title" {
				return validationErr("Cannot delete the title property.")
			}
			d.Schema = slices.DeleteFunc(d.Schema, func(s *propSchema) bool { return s == existing })
			continue
		}
		def, ok := asObject(change)
		if !ok {
			return bodyErr("%s should be an object or `null`, instead was `%s`.", path, compact(change))
		}
		typ, hasType := schemaType(def)
		if existing == nil {
			if !hasType {
				return validationErr("%s is not a property that exists.", key)
			}
			if typ == "title" {
				return validationErr("Cannot create a second title property.")
			}
			existing = &propSchema{ID: w.IDs.newPropertyID(), Name: key, Type: typ}
			d.Schema = append(d.Schema, existing)
			for _, p := range w.Pages {
				if p.Parent.Type == "database_id" && p.Parent.ID == d.ID && w.sourceOf(p) == d.Sources[0] {
					p.Props[existing.ID] = w.emptyValue(d, existing)
				}
			}
		}
		if name, ok := asString(def["name"]); ok && name != "" && name != existing.Name {
			existing.Name = name
			w.followRename(existing)
		}
		if hasType {
			if err := w.changeConfig(d, existing, typ, def[typ], path); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *workspace) renderDatabase(d *database) map[string]any {
	return map[string]any{
		"object": "database", "id": d.ID, "cover": cloneJSON(d.Cover), "icon": cloneJSON(d.Icon),
		"created_time":     formatTime(d.Created),
		"created_by":       map[string]any{"object": "user", "id": d.CreatedBy},
		"last_edited_by":   map[string]any{"object": "user", "id": d.EditedBy},
		"last_edited_time": formatTime(d.Edited),
		"title":            cloneJSON(d.Title), "description": cloneJSON(d.Description),
		"is_inline":  d.IsInline,
		"properties": w.renderSchema(d),
		"parent":     renderParent(d.Parent),
		"url":        notionURL("", d.ID), "public_url": nil,
		"archived": d.InTrash, "in_trash": d.InTrash,
	}
}
