package notionfake

import (
	"cmp"
	"time"
)

// compileSorts builds the ordering: the given sorts, then creation order. Without sorts,
// pages come in creation order (oldest first).
func (w *workspace) compileSorts(d *database, v any) (func(a, b *page) int, *apiError) {
	var keys []func(a, b *page) int
	if v != nil {
		sorts, ok := asArray(v)
		if !ok {
			return nil, bodyErr("body.sorts should be an array, instead was `%s`.", compact(v))
		}
		for i, raw := range sorts {
			key, err := w.sortKey(d, raw, "body.sorts["+itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			keys = append(keys, key)
		}
	}
	return func(a, b *page) int {
		for _, k := range keys {
			if c := k(a, b); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Seq, b.Seq)
	}, nil
}

func (w *workspace) sortKey(d *database, raw any, path string) (func(a, b *page) int, *apiError) {
	s, ok := asObject(raw)
	if !ok {
		return nil, bodyErr("%s should be an object, instead was `%s`.", path, compact(raw))
	}
	dir, _ := asString(s["direction"])
	if dir != "ascending" && dir != "descending" {
		return nil, bodyErr("%s.direction should be `\"ascending\"` or `\"descending\"`, instead was `%s`.", path, compact(s["direction"]))
	}
	sign := 1
	if dir == "descending" {
		sign = -1
	}
	if ts, ok := asString(s["timestamp"]); ok {
		switch ts {
		case "created_time":
			return func(a, b *page) int { return sign * cmp.Compare(a.Seq, b.Seq) }, nil
		case "last_edited_time":
			// Edit order refines the minute-rounded times, keeping the sort deterministic.
			return func(a, b *page) int {
				return sign * cmp.Or(a.Edited.Compare(b.Edited), cmp.Compare(a.EditSeq, b.EditSeq))
			}, nil
		}
		return nil, bodyErr("%s.timestamp should be `\"created_time\"` or `\"last_edited_time\"`, instead was `%s`.", path, compact(ts))
	}
	name, _ := asString(s["property"])
	prop := w.schemaByName(d, name)
	if prop == nil {
		return nil, validationErr("Could not find sort property with name or id: %s", name)
	}
	return func(a, b *page) int {
		x, y := w.sortable(a, prop), w.sortable(b, prop)
		if x == nil || y == nil { // empty values sort last in both directions
			return cmp.Compare(boolInt(x == nil), boolInt(y == nil))
		}
		return sign * compareSortable(x, y)
	}, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sortable extracts a comparable value (string, float64 or time.Time), nil when empty.
func (w *workspace) sortable(p *page, s *propSchema) any {
	v := p.Props[s.ID]
	switch s.Type {
	case "title", "rich_text":
		items, _ := asArray(v)
		if t := plainText(items); t != "" {
			return t
		}
	case "number", "unique_id":
		if n, ok := jsonNumber(v); ok {
			return n
		}
	case "checkbox":
		if b, _ := v.(bool); b {
			return 1.0
		}
		return 0.0
	case "select", "status":
		if o, ok := asObject(v); ok {
			return o["name"]
		}
	case "date":
		dv, _ := asObject(v)
		start, _ := asString(dv["start"])
		if t, ok := parseNotionDate(start); ok {
			return t
		}
	case "url", "email":
		if str, ok := asString(v); ok {
			return str
		}
	case "created_time":
		return p.Created
	case "last_edited_time":
		return p.Edited
	}
	return nil
}

func compareSortable(x, y any) int {
	switch a := x.(type) {
	case string:
		b, _ := y.(string)
		return cmp.Compare(a, b)
	case float64:
		b, _ := y.(float64)
		return cmp.Compare(a, b)
	case time.Time:
		b, _ := y.(time.Time)
		return a.Compare(b)
	}
	return 0
}
