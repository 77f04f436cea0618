package notionfake

import (
	"slices"
	"time"
)

const (
	maxChildrenPerAppend = 100
	maxBlocksPerRequest  = 1000
	maxNestingDepth      = 2 // levels of children below the top-level blocks of one request
)

var textBlockTypes = []string{
	"paragraph", "heading_1", "heading_2", "heading_3", "bulleted_list_item",
	"numbered_list_item", "quote", "toggle", "callout", "to_do", "code",
}

var otherBlockTypes = []string{"divider", "equation", "table", "table_row", "bookmark"}

// newBlock is a validated block from a request, not yet stored.
type newBlock struct {
	Type     string
	Content  map[string]any
	Children []newBlock
}

// insertBlocks stores validated blocks under parentID (after the child afterID, or at the
// end) and returns the top-level IDs.
func (w *workspace) insertBlocks(parentID, afterID string, blocks []newBlock, actor string, now time.Time) []string {
	parent := parentRef{Type: "block_id", ID: parentID}
	if _, ok := w.Pages[parentID]; ok {
		parent.Type = "page_id"
	}
	var ids []string
	for _, nb := range blocks {
		b := &block{Type: nb.Type, Content: nb.Content}
		w.stamp(&b.record, w.IDs.newID(), actor, now, parent)
		w.Blocks[b.ID] = b
		ids = append(ids, b.ID)
		w.insertBlocks(b.ID, "", nb.Children, actor, now)
	}
	siblings := w.Children[parentID]
	at := len(siblings)
	if i := slices.Index(siblings, afterID); afterID != "" && i >= 0 {
		at = i + 1
	}
	w.Children[parentID] = slices.Insert(slices.Clone(siblings), at, ids...)
	return ids
}

func (w *workspace) commonBlockFields(r *record, hasChildren bool) map[string]any {
	return map[string]any{
		"object": "block", "id": r.ID, "parent": renderParent(r.Parent),
		"created_time": formatTime(r.Created), "last_edited_time": formatTime(r.Edited),
		"created_by":     map[string]any{"object": "user", "id": r.CreatedBy},
		"last_edited_by": map[string]any{"object": "user", "id": r.EditedBy},
		"has_children":   hasChildren, "archived": r.InTrash, "in_trash": r.InTrash,
	}
}

// renderAsBlock renders any page, database or block as a block object.
func (w *workspace) renderAsBlock(id string) map[string]any {
	if p, ok := w.Pages[id]; ok {
		out := w.commonBlockFields(&p.record, w.hasLiveChildren(id))
		out["type"] = "child_page"
		out["child_page"] = map[string]any{"title": w.pageTitle(p)}
		return out
	}
	if d, ok := w.Databases[id]; ok {
		out := w.commonBlockFields(&d.record, false)
		out["type"] = "child_database"
		out["child_database"] = map[string]any{"title": plainText(d.Title)}
		return out
	}
	b := w.Blocks[id]
	if b == nil {
		return nil
	}
	out := w.commonBlockFields(&b.record, w.hasLiveChildren(id))
	out["type"] = b.Type
	out[b.Type] = cloneJSON(b.Content)
	return out
}

func (w *workspace) updateBlock(b *block, body map[string]any, actor string, now time.Time) *apiError {
	trash, hasTrash := trashFlag(body)
	raw, hasContent := body[b.Type]
	for _, t := range append(slices.Clone(textBlockTypes), otherBlockTypes...) {
		if _, present := body[t]; present && t != b.Type {
			return bodyErr("body.%s should be not present, instead was `%s`. The block is a %s.", t, compact(body[t]), b.Type)
		}
	}
	if b.InTrash && hasContent && !(hasTrash && !trash) {
		return errArchived
	}
	if hasContent {
		in, ok := asObject(raw)
		if !ok {
			return bodyErr("body.%s should be an object, instead was `%s`.", b.Type, compact(raw))
		}
		merged := map[string]any{}
		for k, v := range b.Content {
			merged[k] = cloneJSON(v)
		}
		for k, v := range in {
			if k != "children" {
				merged[k] = v
			}
		}
		content, err := w.normalizeBlockContent(b.Type, merged, "body."+b.Type)
		if err != nil {
			return err
		}
		b.Content = content
	}
	if hasTrash {
		b.InTrash = trash
	}
	w.touch(&b.record, actor, now)
	w.contentChanged(b.ID, actor, now)
	return nil
}

// contentChanged bumps the owning page's edit time and queues page.content_updated.
func (w *workspace) contentChanged(blockID, actor string, now time.Time) {
	if p := w.owningPage(blockID); p != nil {
		w.touch(&p.record, actor, now)
		w.emit("page.content_updated", p, actor, nil, now)
	}
}

// trashAny implements DELETE /v1/blocks/{id}: pages and databases go to the trash too.
func (w *workspace) trashAny(id, actor string, now time.Time) *apiError {
	switch {
	case w.Pages[id] != nil:
		return w.updatePage(w.Pages[id], map[string]any{"in_trash": true}, actor, now)
	case w.Databases[id] != nil:
		d := w.Databases[id]
		d.InTrash = true
		w.touch(&d.record, actor, now)
	case w.Blocks[id] != nil:
		b := w.Blocks[id]
		b.InTrash = true
		w.touch(&b.record, actor, now)
		w.contentChanged(b.Parent.ID, actor, now)
	default:
		return notFound("block", id)
	}
	return nil
}

func (w *workspace) listChildren(parentID string) []listed {
	var items []listed
	for _, id := range w.Children[parentID] {
		r := w.recordOf(id)
		if r == nil {
			continue
		}
		items = append(items, listed{ID: id, Hidden: r.InTrash, Render: func() map[string]any { return w.renderAsBlock(id) }})
	}
	return items
}

// appendChildren implements PATCH /v1/blocks/{id}/children for a page or block parent.
func (w *workspace) appendChildren(parentID string, body map[string]any, actor string, now time.Time) ([]string, *apiError) {
	if _, isDB := w.Databases[parentID]; isDB {
		return nil, validationErr("Block type child_database does not support children.")
	}
	if r := w.recordOf(parentID); r == nil || r.InTrash {
		return nil, errArchived
	}
	blocks, err := w.parseAppend(body["children"], "body.children", false)
	if err != nil {
		return nil, err
	}
	after := ""
	if raw, present := body["after"]; present {
		s, _ := asString(raw)
		id, ok := normalizeID(s)
		if !ok || !slices.Contains(w.Children[parentID], id) {
			return nil, bodyErr("body.after should be the ID of a child block, instead was `%s`.", compact(raw))
		}
		after = id
	}
	ids := w.insertBlocks(parentID, after, blocks, actor, now)
	if b, ok := w.Blocks[parentID]; ok {
		w.touch(&b.record, actor, now)
	}
	w.contentChanged(parentID, actor, now)
	return ids, nil
}
