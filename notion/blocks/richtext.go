package blocks

import (
	"strings"
	"unicode/utf8"
)

// Notion's limits on rich text.
const (
	MaxTextUnits = 2000 // UTF-16 code units per text item
	MaxTextItems = 100  // items per rich text value
)

// TextItems splits plain text s into rich-text items of at most
// MaxTextUnits, never splitting a character, and at most MaxTextItems.
func TextItems(s string) []any {
	items := []any{}
	for _, piece := range splitText(s) {
		if len(items) == MaxTextItems {
			break
		}
		items = append(items, map[string]any{"type": "text", "text": map[string]any{"content": piece}})
	}
	return items
}

// richTextItems is the API's rich text for spans, within Notion's limits:
// at most 2000 characters per item (split, never inside a character) and
// 100 items. Text that would need more items loses its marks rather than
// its words.
func richTextItems(spans []span) []any {
	var items []any
	for _, s := range spans {
		for _, part := range splitText(s.Text) {
			items = append(items, richTextItem(s, part))
		}
	}
	if len(items) <= MaxTextItems {
		if items == nil {
			return []any{}
		}
		return items
	}
	var all strings.Builder
	for _, s := range spans {
		all.WriteString(s.Text)
	}
	return TextItems(all.String())
}

func richTextItem(s span, text string) map[string]any {
	content := map[string]any{"content": text}
	if s.Link != "" {
		content["link"] = map[string]any{"url": s.Link}
	}
	item := map[string]any{"type": "text", "text": content}
	if s.Bold || s.Italic || s.Strike || s.Code {
		item["annotations"] = map[string]any{"bold": s.Bold, "italic": s.Italic, "strikethrough": s.Strike, "code": s.Code}
	}
	return item
}

// spansOf reads a block's rich text back into spans.
func spansOf(items []any) []span {
	var out []span
	for _, it := range items {
		m, _ := it.(map[string]any)
		var s span
		if t, ok := m["plain_text"].(string); ok {
			s.Text = t
		} else if t, ok := m["text"].(map[string]any); ok {
			s.Text, _ = t["content"].(string)
		}
		if a, ok := m["annotations"].(map[string]any); ok {
			s.Bold, _ = a["bold"].(bool)
			s.Italic, _ = a["italic"].(bool)
			s.Strike, _ = a["strikethrough"].(bool)
			s.Code, _ = a["code"].(bool)
		}
		if href, ok := m["href"].(string); ok {
			s.Link = href
		} else if t, ok := m["text"].(map[string]any); ok {
			if l, ok := t["link"].(map[string]any); ok {
				s.Link, _ = l["url"].(string)
			}
		}
		if s.Link != "" && !validLink(s.Link) {
			s.Link = "" // e.g. a link to a Notion page: kaigi keeps its text
		}
		out = appendSpan(out, s)
	}
	return out
}

// splitText cuts s into pieces of at most 2000 UTF-16 code units, as
// Notion counts them.
func splitText(s string) []string {
	var out []string
	for s != "" {
		n, units := 0, 0
		for n < len(s) {
			r, size := utf8.DecodeRuneInString(s[n:])
			u := 1
			if r >= 0x10000 {
				u = 2
			}
			if units+u > MaxTextUnits {
				break
			}
			units += u
			n += size
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}
