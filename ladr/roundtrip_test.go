package ladr

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// Pieces of text that break naive renderers: YAML syntax, Markdown syntax,
// Japanese, emoji, code blocks with headings inside, tables, HTML.
var (
	titlePieces = []string{
		"Use SQLite", "状態管理の方針", "キャッシュ戦略 🚀", "key: value", "# not a comment", "--- three dashes",
		`"quoted"`, "'single'", "a | pipe", "[link](x.md)", "café déjà vu", "100%", "@mention", "&amp;", "*bold*",
		"line\nbreak", "tab\there", "yes", "null", "~", "2026-01-05", "0x1F", "- dash", "> quote", "{braces}", "!important",
	}
	bodyPieces = []string{
		"Plain paragraph.", "日本語の段落です。絵文字も 🎉 使います。",
		"```go\nfunc main() {\n\t// ## not a heading\n}\n```",
		"~~~\n## still code\n---\n~~~",
		"| a | b |\n|---|---|\n| 1 | 2 |",
		"- [ ] task\n- [x] done",
		"### A subsection\n\nwith text",
		"> quoted: text # hash",
		"    indented code",
		"key: value\n---\n\"quotes\" and 'quotes'",
		"<details><summary>more</summary>\n\nhidden\n\n</details>",
		"1. first\n2. second",
		"Link to [LADR 1](0001-use-sqlite.md) and https://example.com.",
		"***",
		"テーブル | 値\n---|---\n状態 | 良い",
		"Setext heading\n===", "# A level-one heading", "## Looks like a section", "<!-- a lone comment -->",
		"trailing spaces   \n\n\n", "\r\nwindows\r\nline ends\r\n",
	}
	headingPieces = []string{"Options", "検討した選択肢", "Pros and Cons 👍", "Notes: extra", "Links & refs"}
	authorPieces  = []string{"Alice", "山田 太郎", "Bob: the builder", "O'Brien", "#team", "- dash"}
)

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func genText(r *rand.Rand, pieces []string, max int) string {
	n := r.IntN(max + 1)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = pick(r, pieces)
	}
	return strings.Join(parts, "\n\n")
}

func genDocument(r *rand.Rand) Document {
	d := Document{
		Number: 1 + r.IntN(9999),
		Title:  strings.Join([]string{pick(r, titlePieces), pick(r, titlePieces)}, " "),
		State:  pick(r, data.LADRStates),
		Date:   data.Date{Year: 2000 + r.IntN(40), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)},
	}
	for range r.IntN(3) {
		d.Authors = append(d.Authors, pick(r, authorPieces))
	}
	for range r.IntN(3) {
		d.Supersedes = append(d.Supersedes, 1+r.IntN(50))
	}
	for range r.IntN(2) {
		d.SupersededBy = append(d.SupersededBy, 1+r.IntN(50))
	}
	if r.IntN(2) == 0 {
		d.MeetingID, d.AgendaID = "0190a0b0-0000-7000-8000-000000000001", "0190a0b0-0000-7000-8000-000000000002"
		d.DecisionIDs = []data.DecisionID{"0190a0b0-0000-7000-8000-000000000003"}
		d.ReviewBy = data.Date{Year: d.Date.Year + 1, Month: d.Date.Month, Day: d.Date.Day}
		d.NotionURL = "https://www.notion.so/team/LADR-" + fmt.Sprint(d.Number) + "?p=1#x"
		d.PRURL = "https://github.com/acme/eng/pull/" + fmt.Sprint(d.Number)
	}
	d.Context = genText(r, bodyPieces, 4)
	d.Specification = genText(r, bodyPieces, 3)
	d.Decision = genText(r, bodyPieces, 3)
	d.Consequences = genText(r, bodyPieces, 3)
	for range r.IntN(3) {
		d.Extra = append(d.Extra, data.Section{Heading: pick(r, headingPieces), Body: genText(r, bodyPieces, 2)})
	}
	return d
}

// TestRoundTrip renders generated records, parses the files back and
// renders again: the record and the bytes must both survive.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 2026))
	for i := range 500 {
		d := genDocument(r)
		want := d.normalized()
		out, err := (&Renderer{tmpl: defaultTemplate}).RenderDocument(d)
		if err != nil {
			t.Fatalf("case %d: render: %v", i, err)
		}
		f := Parse("docs/ladr/x.md", out)
		if !reflect.DeepEqual(f.Doc, want) {
			t.Fatalf("case %d: parsed record differs\nwant %#v\ngot  %#v\nfile:\n%s", i, want, f.Doc, out)
		}
		if len(f.Guesses) > 0 {
			t.Fatalf("case %d: a rendered file needed guesses %q\n%s", i, f.Guesses, out)
		}
		again, err := (&Renderer{tmpl: defaultTemplate}).RenderDocument(f.Doc)
		if err != nil {
			t.Fatalf("case %d: render again: %v", i, err)
		}
		if string(again) != string(out) {
			t.Fatalf("case %d: second render differs\nfirst:\n%s\nsecond:\n%s", i, out, again)
		}
	}
}
