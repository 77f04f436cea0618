package notionfake

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// parseParent reads {"page_id": ...} / {"database_id": ...} / {"data_source_id": ...} /
// {"block_id": ...}; "type" may name the key, as in a rendered parent.
func parseParent(v any, path string) (parentRef, *apiError) {
	in, ok := asObject(v)
	if !ok {
		return parentRef{}, bodyErr("%s should be an object, instead was `%s`.", path, compact(v))
	}
	for _, kind := range []string{"page_id", "data_source_id", "database_id", "block_id"} {
		if raw, present := in[kind]; present {
			s, _ := asString(raw)
			id, ok := normalizeID(s)
			if !ok {
				return parentRef{}, bodyErr("%s.%s should be a valid uuid, instead was `%s`.", path, kind, compact(raw))
			}
			return parentRef{Type: kind, ID: id}, nil
		}
	}
	return parentRef{}, bodyErr("%s.page_id should be defined, instead was `undefined`.", path)
}

func (w *workspace) createPage(body map[string]any, actor string, now time.Time) (*page, *apiError) {
	parent, err := parseParent(body["parent"], "body.parent")
	if err != nil {
		return nil, err
	}
	var db *database
	var source *dataSource
	switch parent.Type {
	case "data_source_id":
		// Accepted on every version (Upgrade guide 2025-09-03, "Create page").
		d, src := w.findSource(parent.ID)
		if d == nil || !w.canSee(actor, d.ID) {
			return nil, notFound("data source", parent.ID)
		}
		if d.InTrash {
			return nil, errArchived
		}
		db, source, parent = w.sourceView(d, src), src, parentRef{Type: "database_id", ID: d.ID}
	case "database_id":
		d, ok := w.Databases[parent.ID]
		if !ok || !w.canSee(actor, d.ID) {
			return nil, notFound("database", parent.ID)
		}
		// A database parent is deprecated at 2025-09-03 but still taken while
		// the database has one data source, at either version (Upgrade guide
		// 2025-09-03, "Create page"); with several it is refused.
		if len(d.Sources) > 1 {
			return nil, errMultiSource
		}
		if d.InTrash {
			return nil, errArchived
		}
		db = d
	default:
		p, ok := w.Pages[parent.ID]
		if !ok || !w.canSee(actor, p.ID) {
			return nil, notFound("page", parent.ID)
		}
		if p.InTrash {
			return nil, errArchived
		}
		parent.Type = "page_id"
	}
	p := &page{Props: map[string]any{}}
	schema := []*propSchema{{ID: "title", Name: "title", Type: "title"}}
	if db != nil {
		schema = db.Schema
	}
	values, err := w.normalizeProperties(w.visibleSchema(actor, schema), body["properties"])
	if err != nil {
		return nil, err
	}
	children, err := w.parseAppend(body["children"], "body.children", body["children"] == nil)
	if err != nil {
		return nil, err
	}
	w.stamp(&p.record, w.IDs.newID(), actor, now, parent)
	if source != nil && db != nil && source != w.Databases[db.ID].Sources[0] {
		p.Source = source.ID
	}
	p.Icon, p.Cover = cloneJSON(body["icon"]), cloneJSON(body["cover"])
	for _, s := range schema {
		p.Props[s.ID] = w.emptyValue(db, s)
	}
	w.Pages[p.ID] = p
	if parent.Type == "page_id" {
		w.addChild(parent.ID, p.ID)
	}
	for _, s := range schema {
		if v, ok := values[s.ID]; ok {
			p.Props[s.ID] = v
			if s.Type == "relation" {
				after, _ := asArray(v)
				w.syncRelation(p, s, nil, after, actor, now)
			}
		}
	}
	w.insertBlocks(p.ID, "", children, actor, now)
	w.emit("page.created", p, actor, nil, now)
	return p, nil
}

// normalizeProperties validates a "properties" object keyed by property name or ID and
// returns the stored values keyed by property ID.
func (w *workspace) normalizeProperties(schema []*propSchema, v any) (map[string]any, *apiError) {
	out := map[string]any{}
	if v == nil {
		return out, nil
	}
	props, ok := asObject(v)
	if !ok {
		return nil, bodyErr("body.properties should be an object, instead was `%s`.", compact(v))
	}
	for key, raw := range props {
		s := findSchema(schema, key)
		if s == nil {
			return nil, validationErr("%s is not a property that exists.", key)
		}
		val, err := w.normalizeValue(s, raw, "body.properties."+key)
		if err != nil {
			return nil, err
		}
		out[s.ID] = val
	}
	return out, nil
}

func findSchema(schema []*propSchema, key string) *propSchema {
	unescaped, _ := url.QueryUnescape(key)
	for _, s := range schema {
		if s.Name == key {
			return s
		}
	}
	for _, s := range schema {
		if s.ID == key || s.ID == url.QueryEscape(unescaped) {
			return s
		}
	}
	return nil
}

