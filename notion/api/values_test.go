package api

import (
	"encoding/json"
	"testing"
)

// Notion refuses "" and {"name": ""} for an empty value: kaigi sends null or [].
func TestEmptyValuesAreExplicitNulls(t *testing.T) {
	for _, tt := range []struct {
		got  map[string]any
		want string
	}{
		{OptionValue("select", ""), `{"select":null}`},
		{OptionValue("select", "Done"), `{"select":{"name":"Done"}}`},
		{OptionValue("status", ""), `{"status":null}`},
		{OptionValue("status", "完了"), `{"status":{"name":"完了"}}`},
		{OptionValue("checkbox", "true"), `{"checkbox":true}`},
		{OptionValue("checkbox", ""), `{"checkbox":false}`},
		{DateValue(""), `{"date":null}`},
		{DateValue("2025-01-10"), `{"date":{"start":"2025-01-10"}}`},
		{NumberValue(""), `{"number":null}`},
		{NumberValue("12"), `{"number":12}`},
		{NumberValue("twelve"), `{"number":null}`},
		{RefsValue("relation", nil), `{"relation":[]}`},
		{RefsValue("people", []string{"u1"}), `{"people":[{"id":"u1"}]}`},
	} {
		b, err := json.Marshal(tt.got)
		if err != nil || string(b) != tt.want {
			t.Errorf("got %s (%v), want %s", b, err, tt.want)
		}
	}
}

func TestReadingPageValues(t *testing.T) {
	raw := `{"id":"p1","in_trash":false,"archived":true,"properties":{
		"Name":{"id":"title","type":"title","title":[{"plain_text":"議題 "},{"text":{"content":"one"}}]},
		"State":{"id":"s","type":"status","status":{"name":"完了"}},
		"Done":{"id":"c","type":"checkbox","checkbox":true},
		"Pick":{"id":"k","type":"select","select":null}}}`
	var p Page
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatal(err)
	}
	if got := PlainText(p.Properties["Name"].Title); got != "議題 one" {
		t.Errorf("title %q", got)
	}
	if p.Properties["State"].OptionName() != "完了" || p.Properties["Done"].OptionName() != "true" || p.Properties["Pick"].OptionName() != "" {
		t.Errorf("option names %q %q %q", p.Properties["State"].OptionName(), p.Properties["Done"].OptionName(), p.Properties["Pick"].OptionName())
	}
	if !p.Trashed() {
		t.Errorf("an archived page is in the trash")
	}
	if !SameID("16cabc1e-edcd-81bc-8793-d436d9d768e6", "16cabc1eedcd81bc8793d436d9d768e6") || SameID("a-b", "a-c") {
		t.Errorf("SameID ignores dashes only")
	}
}

func TestIsID(t *testing.T) {
	for id, want := range map[string]bool{
		"0123456789abcdef0123456789abcdef":      true,
		"01234567-89ab-cdef-0123-456789abcdef":  true,
		"01234567-89AB-CDEF-0123-456789ABCDEF":  true,
		"not-a-uuid":                            false,
		"":                                      false,
		"0123456789abcdef0123456789abcdeg":      false,
		"0123-456789abcdef0123456789abcdef":     false,
		"../../v1/users":                        false,
		"01234567-89ab-cdef-0123-456789abcdef0": false,
	} {
		if got := IsID(id); got != want {
			t.Errorf("IsID(%q) = %v, want %v", id, got, want)
		}
	}
}
