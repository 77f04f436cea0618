package notion

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// richText is a rich text item as Notion returns it; kaigi reads plain text.
type richText struct {
	PlainText string `json:"plain_text"`
	Text      *struct {
		Content string `json:"content"`
	} `json:"text,omitempty"`
}

func plain(items []richText) string {
	var b strings.Builder
	for _, it := range items {
		if it.PlainText == "" && it.Text != nil {
			b.WriteString(it.Text.Content)
			continue
		}
		b.WriteString(it.PlainText)
	}
	return b.String()
}

// Notion's limits on rich text.
const (
	maxTextItem  = 2000
	maxTextItems = 100
)

// textItems splits s into rich-text items of at most 2000 characters
// (counted in UTF-16 code units, as Notion does), never splitting a
// character, and at most as many items as Notion takes.
func textItems(s string) []any {
	items := []any{}
	for _, piece := range splitText(s) {
		if len(items) == maxTextItems {
			break
		}
		items = append(items, map[string]any{"type": "text", "text": map[string]any{"content": piece}})
	}
	return items
}

// page is a page object as kaigi reads it.
type page struct {
	ID             string    `json:"id"`
	CreatedTime    time.Time `json:"created_time"`
	LastEditedTime time.Time `json:"last_edited_time"`
	InTrash        bool      `json:"in_trash"`
	Archived       bool      `json:"archived"`
	Parent         struct {
		DatabaseID string `json:"database_id"`
	} `json:"parent"`
	Properties map[string]propValue `json:"properties"`
}

func (p page) trashed() bool { return p.InTrash || p.Archived }

type propValue struct {
	ID       string     `json:"id"`
	Type     string     `json:"type"`
	Title    []richText `json:"title"`
	RichText []richText `json:"rich_text"`
	Select   *struct {
		Name string `json:"name"`
	} `json:"select"`
	Status *struct {
		Name string `json:"name"`
	} `json:"status"`
	Date *struct {
		Start string `json:"start"`
	} `json:"date"`
	People []struct {
		ID     string `json:"id"`
		Person *struct {
			Email string `json:"email"`
		} `json:"person"`
	} `json:"people"`
	Relation []struct {
		ID string `json:"id"`
	} `json:"relation"`
	HasMore  bool     `json:"has_more"`
	Number   *float64 `json:"number"`
	Checkbox bool     `json:"checkbox"`
}

// optionValue reads a select, status or checkbox as a Notion-side name.
func (v propValue) optionValue() string {
	switch v.Type {
	case "select":
		if v.Select != nil {
			return v.Select.Name
		}
	case "status":
		if v.Status != nil {
			return v.Status.Name
		}
	case "checkbox":
		return strconv.FormatBool(v.Checkbox)
	}
	return ""
}

// dateValue normalizes a Notion date start: date-only stays YYYY-MM-DD,
// a date with time becomes UTC RFC 3339 with seconds.
func dateValue(kind Kind, start string) string {
	if start == "" {
		return ""
	}
	if kind == KindDate {
		if len(start) >= 10 {
			return start[:10]
		}
		return start
	}
	if t, err := time.Parse(time.RFC3339Nano, start); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	if t, err := time.Parse(time.DateOnly, start); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return start
}

// optionWrite builds a select/status/checkbox value; "" is an explicit null
// (Notion refuses {"name": ""}).
func optionWrite(propType, name string) map[string]any {
	switch propType {
	case "checkbox":
		return map[string]any{"checkbox": name == "true"}
	case "status":
		if name == "" {
			return map[string]any{"status": nil}
		}
		return map[string]any{"status": map[string]any{"name": name}}
	}
	if name == "" {
		return map[string]any{"select": nil}
	}
	return map[string]any{"select": map[string]any{"name": name}}
}

func dateWrite(v string) map[string]any {
	if v == "" {
		return map[string]any{"date": nil}
	}
	return map[string]any{"date": map[string]any{"start": v}}
}

func numberWrite(v string) map[string]any {
	n, err := strconv.ParseFloat(v, 64)
	if v == "" || err != nil {
		return map[string]any{"number": nil}
	}
	return map[string]any{"number": n}
}

func refsWrite(key string, ids []string) map[string]any {
	refs := make([]any, 0, len(ids))
	for _, id := range ids {
		refs = append(refs, map[string]any{"id": id})
	}
	return map[string]any{key: refs}
}

// splitList and joinList keep multi-valued fields (people, relations) as
// one sorted, comma-separated string, so that equal sets compare equal.
func splitList(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

func joinList(ids []string) string {
	seen := map[string]bool{}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sortStrings(out)
	return strings.Join(out, ",")
}

func sortStrings(s []string) { sort.Strings(s) }
