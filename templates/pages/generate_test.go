package pages

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/a-h/templ/generator"
	"github.com/a-h/templ/parser/v2"
)

// TestGeneratedCodeIsCurrent fails when a .templ file was edited without
// running the generator, or a generated file was edited by hand: it
// generates each file again, as `templ generate` does, and compares.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates found: %v", err)
	}
	for _, f := range files {
		tf, err := parser.Parse(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var b bytes.Buffer
		if _, err := generator.Generate(tf, &b, generator.WithVersion(templ.Version()), generator.WithFileName(f)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want, err := format.Source(b.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		gen := strings.TrimSuffix(f, ".templ") + "_templ.go"
		got, err := os.ReadFile(gen)
		if err != nil {
			t.Fatalf("%s: %v (run go generate ./templates/pages)", gen, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what %s generates: run go generate ./templates/pages", gen, f)
		}
	}
}

// TestNoUnescapedOutput keeps escaping by construction: no template may
// write raw HTML; Markdown (goldmark, no raw HTML) is the only exception.
func TestNoUnescapedOutput(t *testing.T) {
	files, _ := filepath.Glob("*.templ")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, banned := range []string{"templ.Raw", "templ.SafeURL", "JSUnsafeFuncCall", "templ.NewOnceHandle"} {
			if bytes.Contains(src, []byte(banned)) {
				t.Errorf("%s uses %s: user and Notion text must go through templ's escaping", f, banned)
			}
		}
	}
}
