package codec

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/kaigi-dev/kaigi/notion/api"
)

// OptionMap ties one kaigi value of a field to an option of the team's
// select, status or checkbox. The configuration keeps the whole map, for a
// person to read and edit.
type OptionMap struct {
	Kaigi  string `json:"kaigi"`            // kaigi's value (todo, resolved, 1…)
	Notion string `json:"notion,omitempty"` // the option's name; "true"/"false" for a checkbox
	// ID is the option's ID in Notion: kaigi follows it when a person renames the option.
	ID string `json:"id,omitempty"`
	// Group maps every option of a status group that has no entry of its own
	// (an option a person added) to Kaigi.
	Group string `json:"group,omitempty"`
}

// ValueMap is a field's options, in order: the first entry of a kaigi value
// is what kaigi writes for it; further entries, and group entries, are what
// else reads as it.
type ValueMap []OptionMap

// UnmarshalJSON also reads the older form, {"kaigi value": "option name"}.
func (m *ValueMap) UnmarshalJSON(b []byte) error {
	var list []OptionMap
	if err := json.Unmarshal(b, &list); err == nil {
		*m = list
		return nil
	}
	var old map[string]string
	if err := json.Unmarshal(b, &old); err != nil {
		return fmt.Errorf("a value map is a list of {\"kaigi\": …, \"notion\": …}: %w", err)
	}
	keys := make([]string, 0, len(old))
	for k := range old {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	*m = nil
	for _, k := range keys {
		*m = append(*m, OptionMap{Kaigi: k, Notion: old[k]})
	}
	return nil
}

// ByOption maps a Notion option to kaigi's value by the option's ID, else
// its name.
func (m ValueMap) ByOption(opt api.OptionRef) (string, bool) {
	if opt.ID != "" {
		for _, e := range m {
			if e.ID == opt.ID {
				return e.Kaigi, true
			}
		}
	}
	for _, e := range m {
		if e.Notion != "" && e.Notion == opt.Name {
			return e.Kaigi, true
		}
	}
	for _, e := range m {
		if e.Notion != "" && NormalizeName(e.Notion) == NormalizeName(opt.Name) {
			return e.Kaigi, true
		}
	}
	return "", false
}

// ByGroup maps an option of a status group that has no entry of its own.
func (m ValueMap) ByGroup(group string) (string, bool) {
	for _, e := range m {
		if group != "" && e.Group == group && e.Notion == "" && e.ID == "" {
			return e.Kaigi, true
		}
	}
	return "", false
}

// LegacyOption maps an option named in kaigi's own spelling (databases made
// by init before value maps).
func LegacyOption(kaigi []string, name string) (string, bool) {
	for _, k := range kaigi {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}

// Write finds the option kaigi writes for value v; ok is false when the map
// has none (a legacy map with no entries writes kaigi's own spelling).
func (m ValueMap) Write(v string) (OptionMap, bool) {
	for _, e := range m {
		if e.Kaigi == v && (e.Notion != "" || e.ID != "") {
			return e, true
		}
	}
	if len(m) == 0 {
		return OptionMap{Kaigi: v, Notion: v}, true
	}
	return OptionMap{}, false
}

// String shows the map as adopt and migrate print it: "todo = 未着手, …".
func (m ValueMap) String() string {
	var parts []string
	for _, e := range m {
		switch {
		case e.Notion != "":
			parts = append(parts, e.Kaigi+" = "+e.Notion)
		case e.Group != "":
			parts = append(parts, fmt.Sprintf("%s = any other option of the %s group", e.Kaigi, e.Group))
		}
	}
	return strings.Join(parts, ", ")
}
