// Package blocks turns kaigi's Markdown into Notion blocks and rich text
// and back: one block per paragraph, heading, list item, to-do, quote, code
// fence or divider, inline marks as annotations and links, within Notion's
// limits (2000 UTF-16 units per text item, 100 items, 100 blocks per
// append). Normalize gives the form a body has after a trip through Notion,
// in which bodies are compared; Sync brings a page's blocks to a body by
// block-level difference. It never imports data.
package blocks

import "strings"

// Block is one block of a page body as kaigi understands it. Text is
// inline Markdown in normalized form (see inline.go); in Notion its marks
// are rich-text annotations and links. A code block's Text is verbatim.
type Block struct {
	Type    string // paragraph, heading_1..3, bulleted_list_item, numbered_list_item, to_do, quote, code, divider
	Text    string
	Checked bool
	Lang    string
}

func (b Block) key() string {
	return b.Type + "\x00" + b.Text + "\x00" + b.Lang + "\x00" + map[bool]string{true: "x"}[b.Checked]
}

func isList(t string) bool {
	return t == "bulleted_list_item" || t == "numbered_list_item" || t == "to_do"
}

// Parse splits Markdown into blocks, one per paragraph, heading,
// list item, quote, code fence or rule, with their inline text normalized.
// Normalizing can change how lines split into blocks (a line of nothing but
// "****" disappears), so it repeats until the rendered text stands still:
// the blocks returned always render to text that parses to them again.
func Parse(md string) []Block {
	blocks := parseOnce(md)
	for range 8 {
		again := Render(blocks)
		if again == md {
			break
		}
		md, blocks = again, parseOnce(again)
	}
	return blocks
}

func parseOnce(md string) []Block {
	var out []Block
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

func splitBlocks(md string) []Block {
	var out []Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, Block{Type: "paragraph", Text: strings.Join(para, "\n")})
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
			out = append(out, Block{Type: "code", Text: strings.Join(code, "\n"), Lang: strings.TrimSpace(lang)})
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
func lineBlock(s string) (Block, bool) {
	if b, ok := emptyBlocks[s]; ok {
		return b, true // a marker alone: the block of an empty list item, quote or heading
	}
	switch {
	case s == "---" || s == "***":
		return Block{Type: "divider"}, true
	case strings.HasPrefix(s, "### "):
		return Block{Type: "heading_3", Text: strings.TrimSpace(s[4:])}, true
	case strings.HasPrefix(s, "## "):
		return Block{Type: "heading_2", Text: strings.TrimSpace(s[3:])}, true
	case strings.HasPrefix(s, "# "):
		return Block{Type: "heading_1", Text: strings.TrimSpace(s[2:])}, true
	case strings.HasPrefix(s, "- [ ] "):
		return Block{Type: "to_do", Text: strings.TrimSpace(s[6:])}, true
	case strings.HasPrefix(s, "- [x] "), strings.HasPrefix(s, "- [X] "):
		return Block{Type: "to_do", Text: strings.TrimSpace(s[6:]), Checked: true}, true
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "):
		return Block{Type: "bulleted_list_item", Text: strings.TrimSpace(s[2:])}, true
	case strings.HasPrefix(s, "> "):
		return Block{Type: "quote", Text: strings.TrimSpace(s[2:])}, true
	}
	if n := strings.Index(s, ". "); n > 0 && n <= 3 && strings.Trim(s[:n], "0123456789") == "" {
		return Block{Type: "numbered_list_item", Text: strings.TrimSpace(s[n+2:])}, true
	}
	return Block{}, false
}

var emptyBlocks = map[string]Block{
	"#": {Type: "heading_1"}, "##": {Type: "heading_2"}, "###": {Type: "heading_3"},
	"-": {Type: "bulleted_list_item"}, "*": {Type: "bulleted_list_item"}, "1.": {Type: "numbered_list_item"},
	"- [ ]": {Type: "to_do"}, "- [x]": {Type: "to_do", Checked: true}, "- [X]": {Type: "to_do", Checked: true}, ">": {Type: "quote"},
}

// Render is Parse's inverse; render(parse(x)) is the
// normalized form in which bodies are compared and stored as base.
func Render(blocks []Block) string {
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

// Normalize returns the form a body has after a trip through Notion.
func Normalize(md string) string { return Render(Parse(md)) }
