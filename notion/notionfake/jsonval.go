package notionfake

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Helpers for reading decoded JSON (map[string]any) without panicking on unexpected types.

func asObject(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

func asArray(v any) ([]any, bool) {
	a, ok := v.([]any)
	return a, ok
}

func asString(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// compact renders a JSON value the way Notion quotes it in validation messages.
func compact(v any) string {
	if v == nil {
		return "undefined"
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	s := string(data)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// jsLength counts UTF-16 code units: Notion's limits are JavaScript string lengths.
func jsLength(s string) int { return len(utf16.Encode([]rune(s))) }

func jsonNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

func containsFold(haystack, needle string) bool {
	return strings.Contains(strings.ToLower(haystack), strings.ToLower(needle))
}

func itoa(n int) string { return strconv.Itoa(n) }

// cloneJSON deep-copies a decoded JSON value so stored state never aliases request bodies.
func cloneJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = cloneJSON(x)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, x := range t {
			a[i] = cloneJSON(x)
		}
		return a
	default:
		return v
	}
}
