package notionfake

import (
	"slices"
	"strings"
	"time"
)

const maxFilterDepth = 2 // compound filters nest at most two levels, like Notion's

type pagePredicate func(*page) bool

func (w *workspace) queryDatabase(d *database, body map[string]any, now time.Time) (map[string]any, *apiError) {
	if w.refusesOld(d) {
		return nil, errMultiSource
	}
	return w.queryPages(d, d.Sources[0], body, now)
}

// queryPages lists the pages of one data source of d (d seen as that source).
func (w *workspace) queryPages(d *database, src *dataSource, body map[string]any, now time.Time) (map[string]any, *apiError) {
	match := func(*page) bool { return true }
	if f, present := body["filter"]; present && f != nil {
		var err *apiError
		if match, err = w.compileFilter(d, f, "body.filter", 0, now); err != nil {
			return nil, err
		}
	}
	less, err := w.compileSorts(d, body["sorts"])
	if err != nil {
		return nil, err
	}
	size, err := pageSizeFrom(body["page_size"], "body")
	if err != nil {
		return nil, err
	}
	var pages []*page
	for _, p := range w.Pages {
		if p.Parent.Type == "database_id" && p.Parent.ID == d.ID && w.sourceOf(p) == src && match(p) {
			pages = append(pages, p)
		}
	}
	slices.SortFunc(pages, less)
	cursor, err := cursorFrom(body["start_cursor"])
	if err != nil {
		return nil, err
	}
	results, next, err := paginateByID(w.listPages(pages), cursor, size, "body")
	if err != nil {
		return nil, err
	}
	return listEnvelope(results, next, "page_or_database"), nil
}

func (w *workspace) listPages(pages []*page) []listed {
	items := make([]listed, len(pages))
	for i, p := range pages {
		items[i] = listed{ID: p.ID, Hidden: p.InTrash, Render: func() map[string]any { return w.renderPage(p) }}
	}
	return items
}

func listEnvelope(results []any, next any, typ string) map[string]any {
	return map[string]any{"object": "list", "results": results, "next_cursor": next,
		"has_more": next != nil, "type": typ, typ: map[string]any{}}
}

func (w *workspace) compileFilter(d *database, v any, path string, depth int, now time.Time) (pagePredicate, *apiError) {
	f, ok := asObject(v)
	if !ok {
		return nil, bodyErr("%s should be an object, instead was `%s`.", path, compact(v))
	}
	for _, op := range []string{"and", "or"} {
		raw, present := f[op]
		if !present {
			continue
		}
		if depth >= maxFilterDepth {
			return nil, bodyErr("%s.%s should be not present, instead was `%s`. Compound filters nest at most %d levels.", path, op, compact(raw), maxFilterDepth)
		}
		parts, ok := asArray(raw)
		if !ok {
			return nil, bodyErr("%s.%s should be an array, instead was `%s`.", path, op, compact(raw))
		}
		preds := make([]pagePredicate, len(parts))
		for i, part := range parts {
			var err *apiError
			if preds[i], err = w.compileFilter(d, part, path+"."+op+"["+itoa(i)+"]", depth+1, now); err != nil {
				return nil, err
			}
		}
		all := op == "and"
		return func(p *page) bool {
			for _, pred := range preds {
				if pred(p) != all {
					return !all
				}
			}
			return all
		}, nil
	}
	if ts, ok := asString(f["timestamp"]); ok {
		if ts != "created_time" && ts != "last_edited_time" {
			return nil, bodyErr("%s.timestamp should be `\"created_time\"` or `\"last_edited_time\"`, instead was `%s`.", path, compact(ts))
		}
		cond, err := dateCondition(f[ts], path+"."+ts, now)
		if err != nil {
			return nil, err
		}
		return func(p *page) bool {
			t := p.Created
			if ts == "last_edited_time" {
				t = p.Edited
			}
			return cond(t, true)
		}, nil
	}
	name, _ := asString(f["property"])
	s := w.schemaByName(d, name)
	if s == nil {
		return nil, validationErr("Could not find property with name or id: %s", name)
	}
	return w.propertyCondition(s, f, path, now)
}