func (w *workspace) updatePage(p *page, body map[string]any, actor string, now time.Time) *apiError {
	trash, hasTrash := trashFlag(body)
	if p.InTrash && !(hasTrash && !trash) {
		for _, k := range []string{"properties", "icon", "cover"} {
			if _, present := body[k]; present {
				return errArchived
			}
		}
	}
	values, err := w.normalizeProperties(w.visibleSchema(actor, w.pageSchema(p)), body["properties"])
	if err != nil {
		return err
	}
	if hasTrash && trash != p.InTrash {
		p.InTrash = trash
		if trash {
			w.emit("page.deleted", p, actor, nil, now)
		} else {
			w.emit("page.undeleted", p, actor, nil, now)
		}
	}
	if icon, ok := body["icon"]; ok {
		p.Icon = cloneJSON(icon)
	}
	if cover, ok := body["cover"]; ok {
		p.Cover = cloneJSON(cover)
	}
	var changed []string
	for _, s := range w.pageSchema(p) {
		v, ok := values[s.ID]
		if !ok || sameJSON(p.Props[s.ID], v) {
			continue
		}
		before, _ := asArray(p.Props[s.ID])
		p.Props[s.ID] = v
		changed = append(changed, s.ID)
		if s.Type == "relation" {
			after, _ := asArray(v)
			for _, otherID := range w.syncRelation(p, s, before, after, actor, now) {
				if other := w.Pages[otherID]; other != nil && other != p {
					w.emit("page.properties_updated", other, actor, []string{syncedPropertyID(s)}, now)
				}
			}
		}
	}
	w.touch(&p.record, actor, now)
	if len(changed) > 0 {
		w.emit("page.properties_updated", p, actor, changed, now)
	}
	return nil
}

func syncedPropertyID(s *propSchema) string {
	cfg, _ := asObject(s.Config["dual_property"])
	id, _ := asString(cfg["synced_property_id"])
	return id
}

// trashFlag reads "in_trash" or its older alias "archived".
func trashFlag(body map[string]any) (bool, bool) {
	for _, k := range []string{"in_trash", "archived"} {
		if b, ok := body[k].(bool); ok {
			return b, true
		}
	}
	return false, false
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func (w *workspace) pageTitle(p *page) string {
	for _, s := range w.pageSchema(p) {
		if s.Type == "title" {
			items, _ := asArray(p.Props[s.ID])
			return plainText(items)
		}
	}
	return ""
}

func renderParent(r parentRef) map[string]any {
	if r.Type == "workspace" || r.Type == "" {
		return map[string]any{"type": "workspace", "workspace": true}
	}
	return map[string]any{"type": r.Type, r.Type: r.ID}
}

func notionURL(title, id string) string {
	slug := strings.Join(strings.FieldsFunc(title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), "-")
	if slug == "" {
		return "https://www.notion.so/" + undashed(id)
	}
	return "https://www.notion.so/" + slug + "-" + undashed(id)
}

func (w *workspace) renderPage(p *page) map[string]any {
	props := map[string]any{}
	for _, s := range w.pageSchema(p) {
		props[s.Name] = w.renderValue(p, s, true)
	}
	return map[string]any{
		"object": "page", "id": p.ID,
		"created_time": formatTime(p.Created), "last_edited_time": formatTime(p.Edited),
		"created_by":     map[string]any{"object": "user", "id": p.CreatedBy},
		"last_edited_by": map[string]any{"object": "user", "id": p.EditedBy},
		"cover":          cloneJSON(p.Cover), "icon": cloneJSON(p.Icon),
		"parent":   renderParent(p.Parent),
		"archived": p.InTrash, "in_trash": p.InTrash,
		"properties": props,
		"url":        notionURL(w.pageTitle(p), p.ID), "public_url": nil,
	}
}

var paginatedItemTypes = map[string]bool{"title": true, "rich_text": true, "people": true, "relation": true}

// renderPropertyItem answers GET /v1/pages/{id}/properties/{property_id}: list types are
// paginated property_item lists with every value (relations are not truncated here).
func (w *workspace) renderPropertyItem(p *page, s *propSchema, q url.Values) (map[string]any, *apiError) {
	full := w.renderValue(p, s, false)
	if !paginatedItemTypes[s.Type] {
		out := map[string]any{"object": "property_item", "id": s.ID, "type": s.Type, s.Type: full[s.Type]}
		return out, nil
	}
	values, _ := asArray(full[s.Type])
	items := make([]any, len(values))
	for i, v := range values {
		items[i] = map[string]any{"object": "property_item", "id": s.ID, "type": s.Type, s.Type: v}
	}
	start, size, err := offsetPaging(q.Get("start_cursor"), q.Get("page_size"), "query")
	if err != nil {
		return nil, err
	}
	pageItems, next := sliceOffset(items, start, size)
	nextURL := any(nil)
	if next != nil {
		nextURL = "https://api.notion.com/v1/pages/" + p.ID + "/properties/" + s.ID + "?start_cursor=" + next.(string)
	}
	return map[string]any{
		"object": "list", "results": pageItems, "next_cursor": next, "has_more": next != nil,
		"type":          "property_item",
		"property_item": map[string]any{"id": s.ID, "next_url": nextURL, "type": s.Type, s.Type: map[string]any{}},
	}, nil
}
