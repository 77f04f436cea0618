package notionfake

import (
	"slices"
	"time"
)

// Stored property values (page.Props, keyed by property ID) are the type-specific part of
// Notion's representation: []any of rich text for title/rich_text, float64 or nil for
// number, an option object or nil for select/status, []any of options for multi_select,
// a date object or nil, bool, string or nil for url/email, []any of user IDs for people,
// []any of page IDs for relation, float64 for unique_id. Computed types store nothing.

var readOnlyTypes = map[string]bool{
	"formula": true, "rollup": true, "created_time": true, "last_edited_time": true,
	"created_by": true, "last_edited_by": true, "unique_id": true,
}

// emptyValue is what a new page holds for a property nobody set.
func (w *workspace) emptyValue(d *database, s *propSchema) any {
	switch s.Type {
	case "title", "rich_text", "multi_select", "people", "relation":
		return []any{}
	case "checkbox":
		return false
	case "status":
		if opts, _ := asArray(s.Config["options"]); len(opts) > 0 {
			return optionRef(opts[0])
		}
	case "unique_id":
		if d != nil {
			d.NextUniqueID++
			return float64(d.NextUniqueID)
		}
	}
	return nil
}

// normalizeValue validates one property value from a request body. The value may be the
// wrapped form ({"number": 3}) or, as Notion also accepts, the bare inner value.
func (w *workspace) normalizeValue(s *propSchema, v any, path string) (any, *apiError) {
	if readOnlyTypes[s.Type] {
		return nil, bodyErr("%s should be not present, instead was `%s`. %s is a read-only %s property.", path, compact(v), s.Name, s.Type)
	}
	if obj, ok := asObject(v); ok {
		if inner, present := obj[s.Type]; present {
			v = inner
		} else if s.Type != "select" && s.Type != "status" && s.Type != "date" {
			return nil, bodyErr("%s.%s should be defined, instead was `undefined`.", path, s.Type)
		}
	}
	path += "." + s.Type
	switch s.Type {
	case "title", "rich_text":
		return w.normalizeRichText(v, path)
	case "number":
		if v == nil {
			return nil, nil
		}
		n, ok := jsonNumber(v)
		if !ok {
			return nil, bodyErr("%s should be a number or `null`, instead was `%s`.", path, compact(v))
		}
		return n, nil
	case "checkbox":
		b, ok := v.(bool)
		if !ok {
			return nil, bodyErr("%s should be a boolean, instead was `%s`.", path, compact(v))
		}
		return b, nil
	case "url", "email":
		return normalizeString(v, path, map[string]int{"url": maxURL, "email": maxEmail}[s.Type])
	case "select", "status":
		if v == nil {
			return nil, nil
		}
		return w.normalizeOption(s, v, path)
	case "multi_select":
		return w.normalizeMultiSelect(s, v, path)
	case "date":
		d, err := normalizeDate(v, path)
		if err != nil || d == nil {
			return nil, err
		}
		return d, nil
	case "people":
		return w.normalizePeople(v, path)
	case "relation":
		return w.normalizeRelationIDs(s, v, path)
	}
	return nil, bodyErr("%s is not a supported property type.", path)
}

func normalizeString(v any, path string, limit int) (any, *apiError) {
	if v == nil {
		return nil, nil
	}
	s, ok := asString(v)
	if !ok || s == "" {
		return nil, bodyErr("%s should be a non-empty string or `null`, instead was `%s`.", path, compact(v))
	}
	if n := jsLength(s); n > limit {
		return nil, tooLong(path, limit, n)
	}
	return s, nil
}

var optionColors = []string{"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"}

// normalizeOption resolves a select/status write by name or ID. Unknown select names create
// an option (as Notion does); unknown status names are rejected.
func (w *workspace) normalizeOption(s *propSchema, v any, path string) (any, *apiError) {
	in, ok := asObject(v)
	if !ok {
		return nil, bodyErr("%s should be an object or `null`, instead was `%s`.", path, compact(v))
	}
	name, hasName := asString(in["name"])
	id, hasID := asString(in["id"])
	if !hasName && !hasID {
		return nil, bodyErr("%s.name should be defined, instead was `%s`.", path, compact(in["name"]))
	}
	if hasName && name == "" {
		return nil, bodyErr("%s.name should be populated, instead was `\"\"`.", path)
	}
	options, _ := asArray(s.Config["options"])
	for _, o := range options {
		om, _ := asObject(o)
		if (hasID && om["id"] == id) || (!hasID && om["name"] == name) {
			return optionRef(o), nil
		}
	}
	if s.Type == "status" || !hasName {
		return nil, validationErr("Invalid %s option. %s option \"%s\" does not exist.", s.Type, s.Type, name+id)
	}
	opt := w.newOption(name, in["color"], len(options))
	s.Config["options"] = append(options, opt)
	return optionRef(opt), nil
}

func (w *workspace) newOption(name string, color any, index int) map[string]any {
	c, _ := asString(color)
	if !slices.Contains(optionColors, c) {
		c = optionColors[index%len(optionColors)]
	}
	return map[string]any{"id": w.IDs.newID(), "name": name, "color": c, "description": nil}
}

func optionRef(o any) map[string]any {
	om, _ := asObject(o)
	return map[string]any{"id": om["id"], "name": om["name"], "color": om["color"]}
}

