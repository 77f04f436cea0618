package blocks

import "strings"

// Encode is the API's write form of a block.
func Encode(b Block) map[string]any {
	if b.Type == "divider" {
		return map[string]any{"object": "block", "type": "divider", "divider": map[string]any{}}
	}
	content := map[string]any{}
	if b.Type == "code" {
		content["rich_text"] = TextItems(b.Text)
	} else {
		content["rich_text"] = richTextItems(parseInline(b.Text))
	}
	switch b.Type {
	case "to_do":
		content["checked"] = b.Checked
	case "code":
		lang := b.Lang
		if lang == "" {
			lang = "plain text"
		}
		content["language"] = lang
	}
	return map[string]any{"object": "block", "type": b.Type, b.Type: content}
}

// Remote is a block read from a page.
type Remote struct {
	ID string
	Block
}

// Decode reads the parts kaigi understands; ok is false for other
// block types (images, embeds...), which kaigi leaves alone.
func Decode(obj map[string]any) (Remote, bool) {
	id, _ := obj["id"].(string)
	typ, _ := obj["type"].(string)
	content, _ := obj[typ].(map[string]any)
	b := Remote{ID: id, Block: Block{Type: typ}}
	switch typ {
	case "paragraph", "heading_1", "heading_2", "heading_3", "bulleted_list_item", "numbered_list_item", "to_do", "quote", "code":
	case "divider":
		return b, true
	default:
		return b, false
	}
	items, _ := content["rich_text"].([]any)
	if typ == "code" {
		var sb strings.Builder
		for _, s := range spansOf(items) {
			sb.WriteString(s.Text)
		}
		b.Text = sb.String()
	} else {
		b.Text = renderInline(spansOf(items))
	}
	b.Checked, _ = content["checked"].(bool)
	if typ == "code" {
		b.Lang, _ = content["language"].(string)
		if b.Lang == "plain text" {
			b.Lang = ""
		}
	}
	return b, true
}
