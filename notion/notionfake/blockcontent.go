package notionfake

import "slices"

// parseAppend validates a "children" array, enforcing Notion's per-request limits.
func (w *workspace) parseAppend(v any, path string, optional bool) ([]newBlock, *apiError) {
	if v == nil && optional {
		return nil, nil
	}
	items, ok := asArray(v)
	if !ok {
		return nil, bodyErr("%s should be an array, instead was `%s`.", path, compact(v))
	}
	if len(items) > maxChildrenPerAppend {
		return nil, tooLong(path, maxChildrenPerAppend, len(items))
	}
	count := 0
	blocks, err := w.parseBlocks(items, path, 0, &count)
	if err != nil {
		return nil, err
	}
	if count > maxBlocksPerRequest {
		return nil, errTooManyBlocks
	}
	return blocks, nil
}

func (w *workspace) parseBlocks(items []any, path string, depth int, count *int) ([]newBlock, *apiError) {
	out := make([]newBlock, 0, len(items))
	for i, raw := range items {
		*count += 1
		if *count > maxBlocksPerRequest {
			return nil, errTooManyBlocks
		}
		itemPath := path + "[" + itoa(i) + "]"
		in, ok := asObject(raw)
		if !ok {
			return nil, bodyErr("%s should be an object, instead was `%s`.", itemPath, compact(raw))
		}
		typ := blockType(in)
		if typ == "" {
			return nil, bodyErr("%s should be a block object of a supported type, instead was `%s`.", itemPath, compact(raw))
		}
		contentPath := itemPath + "." + typ
		content, err := w.normalizeBlockContent(typ, in[typ], contentPath)
		if err != nil {
			return nil, err
		}
		b := newBlock{Type: typ, Content: content}
		inner, _ := asObject(in[typ])
		if kids, present := inner["children"]; present {
			if depth >= maxNestingDepth {
				return nil, bodyErr("%s.children should be not present, instead was `%s`.", contentPath, compact(kids))
			}
			arr, ok := asArray(kids)
			if !ok {
				return nil, bodyErr("%s.children should be an array, instead was `%s`.", contentPath, compact(kids))
			}
			if len(arr) > maxChildrenPerAppend {
				return nil, tooLong(contentPath+".children", maxChildrenPerAppend, len(arr))
			}
			if b.Children, err = w.parseBlocks(arr, contentPath+".children", depth+1, count); err != nil {
				return nil, err
			}
		}
		out = append(out, b)
	}
	return out, nil
}

func blockType(in map[string]any) string {
	if t, ok := asString(in["type"]); ok {
		if slices.Contains(textBlockTypes, t) || slices.Contains(otherBlockTypes, t) {
			return t
		}
		return ""
	}
	for _, t := range append(slices.Clone(textBlockTypes), otherBlockTypes...) {
		if _, ok := in[t]; ok {
			return t
		}
	}
	return ""
}

// normalizeBlockContent validates a block's type object and fills Notion's defaults.
func (w *workspace) normalizeBlockContent(typ string, v any, path string) (map[string]any, *apiError) {
	in, ok := asObject(v)
	if !ok {
		return nil, bodyErr("%s should be an object, instead was `%s`.", path, compact(v))
	}
	out := map[string]any{}
	if slices.Contains(textBlockTypes, typ) {
		rt, err := w.normalizeRichText(in["rich_text"], path+".rich_text")
		if err != nil {
			return nil, err
		}
		out["rich_text"] = rt
		if typ != "code" {
			color, _ := asString(in["color"])
			if color == "" {
				color = "default"
			} else if !validColor(color) {
				return nil, bodyErr("%s.color should be a valid color, instead was `%s`.", path, compact(color))
			}
			out["color"] = color
		}
	}
	switch typ {
	case "to_do":
		checked, _ := in["checked"].(bool)
		out["checked"] = checked
	case "heading_1", "heading_2", "heading_3":
		toggleable, _ := in["is_toggleable"].(bool)
		out["is_toggleable"] = toggleable
	case "callout":
		out["icon"] = map[string]any{"type": "emoji", "emoji": "💡"}
		if icon, ok := asObject(in["icon"]); ok {
			out["icon"] = cloneJSON(icon)
		}
	case "code":
		lang, _ := asString(in["language"])
		if lang == "" {
			lang = "plain text"
		}
		out["language"] = lang
		caption, err := w.normalizeRichText(orEmpty(in["caption"]), path+".caption")
		if err != nil {
			return nil, err
		}
		out["caption"] = caption
	case "equation":
		expr, ok := asString(in["expression"])
		if !ok {
			return nil, bodyErr("%s.expression should be a string, instead was `%s`.", path, compact(in["expression"]))
		}
		out["expression"] = expr
	case "bookmark":
		u, err := normalizeString(in["url"], path+".url", maxURL)
		if err != nil || u == nil {
			return nil, bodyErr("%s.url should be a non-empty string, instead was `%s`.", path, compact(in["url"]))
		}
		out["url"] = u
		caption, cerr := w.normalizeRichText(orEmpty(in["caption"]), path+".caption")
		if cerr != nil {
			return nil, cerr
		}
		out["caption"] = caption
	case "table":
		width, ok := jsonNumber(in["table_width"])
		if !ok || width < 1 {
			return nil, bodyErr("%s.table_width should be a positive number, instead was `%s`.", path, compact(in["table_width"]))
		}
		out["table_width"] = width
		out["has_column_header"], _ = in["has_column_header"].(bool)
		out["has_row_header"], _ = in["has_row_header"].(bool)
	case "table_row":
		cells, ok := asArray(in["cells"])
		if !ok {
			return nil, bodyErr("%s.cells should be an array, instead was `%s`.", path, compact(in["cells"]))
		}
		var norm []any
		for i, c := range cells {
			rt, err := w.normalizeRichText(c, path+".cells["+itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			norm = append(norm, rt)
		}
		out["cells"] = orEmpty(anySlice(norm))
	}
	return out, nil
}

func orEmpty(v any) any {
	if v == nil {
		return []any{}
	}
	return v
}

func anySlice(a []any) any {
	if a == nil {
		return nil
	}
	return a
}