// propertyCondition compiles {"property": ..., "<type>": {condition}}.
func (w *workspace) propertyCondition(s *propSchema, f map[string]any, path string, now time.Time) (pagePredicate, *apiError) {
	key := s.Type
	if _, ok := f[key]; !ok && s.Type == "title" {
		key = "rich_text"
	}
	cond, ok := asObject(f[key])
	if !ok || len(cond) != 1 {
		return nil, bodyErr("%s.%s should be an object with exactly one condition, instead was `%s`.", path, s.Type, compact(f[key]))
	}
	var op string
	var arg any
	for op, arg = range cond {
	}
	bad := bodyErr("%s.%s.%s is not a supported condition for a %s property.", path, key, op, s.Type)
	value := func(p *page) any { return p.Props[s.ID] }
	switch s.Type {
	case "title", "rich_text", "url", "email":
		text := func(p *page) string {
			if items, ok := asArray(value(p)); ok {
				return plainText(items)
			}
			str, _ := asString(value(p))
			return str
		}
		pred, ok := textCondition(op, arg)
		if !ok {
			return nil, bad
		}
		return func(p *page) bool { return pred(text(p)) }, nil
	case "number", "unique_id":
		pred, ok := numberCondition(op, arg)
		if !ok {
			return nil, bad
		}
		return func(p *page) bool { n, has := jsonNumber(value(p)); return pred(n, has) }, nil
	case "checkbox":
		want, isBool := arg.(bool)
		if !isBool || (op != "equals" && op != "does_not_equal") {
			return nil, bad
		}
		return func(p *page) bool { got, _ := value(p).(bool); return (got == want) == (op == "equals") }, nil
	case "select", "status":
		pred, ok := textCondition(op, arg)
		if !ok || op == "contains" || op == "starts_with" {
			return nil, bad
		}
		return func(p *page) bool { o, _ := asObject(value(p)); name, _ := asString(o["name"]); return pred(name) }, nil
	case "multi_select", "people", "relation":
		return listCondition(s.Type, op, arg, value, bad)
	case "date":
		pred, err := dateCondition(cond, path+".date", now)
		if err != nil {
			return nil, err
		}
		return func(p *page) bool {
			dv, _ := asObject(value(p))
			start, _ := asString(dv["start"])
			t, ok := parseNotionDate(start)
			return pred(t, ok)
		}, nil
	}
	return nil, bad
}

func textCondition(op string, arg any) (func(string) bool, bool) {
	switch op {
	case "is_empty":
		return func(s string) bool { return s == "" }, true
	case "is_not_empty":
		return func(s string) bool { return s != "" }, true
	}
	want, ok := asString(arg)
	if !ok {
		return nil, false
	}
	switch op {
	case "equals":
		return func(s string) bool { return s == want }, true
	case "does_not_equal":
		return func(s string) bool { return s != want }, true
	case "contains":
		return func(s string) bool { return containsFold(s, want) }, true
	case "does_not_contain":
		return func(s string) bool { return !containsFold(s, want) }, true
	case "starts_with":
		return func(s string) bool { return strings.HasPrefix(strings.ToLower(s), strings.ToLower(want)) }, true
	case "ends_with":
		return func(s string) bool { return strings.HasSuffix(strings.ToLower(s), strings.ToLower(want)) }, true
	}
	return nil, false
}

