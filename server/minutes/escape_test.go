package minutes

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM))

// sample is a small meeting whose every text field is plain, so that a
// test can put one nasty value in one field.
func sample() Source {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	ag := data.Agenda{ID: "a1", Title: "agenda"}
	return Source{Location: tokyo, Names: map[data.PersonID]string{"p1": "person", "p2": "other"},
		Minutes: data.Minutes{
			Meeting: data.Meeting{ID: "m1", Title: "meeting", StartsAt: time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC),
				State: data.MeetingHeld, Attendees: []data.PersonID{"p1", "p2"}, Absent: []data.PersonID{"p2"}, Notes: "notes"},
			Series:    data.Series{Name: "series"},
			Items:     []data.MinutesItem{{MeetingItem: data.MeetingItem{Agenda: ag, Discussion: data.Discussion{Notes: "said", Outcome: data.OutcomeDiscussed}}}},
			Decisions: []data.Decision{{Title: "decision", Body: "why", AgendaID: "a1"}},
			Tasks:     []data.Task{{Title: "task", AssigneeID: "p1", Due: data.Date{Year: 2026, Month: 12, Day: 1}}},
		}}
}

// fields put a value in one text field of the sample.
var fields = map[string]func(*Source, string){
	"meeting title": func(s *Source, v string) { s.Minutes.Meeting.Title = v },
	"series name":   func(s *Source, v string) { s.Minutes.Series.Name = v },
	"agenda title":  func(s *Source, v string) { s.Minutes.Items[0].Agenda.Title = v },
	"person name":   func(s *Source, v string) { s.Names["p1"] = v },
	"absent name":   func(s *Source, v string) { s.Names["p2"] = v },
	"decision":      func(s *Source, v string) { s.Minutes.Decisions[0].Title = v },
	"task title":    func(s *Source, v string) { s.Minutes.Tasks[0].Title = v },
}

// blocks are what people write as Markdown: they stay inside their quote.
var blocks = map[string]func(*Source, string){
	"meeting notes": func(s *Source, v string) { s.Minutes.Meeting.Notes = v },
	"agenda notes":  func(s *Source, v string) { s.Minutes.Items[0].Discussion.Notes = v },
	"decision body": func(s *Source, v string) { s.Minutes.Decisions[0].Body = v },
}

// shape is the document's block structure, user quotes as one node each.
func shape(t *testing.T, md string) string {
	t.Helper()
	src := []byte(md)
	root := gfm.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Type() != ast.TypeBlock {
				continue
			}
			fmt.Fprintf(&b, "%s%s", strings.Repeat(" ", depth), c.Kind())
			if h, ok := c.(*ast.Heading); ok {
				fmt.Fprintf(&b, "%d", h.Level)
			}
			b.WriteString("\n")
			if c.Kind() != ast.KindBlockquote {
				walk(c, depth+1)
			}
		}
	}
	walk(root, 0)
	return b.String()
}

var tags = regexp.MustCompile(`<[^>]*>`)

// rendered is the document's text as a reader sees it.
func rendered(t *testing.T, md string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := gfm.Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	return html.UnescapeString(tags.ReplaceAllString(buf.String(), ""))
}

var nasty = []string{
	"# not a heading", "## two", "a #", "| a | b |\n|---|---|\n| c | d |", "* star *bold* **x**", "1. first", "3) third",
	"- item", "+ plus", "> quote", "line one\nline two", "line\r\n\r\n# heading", "===", "---", "`code` ``x``",
	"[link](https://example.com) <https://example.com>", "<b>html</b> <!-- c -->", "&amp; &#35; &copy;", "_em_ ~~strike~~ ~x~",
	`back\slash \*`, "議題 #1 | 相性 *重要* 【移行計画】", "    indented", "![img](x.png)", "\ttab", "2026-12-08", "a\u2028b",
}

func TestTextCannotBreakTheStructure(t *testing.T) {
	cat, err := i18n.Load(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Langs {
		tr := cat.For(lang)
		want := shape(t, Markdown(tr, sample()))
		for field, set := range fields {
			for _, v := range nasty {
				src := sample()
				set(&src, v)
				md := Markdown(tr, src)
				if got := shape(t, md); got != want {
					t.Errorf("%s %s = %q changes the structure:\n%s\nwant\n%s\n%s", lang, field, v, got, want, md)
				}
				if txt, line := rendered(t, md), oneLine(v); !strings.Contains(txt, line) {
					t.Errorf("%s %s = %q does not read as typed (%q) in:\n%s", lang, field, v, line, txt)
				}
			}
		}
		for field, set := range blocks {
			for _, v := range append(nasty, "# heading\n\n```\nunclosed fence", "para\n\n---\n\n1. a\n2. b", "\n\n\n", "<details>\n") {
				src := sample()
				set(&src, v)
				md := Markdown(tr, src)
				if strings.TrimSpace(v) == "" {
					continue // no notes: a different, checked, line
				}
				if got := shape(t, md); got != want {
					t.Errorf("%s %s = %q changes the structure:\n%s\nwant\n%s\n%s", lang, field, v, got, want, md)
				}
			}
		}
	}
}

func TestSlackEscapesMarkup(t *testing.T) {
	cat, err := i18n.Load(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	src := sample()
	src.Minutes.Meeting.Title = "<!channel> & <https://evil.example|click>"
	src.Minutes.Items[0].Discussion.Notes = "a <@U123> mention\n> quoted"
	got := Slack(cat.For(i18n.English), src)
	for _, bad := range []string{"<!channel>", "<https://", "<@U123>"} {
		if strings.Contains(got, bad) {
			t.Errorf("Slack text keeps %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{"*&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;*", "> a &lt;@U123&gt; mention", "> &gt; quoted"} {
		if !strings.Contains(got, want) {
			t.Errorf("Slack text lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "#") || strings.Contains(got, `\`) {
		t.Errorf("Slack text has Markdown headings or escapes, which Slack shows as typed:\n%s", got)
	}
}
