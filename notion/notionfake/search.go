package notionfake

import (
	"cmp"
	"slices"
)

// search matches page and database titles (case-insensitively) and, by default, lists the
// most recently edited first. Trashed objects and what actor cannot see never appear.
func (w *workspace) search(body map[string]any, actor string) (map[string]any, *apiError) {
	query, _ := asString(body["query"])
	object := ""
	if raw, present := body["filter"]; present && raw != nil {
		f, _ := asObject(raw)
		value, _ := asString(f["value"])
		tables := "database"
		if w.sourcesAPI {
			tables = "data_source" // 2025-09-03 searches data sources, not databases
		}
		if f["property"] != "object" || (value != "page" && value != tables) {
			return nil, bodyErr("body.filter.value should be `\"page\"` or `\"%s\"`, instead was `%s`.", tables, compact(f["value"]))
		}
		object = value
		if value == "data_source" {
			object = "database"
		}
	}
	descending := true
	if raw, present := body["sort"]; present && raw != nil {
		s, _ := asObject(raw)
		dir, _ := asString(s["direction"])
		if s["timestamp"] != "last_edited_time" || (dir != "ascending" && dir != "descending") {
			return nil, bodyErr("body.sort should sort by `\"last_edited_time\"` ascending or descending, instead was `%s`.", compact(raw))
		}
		descending = dir == "descending"
	}
	size, err := pageSizeFrom(body["page_size"], "body")
	if err != nil {
		return nil, err
	}
	type hit struct {
		rec    *record
		render func() map[string]any
		id     string // the listed object's ID, when not the record's (a data source)
	}
	var hits []hit
	if object != "database" {
		for _, p := range w.Pages {
			if containsFold(w.pageTitle(p), query) && w.canSee(actor, p.ID) {
				hits = append(hits, hit{&p.record, func() map[string]any { return w.renderPage(p) }, ""})
			}
		}
	}
	if object != "page" {
		for _, d := range w.Databases {
			if !containsFold(plainText(d.Title), query) || !w.canSee(actor, d.ID) {
				continue
			}
			switch {
			case w.sourcesAPI:
				for _, src := range d.Sources {
					hits = append(hits, hit{&d.record, func() map[string]any { return w.renderDataSource(d, src) }, src.ID})
				}
			case !w.refusesOld(d): // 2022-06-28 no longer finds a database of several sources
				hits = append(hits, hit{&d.record, func() map[string]any { return w.renderDatabase(d) }, ""})
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		c := cmp.Or(a.rec.Edited.Compare(b.rec.Edited), cmp.Compare(a.rec.EditSeq, b.rec.EditSeq))
		if descending {
			return -c
		}
		return c
	})
	items := make([]listed, len(hits))
	for i, h := range hits {
		id := h.rec.ID
		if h.id != "" {
			id = h.id
		}
		items[i] = listed{ID: id, Hidden: h.rec.InTrash, Render: h.render}
	}
	cursor, err := cursorFrom(body["start_cursor"])
	if err != nil {
		return nil, err
	}
	results, next, err := paginateByID(items, cursor, size, "body")
	if err != nil {
		return nil, err
	}
	return listEnvelope(results, next, "page_or_database"), nil
}

func (w *workspace) listUsers() []listed {
	items := make([]listed, len(w.Users))
	for i, u := range w.Users {
		items[i] = listed{ID: u.ID, Render: func() map[string]any { return w.renderUser(u) }}
	}
	return items
}