func numberCondition(op string, arg any) (func(float64, bool) bool, bool) {
	switch op {
	case "is_empty":
		return func(_ float64, has bool) bool { return !has }, true
	case "is_not_empty":
		return func(_ float64, has bool) bool { return has }, true
	}
	want, ok := jsonNumber(arg)
	if !ok {
		return nil, false
	}
	cmps := map[string]func(float64) bool{
		"equals":                   func(n float64) bool { return n == want },
		"does_not_equal":           func(n float64) bool { return n != want },
		"greater_than":             func(n float64) bool { return n > want },
		"less_than":                func(n float64) bool { return n < want },
		"greater_than_or_equal_to": func(n float64) bool { return n >= want },
		"less_than_or_equal_to":    func(n float64) bool { return n <= want },
	}
	c, ok := cmps[op]
	if !ok {
		return nil, false
	}
	return func(n float64, has bool) bool { return has && c(n) }, true
}

func listCondition(typ, op string, arg any, value func(*page) any, bad *apiError) (pagePredicate, *apiError) {
	contains := func(p *page, want string) bool {
		items, _ := asArray(value(p))
		return slices.ContainsFunc(items, func(it any) bool {
			if o, ok := asObject(it); ok {
				return o["name"] == want
			}
			return it == want
		})
	}
	switch op {
	case "is_empty", "is_not_empty":
		empty := op == "is_empty"
		return func(p *page) bool { items, _ := asArray(value(p)); return (len(items) == 0) == empty }, nil
	case "contains", "does_not_contain":
		want, ok := asString(arg)
		if !ok {
			return nil, bad
		}
		if typ != "multi_select" {
			if want, ok = normalizeID(want); !ok {
				return nil, bad
			}
		}
		negate := op == "does_not_contain"
		return func(p *page) bool { return contains(p, want) != negate }, nil
	}
	return nil, bad
}

// dateCondition compiles a date condition; relative ones (past_week...) use now.
func dateCondition(v any, path string, now time.Time) (func(time.Time, bool) bool, *apiError) {
	cond, ok := asObject(v)
	if !ok || len(cond) != 1 {
		return nil, bodyErr("%s should be an object with exactly one condition, instead was `%s`.", path, compact(v))
	}
	var op string
	var arg any
	for op, arg = range cond {
	}
	relative := map[string][2]time.Time{
		"past_week": {now.AddDate(0, 0, -7), now}, "past_month": {now.AddDate(0, -1, 0), now},
		"past_year": {now.AddDate(-1, 0, 0), now}, "next_week": {now, now.AddDate(0, 0, 7)},
		"next_month": {now, now.AddDate(0, 1, 0)}, "next_year": {now, now.AddDate(1, 0, 0)},
		"this_week": {now.AddDate(0, 0, -int(now.Weekday())).Truncate(24 * time.Hour), now.AddDate(0, 0, 7-int(now.Weekday())).Truncate(24 * time.Hour)},
	}
	if span, ok := relative[op]; ok {
		return func(t time.Time, has bool) bool { return has && !t.Before(span[0]) && !t.After(span[1]) }, nil
	}
	switch op {
	case "is_empty":
		return func(_ time.Time, has bool) bool { return !has }, nil
	case "is_not_empty":
		return func(_ time.Time, has bool) bool { return has }, nil
	}
	s, _ := asString(arg)
	want, ok := parseNotionDate(s)
	if !ok {
		return nil, bodyErr("%s.%s should be a valid ISO 8601 date string, instead was `%s`.", path, op, compact(arg))
	}
	dayOnly := len(s) == len("2006-01-02")
	day := func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
	cmps := map[string]func(time.Time) bool{
		"equals": func(t time.Time) bool {
			if dayOnly {
				return day(t).Equal(want)
			}
			return t.Equal(want)
		},
		"before":       func(t time.Time) bool { return t.Before(want) },
		"after":        func(t time.Time) bool { return t.After(want) },
		"on_or_before": func(t time.Time) bool { return !t.After(want) },
		"on_or_after":  func(t time.Time) bool { return !t.Before(want) },
	}
	c, ok := cmps[op]
	if !ok {
		return nil, bodyErr("%s.%s is not a supported date condition.", path, op)
	}
	return func(t time.Time, has bool) bool { return has && c(t) }, nil
}
