package convention

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/kaigi-dev/kaigi/data"
)

// FuzzFileName drives the LADR slug and file name builder with any title,
// slug and pattern: it never panics, and a name it accepts is one plain
// file inside the folder (no separator, no "..", no NUL or other control
// character, not hidden). A slug made from a title is always accepted.
func FuzzFileName(f *testing.F) {
	for _, s := range []struct {
		title, slug, pattern string
		number               int
	}{
		{"Use SQLite", "", "{number}-{slug}.md", 1},
		{"状態管理にはFlowを採用する", "", "{number:4}-{slug}.md", 10},
		{"x", "../../../../outside", "{number}-{slug}.md", 2},
		{"x", "a\x00b", "{number}-{slug}.md", 3},
		{"x", "..", "{slug}-{number}.md", 4},
		{"a/b\\c", "", "adr-{number:3}-{slug}.md", 5},
		{"x", "", "../{number}-{slug}.md", 6},
		{"x", "", "{number}/{slug}.md", 7},
		{"x", "", "{date}-{slug}.md", 8},
		{"🚀", "", ".{number}.md", 9},
		{"\u202e evil", "", "{number:9}_{slug}.markdown", -1},
		{"x", "ok", "{number}-{slug}\x00.md", 12},
	} {
		f.Add(s.title, s.slug, s.pattern, s.number)
	}
	dir := filepath.Join("srv", "repo", "docs", "ladr")
	f.Fuzz(func(t *testing.T, title, slug, pattern string, number int) {
		n, err := ParsePattern(pattern)
		if err != nil {
			n = KaigiNaming
		}
		n.KeepCase = len(title)%2 == 0
		made := n.Slug(title)
		if err := data.CheckNamePart("slug", made); err != nil {
			t.Fatalf("Slug(%q) = %q, which the builder itself refuses: %v", title, made, err)
		}
		for _, s := range []string{made, slug} {
			name, err := n.Name(number, data.Date{Year: 2026, Month: 1, Day: 5}, s)
			if err != nil {
				continue
			}
			inside(t, dir, name)
		}
	})
}

func inside(t *testing.T, dir, name string) {
	t.Helper()
	full := filepath.Join(dir, name)
	if filepath.Dir(full) != dir || !filepath.IsLocal(name) || strings.HasPrefix(name, ".") || name == "" {
		t.Fatalf("accepted name %q is not a file directly inside %s (joined: %s)", name, dir, full)
	}
	if strings.ContainsAny(name, "/\\\x00") || strings.Contains(name, "..") || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		t.Fatalf("accepted name %q carries a separator, .., or a control character", name)
	}
}
