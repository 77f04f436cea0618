package pages

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/a-h/templ/parser/v2"
	"github.com/a-h/templ/parser/v2/visitor"
)

// notYetTranslated are the pages whose words are still written in the
// template (issue 14 part B moves them into the catalogs and empties this
// list). A page that is clean must leave it.
var notYetTranslated = map[string]bool{}

// userVisibleAttributes are the constant attributes a person reads.
var userVisibleAttributes = map[string]bool{"placeholder": true, "title": true, "aria-label": true, "alt": true, "label": true}

// latinWord is what English text has and Japanese text (numbers,
// punctuation, kana, kanji) does not.
var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// notWords are Latin letters that are names, not language.
var notWords = map[string]bool{"kaigi": true}

// englishIn lists the user-visible English a .templ file writes as
// literal text or constant attributes, as "component: text".
func englishIn(t *testing.T, file string) []string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return englishInSource(t, file, string(src))
}

func englishInSource(t *testing.T, file, src string) []string {
	t.Helper()
	tf, err := parser.ParseString(src)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var found []string
	component := ""
	check := func(kind, s string) {
		s = strings.TrimSpace(html.UnescapeString(s))
		for _, w := range latinWord.FindAllString(s, -1) {
			if !notWords[w] {
				found = append(found, fmt.Sprintf("%s: %s %q", component, kind, s))
				return
			}
		}
	}
	v := visitor.New()
	walkTemplate := v.HTMLTemplate
	v.HTMLTemplate = func(n *parser.HTMLTemplate) error {
		component, _, _ = strings.Cut(n.Expression.Value, "(")
		return walkTemplate(n)
	}
	v.Text = func(n *parser.Text) error { check("text", n.Value); return nil }
	v.ConstantAttribute = func(n *parser.ConstantAttribute) error {
		if userVisibleAttributes[n.Key.String()] {
			check(n.Key.String(), n.Value)
		}
		return nil
	}
	if err := tf.Visit(v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return found
}

// TestNoEnglishOutsideTheCatalog fails when a template writes words a
// person reads (text, placeholder, title, aria-label…) instead of taking
// them from the catalog with tr(ctx).
func TestNoEnglishOutsideTheCatalog(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	sort.Strings(files)
	for _, f := range files {
		found := englishIn(t, f)
		switch {
		case notYetTranslated[f] && len(found) == 0:
			t.Errorf("%s has no English left: remove it from notYetTranslated", f)
		case !notYetTranslated[f]:
			for _, s := range found {
				t.Errorf("%s: %s (put it in templates/i18n/catalog and write { tr(ctx).S(\"…\") })", f, s)
			}
		}
	}
}

// TestTheScannerSeesEnglish keeps the scanner honest: it finds the kinds
// of English a page can have.
func TestTheScannerSeesEnglish(t *testing.T) {
	found := englishInSource(t, "sample", `package pages

templ Sample(l Layout) {
	<h1>kaigi <span lang="ja">会議</span></h1>
	<button>Save the notes</button>
	<input placeholder="Search" name="q" class="wide"/>
	<a href="/x" aria-label="Close">×</a>
	<p>{ l.Title } 2026年 &lt; 3 → 1×</p>
	if l.LoggedIn {
		<span>carried</span>
	}
	<p>{ tr(ctx).S("nav.home") }</p>
}
`)
	want := []string{`Sample: text "Save the notes"`, `Sample: placeholder "Search"`, `Sample: aria-label "Close"`, `Sample: text "carried"`}
	if strings.Join(found, "\n") != strings.Join(want, "\n") {
		t.Fatalf("found:\n%s\nwant:\n%s", strings.Join(found, "\n"), strings.Join(want, "\n"))
	}
}
