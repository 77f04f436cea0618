package i18n

import (
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// F's own filling-in of {{.Name}} gives what go-i18n's template gives, for
// every such message of both languages, a missing value included.
func TestFillMatchesTheTemplate(t *testing.T) {
	c, err := Load(English)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range Langs {
		tr := c.For(l)
		for id, segs := range tr.filled {
			args := Args{}
			for i, s := range segs {
				if s.value != "" && i%4 != 1 { // leave some values out
					args[s.value] = "<" + s.value + "> & 7"
				}
			}
			data := map[string]any{}
			for k, v := range args {
				data[k] = v
			}
			want, err := tr.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
			if err != nil {
				t.Fatal(err)
			}
			if got := fill(segs, args); got != want {
				t.Errorf("%s %s: %q, the template gives %q", l, id, got, want)
			}
			n++
		}
	}
	if n < 20 {
		t.Fatalf("only %d messages filled in", n)
	}
}
