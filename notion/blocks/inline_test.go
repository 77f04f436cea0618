package blocks

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestInlineMarksBecomeAnnotations(t *testing.T) {
	md := "We **must** pick *one*, see [the RFC](https://example.com/rfc) and `redis.conf`; ~~memcached~~ is out. 2\\*3 stays."
	blocks := Parse(md)
	if len(blocks) != 1 {
		t.Fatalf("got %d blocks", len(blocks))
	}
	items := roundTripJSON(t, Encode(blocks[0]))["paragraph"].(map[string]any)["rich_text"].([]any)
	type item struct {
		text, link                 string
		bold, italic, strike, code bool
	}
	var got []item
	for _, it := range items {
		m := it.(map[string]any)
		text := m["text"].(map[string]any)
		var i item
		i.text = text["content"].(string)
		if l, ok := text["link"].(map[string]any); ok {
			i.link = l["url"].(string)
		}
		if a, ok := m["annotations"].(map[string]any); ok {
			i.bold, i.italic, i.strike, i.code = a["bold"].(bool), a["italic"].(bool), a["strikethrough"].(bool), a["code"].(bool)
		}
		got = append(got, i)
	}
	want := []item{
		{text: "We "}, {text: "must", bold: true}, {text: " pick "}, {text: "one", italic: true}, {text: ", see "},
		{text: "the RFC", link: "https://example.com/rfc"}, {text: " and "}, {text: "redis.conf", code: true}, {text: "; "},
		{text: "memcached", strike: true}, {text: " is out. 2*3 stays."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rich text items:\n got %+v\nwant %+v", got, want)
	}
	back, ok := Decode(roundTripJSON(t, Encode(blocks[0])))
	if !ok || back.Text != md {
		t.Fatalf("annotations read back as %q, want %q", back.Text, md)
	}
}

func TestNotionTextWithMarkCharactersStaysLiteral(t *testing.T) {
	// A person typed Markdown-looking text in Notion without formatting it.
	items := []any{map[string]any{"type": "text", "plain_text": "a*b*c [x](https://e.com) # not a heading"}}
	b, _ := Decode(map[string]any{"type": "paragraph", "paragraph": map[string]any{"rich_text": items}})
	md := Render([]Block{b.Block})
	again := Parse(md)
	if len(again) != 1 || again[0].Type != "paragraph" {
		t.Fatalf("%q became blocks %+v", md, again)
	}
	spans := spansOf(richTextItems(parseInline(again[0].Text)))
	if len(spans) != 1 || spans[0].Text != "a*b*c [x](https://e.com) # not a heading" || spans[0] != (span{Text: spans[0].Text}) {
		t.Fatalf("literal text came back formatted: %+v (from %q)", spans, md)
	}
}

func TestMarkedTextRespectsNotionLimits(t *testing.T) {
	long := strings.Repeat("あ", 2500)
	items := richTextItems(parseInline("**" + long + "**"))
	if len(items) != 2 {
		t.Fatalf("2500 bold characters became %d items, want 2", len(items))
	}
	for _, it := range items {
		if it.(map[string]any)["annotations"].(map[string]any)["bold"] != true {
			t.Fatalf("a split piece lost its bold mark")
		}
	}
	var many strings.Builder
	for range 120 {
		many.WriteString("**b** i ")
	}
	items = richTextItems(parseInline(many.String()))
	if len(items) > MaxTextItems {
		t.Fatalf("%d rich text items, Notion takes at most %d", len(items), MaxTextItems)
	}
	var text strings.Builder
	for _, s := range spansOf(items) {
		text.WriteString(s.Text)
	}
	if want := strings.Repeat("b i ", 120); text.String() != want {
		t.Fatalf("over 100 items the text changed: %q", text.String())
	}
}

// Bodies are compared in normalized form, so normalizing must be stable and
// must be exactly what a trip through Notion's blocks gives back; otherwise
// a body would be pushed or pulled forever.
func TestNormalizedMarkdownIsStableThroughNotion(t *testing.T) {
	pieces := []string{"a", "あ", " ", "*", "**", "***", "`", "~", "~~", "[", "]", "(", ")", "\\", "_", "#", "# ", "- ", "> ",
		"1. ", "- [ ] ", "---", "```", "\n", "\n\n", "[x](https://e.com/a)", "[y](ftp://no)", "mailto:a@b.c", "x"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(14) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		md := b.String()
		n1 := Normalize(md)
		if n2 := Normalize(n1); n2 != n1 {
			t.Fatalf("case %d: normalizing %q is not stable:\n%q\n%q", i, md, n1, n2)
		}
		blocks := Parse(n1)
		back := make([]Block, len(blocks))
		for j, bl := range blocks {
			rb, ok := Decode(roundTripJSON(t, Encode(bl)))
			if !ok {
				t.Fatalf("case %d: block %s not understood", i, bl.Type)
			}
			back[j] = rb.Block
		}
		if got := Render(back); got != n1 {
			t.Fatalf("case %d: %q came back from Notion as %q, normalized %q", i, md, got, n1)
		}
	}
}