func (w *workspace) normalizeMultiSelect(s *propSchema, v any, path string) (any, *apiError) {
	items, ok := asArray(v)
	if !ok {
		return nil, bodyErr("%s should be an array, instead was `%s`.", path, compact(v))
	}
	if len(items) > maxArrayItems {
		return nil, tooLong(path, maxArrayItems, len(items))
	}
	out := []any{}
	for i, it := range items {
		opt, err := w.normalizeOption(s, it, path+"["+itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		out = append(out, opt)
	}
	return out, nil
}

// normalizeDate accepts {start, end?, time_zone?} with date-only or date-time strings.
func normalizeDate(v any, path string) (map[string]any, *apiError) {
	if v == nil {
		return nil, nil
	}
	in, ok := asObject(v)
	if !ok {
		return nil, bodyErr("%s should be an object or `null`, instead was `%s`.", path, compact(v))
	}
	start, ok := asString(in["start"])
	if _, valid := parseNotionDate(start); !ok || !valid {
		return nil, bodyErr("%s.start should be a valid ISO 8601 date string, instead was `%s`.", path, compact(in["start"]))
	}
	out := map[string]any{"start": start, "end": nil, "time_zone": nil}
	if end, present := in["end"]; present && end != nil {
		e, ok := asString(end)
		if _, valid := parseNotionDate(e); !ok || !valid {
			return nil, bodyErr("%s.end should be a valid ISO 8601 date string, instead was `%s`.", path, compact(end))
		}
		out["end"] = e
	}
	if tz, ok := asString(in["time_zone"]); ok && tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return nil, bodyErr("%s.time_zone should be a valid time zone, instead was `%s`.", path, compact(tz))
		}
		// With a time zone, start and end are local times: no UTC offset, and
		// not date-only. Notion answers them with the zone's offset and
		// time_zone null.
		for _, k := range []string{"start", "end"} {
			s, _ := asString(out[k])
			if s == "" {
				continue
			}
			local, ok := parseLocalDateTime(s, loc)
			if !ok {
				return nil, bodyErr("%s.%s should be a date with a time and without a UTC offset when time_zone is set, instead was `%s`.", path, k, compact(s))
			}
			out[k] = local.Format("2006-01-02T15:04:05.000-07:00")
		}
	}
	return out, nil
}

// parseLocalDateTime reads a date-time without offset ("2024-06-03T10:00",
// seconds and fractions optional) as a time in loc.
func parseLocalDateTime(s string, loc *time.Location) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseNotionDate parses a date-only ("2024-05-01", midnight UTC) or RFC 3339 value.
func parseNotionDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (w *workspace) normalizePeople(v any, path string) (any, *apiError) {
	items, ok := asArray(v)
	if !ok {
		return nil, bodyErr("%s should be an array, instead was `%s`.", path, compact(v))
	}
	if len(items) > maxArrayItems {
		return nil, tooLong(path, maxArrayItems, len(items))
	}
	out := []any{}
	for i, it := range items {
		m, _ := asObject(it)
		raw, _ := asString(m["id"])
		id, ok := normalizeID(raw)
		if !ok || w.userByID(id) == nil {
			return nil, bodyErr("%s[%d].id should be a valid user ID, instead was `%s`.", path, i, compact(m["id"]))
		}
		if !slices.Contains(out, any(id)) {
			out = append(out, id)
		}
	}
	return out, nil
}

// renderValue builds the page-object representation of one property.
func (w *workspace) renderValue(p *page, s *propSchema, truncateRelations bool) map[string]any {
	out := map[string]any{"id": s.ID, "type": s.Type}
	v := p.Props[s.ID]
	switch s.Type {
	case "created_time":
		v = formatTime(p.Created)
	case "last_edited_time":
		v = formatTime(p.Edited)
	case "created_by":
		v = w.renderUserRef(p.CreatedBy)
	case "last_edited_by":
		v = w.renderUserRef(p.EditedBy)
	case "formula":
		v = map[string]any{"type": "string", "string": nil}
	case "rollup":
		v = map[string]any{"type": "array", "array": []any{}, "function": "show_original"}
	case "unique_id":
		prefix, _ := s.Config["prefix"].(string)
		var pv any
		if prefix != "" {
			pv = prefix
		}
		v = map[string]any{"prefix": pv, "number": v}
	case "people":
		ids, _ := asArray(v)
		users := []any{}
		for _, id := range ids {
			uid, _ := asString(id)
			users = append(users, w.renderUserRef(uid))
		}
		v = users
	case "relation":
		ids, _ := asArray(v)
		out["has_more"] = false
		if truncateRelations && len(ids) > maxRelationRead {
			ids = ids[:maxRelationRead]
			out["has_more"] = true
		}
		refs := []any{}
		for _, id := range ids {
			refs = append(refs, map[string]any{"id": id})
		}
		v = refs
	case "title", "rich_text", "multi_select":
		if v == nil {
			v = []any{}
		}
	}
	out[s.Type] = cloneJSON(v)
	return out
}

func (w *workspace) renderUser(u *user) map[string]any {
	out := map[string]any{"object": "user", "id": u.ID, "name": u.Name, "type": u.Type}
	out["avatar_url"] = nil
	if u.AvatarURL != "" {
		out["avatar_url"] = u.AvatarURL
	}
	if u.Type == "bot" {
		out["bot"] = map[string]any{"owner": map[string]any{"type": "workspace", "workspace": true}, "workspace_name": w.Name}
	} else {
		out["person"] = map[string]any{"email": u.Email}
	}
	return out
}

func (w *workspace) renderUserRef(id string) map[string]any {
	if u := w.userByID(id); u != nil && u.Type == "person" {
		return w.renderUser(u)
	}
	return map[string]any{"object": "user", "id": id}
}
