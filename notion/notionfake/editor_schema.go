package notionfake

import "slices"

// A person's schema edits in Notion's UI: databases made and changed with the
// API's rules, plus what only the UI can do — renaming select and status
// options, and adding options to a status property's groups.

// CreateDatabase makes a database under a page as a person does, with
// properties in the API's schema format; a status property starts with
// Notion's default options (rename them with RenameOption).
func (e *Editor) CreateDatabase(parentPageID, title string, properties map[string]any) (string, error) {
	var id string
	err := e.do(func(w *workspace) *apiError {
		body := map[string]any{
			"parent":     map[string]any{"type": "page_id", "page_id": parentPageID},
			"title":      []any{map[string]any{"text": map[string]any{"content": title}}},
			"properties": asJSON(properties),
		}
		d, err := w.createDatabase(body, e.userID, e.fake.clock.Now())
		if err == nil {
			id = d.ID
		}
		return err
	})
	return id, err
}

// UpdateDatabase changes a database's schema as a person does: properties
// added, renamed ({"name": ...}), retyped or removed (null), by name or ID.
func (e *Editor) UpdateDatabase(databaseID string, properties map[string]any) error {
	return e.do(func(w *workspace) *apiError {
		d, ok := w.Databases[mustNormalize(databaseID)]
		if !ok {
			return notFound("database", databaseID)
		}
		return w.updateDatabase(d, map[string]any{"properties": asJSON(properties)}, e.userID, e.fake.clock.Now())
	})
}

// RenameOption renames a select or status option; pages holding it show the
// new name, and its ID stays.
func (e *Editor) RenameOption(databaseID, property, from, to string) error {
	return e.do(func(w *workspace) *apiError {
		s, err := e.optionProperty(w, databaseID, property)
		if err != nil {
			return err
		}
		options, _ := asArray(s.Config["options"])
		for _, o := range options {
			om, _ := asObject(o)
			if om["name"] == from {
				om["name"] = to
				w.renameOptionOnPages(s, om)
				return nil
			}
		}
		return validationErr("%s has no option %q.", property, from)
	})
}

// AddStatusOption adds an option to one group of a status property
// ("To-do", "In progress" or "Complete").
func (e *Editor) AddStatusOption(databaseID, property, name, group string) error {
	return e.do(func(w *workspace) *apiError {
		s, err := e.optionProperty(w, databaseID, property)
		if err != nil {
			return err
		}
		if s.Type != "status" {
			return validationErr("%s is not a status property.", property)
		}
		options, _ := asArray(s.Config["options"])
		groups, _ := asArray(s.Config["groups"])
		for _, g := range groups {
			gm, _ := asObject(g)
			if gm["name"] != group {
				continue
			}
			opt := w.newOption(name, nil, len(options))
			s.Config["options"] = append(options, opt)
			ids, _ := asArray(gm["option_ids"])
			gm["option_ids"] = append(slices.Clone(ids), opt["id"])
			return nil
		}
		return validationErr("%s has no group %q.", property, group)
	})
}

func (e *Editor) optionProperty(w *workspace, databaseID, property string) (*propSchema, *apiError) {
	d, ok := w.Databases[mustNormalize(databaseID)]
	if !ok {
		return nil, notFound("database", databaseID)
	}
	s := w.schemaByName(d, property)
	if s == nil || (s.Type != "select" && s.Type != "status" && s.Type != "multi_select") {
		return nil, validationErr("%s is not a select or status property of the database.", property)
	}
	return s, nil
}

// renameOptionOnPages updates the stored copies of a renamed option.
func (w *workspace) renameOptionOnPages(s *propSchema, option map[string]any) {
	for _, p := range w.Pages {
		switch v := p.Props[s.ID].(type) {
		case map[string]any:
			if v["id"] == option["id"] {
				p.Props[s.ID] = optionRef(option)
			}
		case []any:
			for i, o := range v {
				if om, _ := asObject(o); om["id"] == option["id"] {
					v[i] = optionRef(option)
				}
			}
		}
	}
}
