package ladr

import (
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestTitleSurvivesTheFile checks titles whose characters mean something
// to Markdown: the title typed comes back identical from the file, both
// from the front matter and from the "# ..." heading a reader sees.
func TestTitleSurvivesTheFile(t *testing.T) {
	for _, title := range []string{
		"# # #",
		"#",
		"##",
		"C# vs F#",
		"Use `#` tags",
		"Why not C#",
		"Drop the ## suffix ##",
		"Tags # and #",
		`Escaped \#`,
		"=== not a setext line",
		"--- three dashes",
		"- dash",
		"> quote",
		"<!-- comment -->",
		"```fence",
		"状態管理の方針 #",
	} {
		out, err := (&Renderer{tmpl: defaultTemplate}).RenderDocument(Document{Number: 1, Title: title, State: data.LADRDraft})
		if err != nil {
			t.Fatalf("%q: render: %v", title, err)
		}
		if got := Parse("0001-x.md", out).Doc.Title; got != title {
			t.Errorf("%q: the file reads back as %q\n%s", title, got, out)
		}
		_, body, _, ok := splitFrontMatter(string(out))
		if !ok {
			t.Fatalf("%q: no front matter in\n%s", title, out)
		}
		if got := Parse("x.md", []byte(body)).Doc.Title; got != title {
			heading, _, _ := strings.Cut(body, "\n")
			t.Errorf("%q: the heading %q reads as %q", title, heading, got)
		}
	}
}

// TestSectionNameSurvivesTheFile does the same for the names of extra
// sections, which are "## ..." headings with no front matter to fall back on.
func TestSectionNameSurvivesTheFile(t *testing.T) {
	for _, name := range []string{"# # #", "## #", "Why C#", "Notes ##", "Use `#` tags", "状態 #"} {
		d := Document{Number: 1, Title: "t", State: data.LADRDraft, Extra: []data.Section{{Heading: name, Body: "x"}}}
		out, err := (&Renderer{tmpl: defaultTemplate}).RenderDocument(d)
		if err != nil {
			t.Fatalf("%q: render: %v", name, err)
		}
		got := Parse("0001-t.md", out).Doc.Extra
		if len(got) != 1 || got[0].Heading != name || got[0].Body != "x" {
			t.Errorf("%q: the file reads back as %q\n%s", name, got, out)
		}
	}
}
