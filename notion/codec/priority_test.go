package codec

import (
	"context"
	"fmt"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// The name kaigi gives a priority option follows the team's words and
// language; other fields keep init's names.
func TestSuggestOptionInTheTeamsWords(t *testing.T) {
	agenda, _ := SpecOf(data.EntityAgenda)
	priority, _ := agenda.Field("priority")
	state, _ := agenda.Field("state")
	cases := []struct {
		lang  Lang
		words data.PriorityWords
		f     FieldSpec
		v     string
		want  string
	}{
		{LangJapanese, data.PriorityLevels, priority, "1", "高"},
		{LangJapanese, data.PriorityLevels, priority, "4", "最低"},
		{LangEnglish, data.PriorityLevels, priority, "3", "Low"},
		{LangEnglish, "", priority, "2", "Medium"},
		{LangJapanese, data.PriorityNumbers, priority, "1", "P1"},
		{LangEnglish, data.PriorityNumbers, priority, "4", "P4"},
		{LangJapanese, data.PriorityNumbers, state, "resolved", "解決済み"},
		{"", data.PriorityLevels, priority, "1", "High"},
	}
	for _, tc := range cases {
		if got := SuggestOption(tc.lang, tc.words, agenda, tc.f, tc.v); got != tc.want {
			t.Errorf("%s/%s: %s %s → %q, want %q", tc.lang, tc.words, tc.f.Name, tc.v, got, tc.want)
		}
	}
}

// A priority select with no option for a value gets one in the team's
// words; every known word, in any language or style, reads as its level.
func TestPriorityOptionsInTheTeamsWords(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		lang  Lang
		words data.PriorityWords
		want  string
	}{{LangJapanese, data.PriorityNumbers, "P4"}, {LangEnglish, data.PriorityNumbers, "P4"}, {LangJapanese, data.PriorityLevels, "最低"}, {LangEnglish, data.PriorityLevels, "Lowest"}} {
		tb := workspace(t, tc.lang)
		tb.priority = tc.words
		spec, _ := teamProperty(t, tb, data.EntityAgenda, "priority", "select", opts("P1", "P2", "P3")...)
		out, err := Codec{Lang: tc.lang, Resolver: tb}.Encode(ctx, spec, merge.Fields{"priority": "4"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(out.Props["Team priority"]); got != "map[select:map[name:"+tc.want+"]]" || out.Written["priority"] != "4" {
			t.Errorf("%s/%s: priority 4 wrote %s (written %q), want the option %q added", tc.lang, tc.words, got, out.Written["priority"], tc.want)
		}
	}
	agenda, _ := SpecOf(data.EntityAgenda)
	priority, _ := agenda.Field("priority")
	for word, want := range map[string]string{"高": "1", "High": "1", "P1": "1", "p1": "1", "中": "2", "Medium": "2", "P2": "2",
		"低": "3", "Low": "3", "P3": "3", "最低": "4", "Lowest": "4", "P4": "4"} {
		if got, ok := KnownWord(agenda, priority, word); !ok || got != want {
			t.Errorf("%q reads as %q (%v), want %s", word, got, ok, want)
		}
	}
}
