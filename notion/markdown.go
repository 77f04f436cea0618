package notion

import (
	"strings"
)

// mdBlock is one block of a page body as kaigi understands it. Text is
// inline Markdown in normalized form (see inline.go); in Notion its marks
// are rich-text annotations and links. A code block's Text is verbatim.
type mdBlock struct {
	Type    string // paragraph, heading_1..3, bulleted_list_item, numbered_list_item, to_do, quote, code, divider
	Text    string
	Checked bool
	Lang    string
}

func (b mdBlock) key() string {
	return b.Type + "\x00" + b.Text + "\x00" + b.Lang + "\x00" + map[bool]string{true: "x"}[b.Checked]
}

func isList(t string) bool {
	return t == "bulleted_list_item" || t == "numbered_list_item" || t == "to_do"
}

// parseMarkdown splits Markdown into blocks, one per paragraph, heading,
// list item, quote, code fence or rule, with their inline text normalized.
// Normalizing can change how lines split into blocks (a line of nothing but
// "****" disappears), so it repeats until the rendered text stands still:
// the blocks returned always render to text that parses to them again.
func parseMarkdown(md string) []mdBlock {
	blocks := parseOnce(md)
	for range 8 {
		again := renderMarkdown(blocks)
		if again == md {
			break
		}
		md, blocks = again, parseOnce(again)
	}
	return blocks
}

func parseOnce(md string) []mdBlock {
	var out []mdBlock
	for _, b := range splitBlocks(md) {
		switch b.Type {
		case "code", "divider":
		case "paragraph":
			lines := strings.Split(normalizeInline(b.Text), "\n")
			for i, l := range lines {
				lines[i] = strings.TrimRight(l, " \t")
			}
			b.Text = strings.Join(lines, "\n")
		default:
			b.Text = strings.TrimSpace(normalizeInline(b.Text))
		}
		if b.Type != "paragraph" || b.Text != "" {
			out = append(out, b) // marks around nothing leave no paragraph
		}
	}
	return out
}

func splitBlocks(md string) []mdBlock {
	var out []mdBlock
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, mdBlock{Type: "paragraph", Text: strings.Join(para, "\n")})
			para = nil
		}
	}

	lines := strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if lang, ok := strings.CutPrefix(trimmed, "```"); ok {
			flush()
			var code []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				code = append(code, lines[i])
			}
			out = append(out, mdBlock{Type: "code", Text: strings.Join(code, "\n"), Lang: strings.TrimSpace(lang)})
			continue
		}
		if b, ok := lineBlock(trimmed); ok {
			flush()
			out = append(out, b)
			continue
		}
		if trimmed == "" {
			flush()
			continue
		}
		para = append(para, strings.TrimRight(line, " \t"))
	}
	flush()
	return out
}

// lineBlock recognises a one-line block.
func lineBlock(s string) (mdBlock, bool) {
	if b, ok := emptyBlocks[s]; ok {
		return b, true // a marker alone: the block of an empty list item, quote or heading
	}
	switch {
	case s == "---" || s == "***":
		return mdBlock{Type: "divider"}, true
	case strings.HasPrefix(s, "### "):
		return mdBlock{Type: "heading_3", Text: strings.TrimSpace(s[4:])}, true
	case strings.HasPrefix(s, "## "):
		return mdBlock{Type: "heading_2", Text: strings.TrimSpace(s[3:])}, true
	case strings.HasPrefix(s, "# "):
		return mdBlock{Type: "heading_1", Text: strings.TrimSpace(s[2:])}, true
	case strings.HasPrefix(s, "- [ ] "):
		return mdBlock{Type: "to_do", Text: strings.TrimSpace(s[6:])}, true
	case strings.HasPrefix(s, "- [x] "), strings.HasPrefix(s, "- [X] "):
		return mdBlock{Type: "to_do", Text: strings.TrimSpace(s[6:]), Checked: true}, true
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "):
		return mdBlock{Type: "bulleted_list_item", Text: strings.TrimSpace(s[2:])}, true
	case strings.HasPrefix(s, "> "):
		return mdBlock{Type: "quote", Text: strings.TrimSpace(s[2:])}, true
	}
	if n := strings.Index(s, ". "); n > 0 && n <= 3 && strings.Trim(s[:n], "0123456789") == "" {
		return mdBlock{Type: "numbered_list_item", Text: strings.TrimSpace(s[n+2:])}, true
	}
	return mdBlock{}, false
}

