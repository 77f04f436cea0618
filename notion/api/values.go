package api

import (
	"strconv"
	"strings"
	"time"
)

// Property values as Notion's API sends and takes them (version
// 2022-06-28). jomei's marshalling gets empty values wrong (Notion wants an
// explicit null or [], never "", {"name": ""} or 0) and has no date-only
// dates, so kaigi writes these shapes itself.

// RichText is a rich text item as Notion returns it; kaigi reads plain text
// here (notion/blocks reads the marks of block text).
type RichText struct {
	PlainText string `json:"plain_text"`
	Text      *struct {
		Content string `json:"content"`
	} `json:"text,omitempty"`
}

// PlainText joins the items' text.
func PlainText(items []RichText) string {
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

// Page is a page object as kaigi reads it.
type Page struct {
	ID             string    `json:"id"`
	CreatedTime    time.Time `json:"created_time"`
	LastEditedTime time.Time `json:"last_edited_time"`
	InTrash        bool      `json:"in_trash"`
	Archived       bool      `json:"archived"`
	URL            string    `json:"url"`
	LastEditedBy   struct {
		ID string `json:"id"`
	} `json:"last_edited_by"`
	Parent struct {
		DatabaseID   string `json:"database_id"`
		DataSourceID string `json:"data_source_id"` // answers at 2025-09-03 only
	} `json:"parent"`
	Properties map[string]PropValue `json:"properties"`
}

// Trashed reports a page in the trash (older answers say archived).
func (p Page) Trashed() bool { return p.InTrash || p.Archived }

// PropValue is one property of a page, of any type kaigi syncs.
type PropValue struct {
	ID       string     `json:"id"`
	Type     string     `json:"type"`
	Title    []RichText `json:"title"`
	RichText []RichText `json:"rich_text"`
	Select   *OptionRef `json:"select"`
	Status   *OptionRef `json:"status"`
	Date     *struct {
		Start string `json:"start"`
		End   string `json:"end"`
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
	// HasMore says the relation lists only its first 25 members (RelationIDs reads all).
	HasMore  bool     `json:"has_more"`
	Number   *float64 `json:"number"`
	Checkbox bool     `json:"checkbox"`
}

// OptionRef is a select or status value: the option's ID and name.
type OptionRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Option reads a select or status value ({} when empty); a checkbox reads
// as the name "true" or "false".
func (v PropValue) Option() OptionRef {
	switch v.Type {
	case "select":
		if v.Select != nil {
			return *v.Select
		}
	case "status":
		if v.Status != nil {
			return *v.Status
		}
	case "checkbox":
		return OptionRef{Name: strconv.FormatBool(v.Checkbox)}
	}
	return OptionRef{}
}

// OptionName reads a select, status or checkbox as a Notion-side name
// ("true"/"false" for a checkbox).
func (v PropValue) OptionName() string { return v.Option().Name }

// OptionValue is the write form of a select, status or checkbox by name; ""
// is an explicit null (Notion refuses {"name": ""}).
func OptionValue(propType, name string) map[string]any {
	return OptionByID(propType, "", name)
}

// OptionByID is the write form of a select or status naming the option by
// its ID when known (it survives a rename in Notion), else by name.
func OptionByID(propType, id, name string) map[string]any {
	if propType == "checkbox" {
		return map[string]any{"checkbox": name == "true"}
	}
	if propType != "status" {
		propType = "select"
	}
	switch {
	case id != "":
		return map[string]any{propType: map[string]any{"id": id}}
	case name == "":
		return map[string]any{propType: nil}
	}
	return map[string]any{propType: map[string]any{"name": name}}
}

// DateRange is the write form of a date-time with an end in a time zone:
// start and end as local times without offset (Notion's rule when time_zone
// is set); "" for start is null.
func DateRange(start, end time.Time, zone *time.Location) map[string]any {
	if start.IsZero() {
		return map[string]any{"date": nil}
	}
	const local = "2006-01-02T15:04:05"
	d := map[string]any{"start": start.In(zone).Format(local), "time_zone": zone.String()}
	if !end.IsZero() {
		d["end"] = end.In(zone).Format(local)
	}
	return map[string]any{"date": d}
}

// DateValue is the write form of a date (YYYY-MM-DD or RFC 3339); "" is null.
func DateValue(v string) map[string]any {
	if v == "" {
		return map[string]any{"date": nil}
	}
	return map[string]any{"date": map[string]any{"start": v}}
}

// NumberValue is the write form of a number; "" or a non-number is null.
func NumberValue(v string) map[string]any {
	n, err := strconv.ParseFloat(v, 64)
	if v == "" || err != nil {
		return map[string]any{"number": nil}
	}
	return map[string]any{"number": n}
}

// RefsValue is the write form of a people ("people") or relation
// ("relation") property: the IDs, [] for none.
func RefsValue(key string, ids []string) map[string]any {
	refs := make([]any, 0, len(ids))
	for _, id := range ids {
		refs = append(refs, map[string]any{"id": id})
	}
	return map[string]any{key: refs}
}

// SameID compares Notion IDs with or without dashes.
func SameID(a, b string) bool { return CompactID(a) == CompactID(b) }

// CompactID is a Notion ID without its dashes.
func CompactID(id string) string { return strings.ReplaceAll(id, "-", "") }

// IsID reports whether s is a Notion ID: a UUID, with or without dashes.
func IsID(s string) bool {
	c := CompactID(s)
	if len(c) != 32 || len(s) != 32 && len(s) != 36 {
		return false
	}
	for _, r := range c {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return false
		}
	}
	return len(s) == 32 || s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-'
}
