package ladr

import "testing"

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"Use SQLite for storage":  "use-sqlite-for-storage",
		"Redis をキャッシュに使う":         "redis",
		"状態管理の方針":                 "状態管理の方針",
		"Café: déjà vu?":          "cafe-deja-vu",
		"ＡＰＩ 設計":                  "api",
		"2026年の計画":                "2026年の計画",
		"  spaces\tand\nbreaks  ": "spaces-and-breaks",
		"../../etc/passwd":        "etc-passwd",
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
	if len([]rune(long)) > maxSlugRunes || long[len(long)-1] == '-' {
		t.Errorf("long slug %q not cut at a word boundary", long)
	}
}