var emptyBlocks = map[string]mdBlock{
	"#": {Type: "heading_1"}, "##": {Type: "heading_2"}, "###": {Type: "heading_3"},
	"-": {Type: "bulleted_list_item"}, "*": {Type: "bulleted_list_item"}, "1.": {Type: "numbered_list_item"},
	"- [ ]": {Type: "to_do"}, "- [x]": {Type: "to_do", Checked: true}, "- [X]": {Type: "to_do", Checked: true}, ">": {Type: "quote"},
}

// renderMarkdown is parseMarkdown's inverse; render(parse(x)) is the
// normalized form in which bodies are compared and stored as base.
func renderMarkdown(blocks []mdBlock) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			if isList(bl.Type) && bl.Type == blocks[i-1].Type {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		switch bl.Type {
		case "heading_1":
			b.WriteString("# " + bl.Text)
		case "heading_2":
			b.WriteString("## " + bl.Text)
		case "heading_3":
			b.WriteString("### " + bl.Text)
		case "bulleted_list_item":
			b.WriteString("- " + bl.Text)
		case "numbered_list_item":
			b.WriteString("1. " + bl.Text)
		case "to_do":
			if bl.Checked {
				b.WriteString("- [x] " + bl.Text)
			} else {
				b.WriteString("- [ ] " + bl.Text)
			}
		case "quote":
			b.WriteString("> " + bl.Text)
		case "code":
			b.WriteString("```" + bl.Lang + "\n" + bl.Text + "\n```")
		case "divider":
			b.WriteString("---")
		default:
			b.WriteString(escapeLineStarts(bl.Text))
		}
	}
	return b.String()
}

// escapeLineStarts keeps paragraph lines that look like another block (a
// "# heading", "- item", "> quote", "1. item", "---" or a code fence) a
// paragraph, with a backslash that parseInline reads as a literal.
func escapeLineStarts(text string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if _, ok := lineBlock(trimmed); !ok && !strings.HasPrefix(trimmed, "```") {
			continue
		}
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		if n := strings.Index(trimmed, ". "); n > 0 && strings.Trim(trimmed[:n], "0123456789") == "" {
			lead += n // "1. x" becomes "1\. x"
		}
		lines[i] = line[:lead] + `\` + line[lead:]
	}
	return strings.Join(lines, "\n")
}

// normalizeMarkdown returns the form a body has after a trip through Notion.
func normalizeMarkdown(md string) string { return renderMarkdown(parseMarkdown(md)) }

// blockJSON is the API's write form of a block.
func blockJSON(b mdBlock) map[string]any {
	if b.Type == "divider" {
		return map[string]any{"object": "block", "type": "divider", "divider": map[string]any{}}
	}
	content := map[string]any{}
	if b.Type == "code" {
		content["rich_text"] = textItems(b.Text)
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

// remoteBlock is a block read from a page.
type remoteBlock struct {
	ID string
	mdBlock
}

// decodeBlock reads the parts kaigi understands; ok is false for other
// block types (images, embeds...), which kaigi leaves alone.
func decodeBlock(obj map[string]any) (remoteBlock, bool) {
	id, _ := obj["id"].(string)
	typ, _ := obj["type"].(string)
	content, _ := obj[typ].(map[string]any)
	b := remoteBlock{ID: id, mdBlock: mdBlock{Type: typ}}
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
