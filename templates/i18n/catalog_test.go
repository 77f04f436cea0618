package i18n_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/kaigi-dev/kaigi/templates/i18n"
)

func load(t *testing.T, def i18n.Lang) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load(def)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCatalogsHaveTheSameMessages fails when a message is missing in
// either language.
func TestCatalogsHaveTheSameMessages(t *testing.T) {
	c := load(t, i18n.English)
	en, ja := c.IDs(i18n.English), c.IDs(i18n.Japanese)
	for _, id := range en {
		if !slices.Contains(ja, id) {
			t.Errorf("%s is in en.toml but not in ja.toml", id)
		}
	}
	for _, id := range ja {
		if !slices.Contains(en, id) {
			t.Errorf("%s is in ja.toml but not in en.toml", id)
		}
	}
	if len(en) < 50 {
		t.Fatalf("only %d messages: the catalog did not load", len(en))
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// TestTranslationsUseTheSameValues fails when a translation drops or
// invents a value ({{.Name}}), or a plural message lacks a form its
// language needs (English: one and other; Japanese: other).
func TestTranslationsUseTheSameValues(t *testing.T) {
	raw := map[i18n.Lang]map[string]map[string]string{}
	for _, l := range i18n.Langs {
		var tree map[string]any
		if _, err := toml.DecodeFile("catalog/"+string(l)+".toml", &tree); err != nil {
			t.Fatal(err)
		}
		raw[l] = map[string]map[string]string{}
		flatten("", tree, raw[l])
	}
	for id, en := range raw[i18n.English] {
		ja, ok := raw[i18n.Japanese][id]
		if !ok {
			continue // TestCatalogsHaveTheSameMessages reports it
		}
		if values(en) != values(ja) {
			t.Errorf("%s: English uses %s, Japanese %s", id, values(en), values(ja))
		}
		if _, plural := en["one"]; plural && en["other"] == "" {
			t.Errorf("%s: the English plural has no other form", id)
		}
		if _, plural := en["one"]; plural && ja["other"] == "" {
			t.Errorf("%s: the Japanese translation of a plural needs an other form", id)
		}
	}
}

// flatten turns the TOML tree into message ID → forms (a plain string is
// the form "other").
func flatten(prefix string, tree map[string]any, out map[string]map[string]string) {
	for k, v := range tree {
		id := strings.TrimPrefix(prefix+"."+k, ".")
		switch v := v.(type) {
		case string:
			out[id] = map[string]string{"other": v}
		case map[string]any:
			if _, ok := v["other"].(string); ok {
				forms := map[string]string{}
				for f, s := range v {
					if s, ok := s.(string); ok && f != "description" {
						forms[f] = s
					}
				}
				out[id] = forms
				continue
			}
			flatten(id, v, out)
		}
	}
}

func values(forms map[string]string) string {
	seen := map[string]bool{}
	for _, s := range forms {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			seen[m[1]] = true
		}
	}
	var out []string
	for v := range seen {
		out = append(out, v)
	}
	slices.Sort(out)
	return "[" + strings.Join(out, " ") + "]"
}

func TestLanguageChoice(t *testing.T) {
	c := load(t, i18n.English)
	for _, tc := range []struct {
		setting, accept string
		want            i18n.Lang
	}{
		{"", "", i18n.English},
		{"", "ja", i18n.Japanese},
		{"", "ja-JP,ja;q=0.9,en-US;q=0.8", i18n.Japanese},
		{"", "en-US,en;q=0.9,ja;q=0.8", i18n.English},
		{"", "fr-FR,fr;q=0.9", i18n.English},
		{"", "fr-FR,ja;q=0.5", i18n.Japanese},
		{"", "not a header;;;", i18n.English},
		{"en", "ja", i18n.English},
		{"ja", "en", i18n.Japanese},
	} {
		if got := c.Choose(tc.setting, tc.accept).Lang(); got != tc.want {
			t.Errorf("setting %q, Accept-Language %q: %s, want %s", tc.setting, tc.accept, got, tc.want)
		}
	}
	ja := load(t, i18n.Japanese)
	if got := ja.Choose("", "fr").Lang(); got != i18n.Japanese {
		t.Errorf("with KAIGI_LANG=ja a French browser gets %s", got)
	}
	if _, err := i18n.Load("fr"); err == nil {
		t.Error("an unknown default language was accepted")
	}
}

func TestDatesFollowTheLanguage(t *testing.T) {
	c := load(t, i18n.English)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := time.Date(2026, 12, 8, 10, 0, 0, 0, tokyo)
	for l, want := range map[i18n.Lang]string{i18n.Japanese: "2026年12月8日(火) 10:00 JST", i18n.English: "Tue 8 Dec 2026 10:00 JST"} {
		if got := c.For(l).DateTime(at); got != want {
			t.Errorf("%s: %q, want %q", l, got, want)
		}
	}
	if got := c.For(i18n.Japanese).Day(2026, time.January, 4); got != "2026年1月4日(日)" {
		t.Errorf("Japanese day: %q", got)
	}
	if got := c.For(i18n.English).Date(time.Time{}); got != "" {
		t.Errorf("no date shows as %q", got)
	}
}

func TestPluralsFollowTheLanguage(t *testing.T) {
	c := load(t, i18n.English)
	en, ja := c.For(i18n.English), c.For(i18n.Japanese)
	if got := en.N("settings.digest_tasks", 1, nil); got != "1 task" {
		t.Errorf("English one: %q", got)
	}
	if got := en.N("settings.digest_tasks", 3, nil); got != "3 tasks" {
		t.Errorf("English other: %q", got)
	}
	if got := ja.N("settings.digest_tasks", 1, nil); got != "1件のタスク" {
		t.Errorf("Japanese: %q", got)
	}
	if got := en.S("no.such.message"); got != "no.such.message" {
		t.Errorf("a missing message shows %q, want its ID", got)
	}
}

// TestNoServerVariableNamesInPages: the catalogs are what people read in
// pages and mail, and a member cannot set the server's environment, so a
// message says who can (the person who runs the server) instead of naming
// a variable such as KAIGI_SMTP_ADDR.
func TestNoServerVariableNamesInPages(t *testing.T) {
	variable := regexp.MustCompile(`\bKAIGI_[A-Z_]+`)
	for _, l := range i18n.Langs {
		var tree map[string]any
		if _, err := toml.DecodeFile("catalog/"+string(l)+".toml", &tree); err != nil {
			t.Fatal(err)
		}
		flat := map[string]map[string]string{}
		flatten("", tree, flat)
		for id, forms := range flat {
			for form, text := range forms {
				if v := variable.FindString(text); v != "" {
					t.Errorf("%s %s (%s) names %s: %q", l, id, form, v, text)
				}
			}
		}
	}
}
