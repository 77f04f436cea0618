package notionfake

import "strings"

const (
	maxTextContent  = 2000
	maxEquation     = 1000
	maxURL          = 2000
	maxEmail        = 200
	maxArrayItems   = 100
	maxRelationRead = 25
)

var annotationDefaults = []string{"bold", "italic", "strikethrough", "underline", "code"}

// normalizeRichText validates a rich-text array from a request and returns it in the full
// form Notion answers with (type, annotations, plain_text, href filled in).
func (w *workspace) normalizeRichText(v any, path string) ([]any, *apiError) {
	items, ok := asArray(v)
	if !ok {
		return nil, bodyErr("%s should be an array, instead was `%s`.", path, compact(v))
	}
	if len(items) > maxArrayItems {
		return nil, tooLong(path, maxArrayItems, len(items))
	}
	out := make([]any, 0, len(items))
	for i, raw := range items {
		itemPath := path + "[" + itoa(i) + "]"
		item, ok := asObject(raw)
		if !ok {
			return nil, bodyErr("%s should be an object, instead was `%s`.", itemPath, compact(raw))
		}
		norm, err := w.normalizeRichTextItem(item, itemPath)
		if err != nil {
			return nil, err
		}
		out = append(out, norm)
	}
	return out, nil
}

func (w *workspace) normalizeRichTextItem(item map[string]any, path string) (map[string]any, *apiError) {
	annotations, err := normalizeAnnotations(item["annotations"], path+".annotations")
	if err != nil {
		return nil, err
	}
	out := map[string]any{"annotations": annotations, "href": nil}
	switch {
	case item["text"] != nil:
		text, ok := asObject(item["text"])
		content, okc := asString(text["content"])
		if !ok || !okc {
			return nil, bodyErr("%s.text.content should be a string, instead was `%s`.", path, compact(text["content"]))
		}
		if n := jsLength(content); n > maxTextContent {
			return nil, tooLong(path+".text.content", maxTextContent, n)
		}
		var link any
		if l, ok := asObject(text["link"]); ok {
			u, _ := asString(l["url"])
			if u == "" {
				return nil, bodyErr("%s.text.link.url should be a non-empty string, instead was `%s`.", path, compact(l["url"]))
			}
			if n := jsLength(u); n > maxURL {
				return nil, tooLong(path+".text.link.url", maxURL, n)
			}
			link = map[string]any{"url": u}
			out["href"] = u
		}
		out["type"] = "text"
		out["text"] = map[string]any{"content": content, "link": link}
		out["plain_text"] = content
	case item["equation"] != nil:
		eq, _ := asObject(item["equation"])
		expr, ok := asString(eq["expression"])
		if !ok {
			return nil, bodyErr("%s.equation.expression should be a string, instead was `%s`.", path, compact(eq["expression"]))
		}
		if n := jsLength(expr); n > maxEquation {
			return nil, tooLong(path+".equation.expression", maxEquation, n)
		}
		out["type"] = "equation"
		out["equation"] = map[string]any{"expression": expr}
		out["plain_text"] = expr
	case item["mention"] != nil:
		mention, plain, href, err := w.normalizeMention(item["mention"], path+".mention")
		if err != nil {
			return nil, err
		}
		out["type"] = "mention"
		out["mention"] = mention
		out["plain_text"] = plain
		out["href"] = href
	default:
		return nil, bodyErr("%s.text should be defined, instead was `undefined`.", path)
	}
	return out, nil
}

func (w *workspace) normalizeMention(v any, path string) (map[string]any, string, any, *apiError) {
	m, _ := asObject(v)
	switch {
	case m["date"] != nil:
		date, err := normalizeDate(m["date"], path+".date")
		if err != nil || date == nil {
			return nil, "", nil, bodyErr("%s.date should be an object, instead was `%s`.", path, compact(m["date"]))
		}
		plain, _ := asString(date["start"])
		if end, ok := date["end"].(string); ok {
			plain += " → " + end
		}
		return map[string]any{"type": "date", "date": date}, plain, nil, nil
	case m["user"] != nil:
		ref, _ := asObject(m["user"])
		id, _ := asString(ref["id"])
		u := w.userByID(mustNormalize(id))
		if u == nil {
			return nil, "", nil, bodyErr("%s.user.id should be a valid user ID, instead was `%s`.", path, compact(ref["id"]))
		}
		return map[string]any{"type": "user", "user": w.renderUser(u)}, "@" + u.Name, nil, nil
	case m["page"] != nil || m["database"] != nil:
		kind := "page"
		if m["database"] != nil {
			kind = "database"
		}
		ref, _ := asObject(m[kind])
		raw, _ := asString(ref["id"])
		id, ok := normalizeID(raw)
		if !ok {
			return nil, "", nil, bodyErr("%s.%s.id should be a valid uuid, instead was `%s`.", path, kind, compact(ref["id"]))
		}
		title := "Untitled"
		if p, ok := w.Pages[id]; ok {
			title = w.pageTitle(p)
		} else if d, ok := w.Databases[id]; ok {
			title = plainText(d.Title)
		}
		return map[string]any{"type": kind, kind: map[string]any{"id": id}}, title, "https://www.notion.so/" + undashed(id), nil
	}
	return nil, "", nil, bodyErr("%s should be a date, user, page or database mention, instead was `%s`.", path, compact(v))
}

func mustNormalize(id string) string {
	n, _ := normalizeID(id)
	return n
}

func normalizeAnnotations(v any, path string) (map[string]any, *apiError) {
	out := map[string]any{"color": "default"}
	for _, k := range annotationDefaults {
		out[k] = false
	}
	if v == nil {
		return out, nil
	}
	in, ok := asObject(v)
	if !ok {
		return nil, bodyErr("%s should be an object, instead was `%s`.", path, compact(v))
	}
	for _, k := range annotationDefaults {
		if x, present := in[k]; present {
			b, ok := x.(bool)
			if !ok {
				return nil, bodyErr("%s.%s should be a boolean, instead was `%s`.", path, k, compact(x))
			}
			out[k] = b
		}
	}
	if c, present := in["color"]; present {
		s, ok := asString(c)
		if !ok || !validColor(s) {
			return nil, bodyErr("%s.color should be a valid color, instead was `%s`.", path, compact(c))
		}
		out["color"] = s
	}
	return out, nil
}

func validColor(c string) bool {
	base := strings.TrimSuffix(c, "_background")
	switch base {
	case "default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red":
		return c != "default_background"
	}
	return false
}

func plainText(items []any) string {
	var sb strings.Builder
	for _, it := range items {
		if m, ok := asObject(it); ok {
			s, _ := asString(m["plain_text"])
			sb.WriteString(s)
		}
	}
	return sb.String()
}
