package ladr

import (
	"testing"

	"github.com/kaigi-dev/kaigi/ladr/convention"
)

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"Use SQLite for storage":  "use-sqlite-for-storage",
		"状態管理にはFlowを採用する":         "状態管理にはflowを採用する",
		"Redis をキャッシュに使う":         "redis-をキャッシュに使う",
		"状態管理の方針":                 "状態管理の方針",
		"Café: déjà vu?":          "cafe-deja-vu",
		"ＡＰＩ 設計":                  "api-設計",
		"2026年の計画":                "2026年の計画",
		"  spaces\tand\nbreaks  ": "spaces-and-breaks",
		"../../etc/passwd":        "etc-passwd",
		"a/b\\c\x00d\x1fe":        "a-b-c-d-e",
		"🚀🚀":                      Slug("🚀🚀"),
	}
	for title, want := range cases {
		if got := Slug(title); got != want {
			t.Errorf("Slug(%q) = %q, want %q", title, got, want)
		}
	}
	if s := Slug("🚀🚀"); s == "" || s != Slug("🚀🚀") || s == Slug("🎉") {
		t.Errorf("emoji-only titles need a stable, distinct, non-empty slug, got %q", s)
	}
	long := Slug("a very long title that keeps going and going well past the fifty rune limit of slugs")
	if len([]rune(long)) > 50 || long[len(long)-1] == '-' {
		t.Errorf("long slug %q not cut at a word boundary", long)
	}
	// Folders that keep letter case and join words with underscores.
	rakus := convention.Naming{Pattern: "adr-{number:3}-{slug}.md", Words: "-", KeepCase: true}
	if got := rakus.Slug("ADRの利用"); got != "ADRの利用" {
		t.Errorf("keep-case slug = %q", got)
	}
	under := convention.Naming{Pattern: "{number:3}_{slug}.md", Words: "_"}
	if got := under.Slug("Use the Queue"); got != "use_the_queue" {
		t.Errorf("underscore slug = %q", got)
	}
}
