package notionfake

import "encoding/json"

// Editor acts as a person editing in Notion's UI: the same rules as the API, recorded as
// made by that user (last_edited_by, webhook authors), and exempt from rate limits.
type Editor struct {
	fake   *Fake
	userID string
}

// As returns an editor acting as userID (see AddPerson).
func (f *Fake) As(userID string) *Editor { return &Editor{fake: f, userID: mustNormalize(userID)} }

func (e *Editor) do(fn func(w *workspace) *apiError) error {
	e.fake.mu.Lock()
	defer e.fake.mu.Unlock()
	// A person in Notion's UI sees every data source.
	e.fake.ws.sourcesAPI = true
	defer func() { e.fake.ws.sourcesAPI = false }()
	if err := fn(e.fake.ws); err != nil {
		return err
	}
	if e.fake.onWrite != nil {
		e.fake.onWrite()
	}
	return nil
}

func (e *Editor) page(w *workspace, id string) (*page, *apiError) {
	p, ok := w.Pages[mustNormalize(id)]
	if !ok {
		return nil, notFound("page", id)
	}
	return p, nil
}

// CreatePage creates a page in a database with properties in the API's write format, keyed
// by property name, and returns its ID.
func (e *Editor) CreatePage(databaseID string, properties map[string]any) (string, error) {
	var id string
	err := e.do(func(w *workspace) *apiError {
		body := map[string]any{"parent": map[string]any{"database_id": databaseID}, "properties": asJSON(properties)}
		p, err := w.createPage(body, e.userID, e.fake.clock.Now())
		if err == nil {
			id = p.ID
		}
		return err
	})
	return id, err
}

// CreatePageIn creates a page in one data source of a database (any of
// them, as a person can in Notion's UI) and returns its ID.
func (e *Editor) CreatePageIn(sourceID string, properties map[string]any) (string, error) {
	var id string
	err := e.do(func(w *workspace) *apiError {
		body := map[string]any{"parent": map[string]any{"type": "data_source_id", "data_source_id": sourceID}, "properties": asJSON(properties)}
		p, err := w.createPage(body, e.userID, e.fake.clock.Now())
		if err == nil {
			id = p.ID
		}
		return err
	})
	return id, err
}

// UpdateProperties changes page properties (API write format, keyed by name or ID).
func (e *Editor) UpdateProperties(pageID string, properties map[string]any) error {
	return e.update(pageID, map[string]any{"properties": asJSON(properties)})
}

// Trash moves a page to the trash.
func (e *Editor) Trash(pageID string) error {
	return e.update(pageID, map[string]any{"in_trash": true})
}

// Restore takes a page out of the trash.
func (e *Editor) Restore(pageID string) error {
	return e.update(pageID, map[string]any{"in_trash": false})
}

func (e *Editor) update(pageID string, body map[string]any) error {
	return e.do(func(w *workspace) *apiError {
		p, err := e.page(w, pageID)
		if err != nil {
			return err
		}
		return w.updatePage(p, body, e.userID, e.fake.clock.Now())
	})
}

// AppendBlocks appends blocks (API write format) to a page or block; returns their IDs.
func (e *Editor) AppendBlocks(parentID string, blocks []any) ([]string, error) {
	var ids []string
	err := e.do(func(w *workspace) *apiError {
		id := mustNormalize(parentID)
		if w.recordOf(id) == nil {
			return notFound("block", parentID)
		}
		var err *apiError
		ids, err = w.appendChildren(id, map[string]any{"children": asJSON(blocks)}, e.userID, e.fake.clock.Now())
		return err
	})
	return ids, err
}

// ReplaceBlocks trashes every block of a page and appends new ones, like a person
// rewriting the page body.
func (e *Editor) ReplaceBlocks(pageID string, blocks []any) ([]string, error) {
	err := e.do(func(w *workspace) *apiError {
		p, err := e.page(w, pageID)
		if err != nil {
			return err
		}
		for _, id := range w.Children[p.ID] {
			if b, ok := w.Blocks[id]; ok && !b.InTrash {
				b.InTrash = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e.AppendBlocks(pageID, blocks)
}

// UpdateBlock changes a block's content, e.g. {"paragraph": {"rich_text": [...]}}.
func (e *Editor) UpdateBlock(blockID string, body map[string]any) error {
	return e.do(func(w *workspace) *apiError {
		b, ok := w.Blocks[mustNormalize(blockID)]
		if !ok {
			return notFound("block", blockID)
		}
		content, _ := asObject(asJSON(body))
		return w.updateBlock(b, content, e.userID, e.fake.clock.Now())
	})
}

// DeleteBlock trashes a block (or a page or database).
func (e *Editor) DeleteBlock(blockID string) error {
	return e.do(func(w *workspace) *apiError {
		return w.trashAny(mustNormalize(blockID), e.userID, e.fake.clock.Now())
	})
}

// asJSON converts Go values (ints, structs, typed maps) to what decoding a request body
// gives, so editor writes go through exactly the API's validation.
func asJSON(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	if json.Unmarshal(data, &out) != nil {
		return nil
	}
	return out
}
