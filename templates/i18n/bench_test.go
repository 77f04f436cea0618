package i18n_test

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// What a page pays per message: a plain one (S, most of a page), one with
// a value (F), a plural (N), a date, and finding the request's T in the
// render context.
func BenchmarkTranslate(b *testing.B) {
	c, err := i18n.Load(i18n.English)
	if err != nil {
		b.Fatal(err)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := time.Date(2026, 12, 8, 10, 0, 0, 0, tokyo)
	for _, l := range i18n.Langs {
		t := c.For(l)
		ctx := i18n.NewContext(context.Background(), t)
		b.Run(string(l)+"/S", func(b *testing.B) {
			for b.Loop() {
				_ = t.S("nav.home")
			}
		})
		b.Run(string(l)+"/F", func(b *testing.B) {
			for b.Loop() {
				_ = t.F("task.state_of", i18n.Args{"Title": "議事録を送る"})
			}
		})
		b.Run(string(l)+"/N", func(b *testing.B) {
			for b.Loop() {
				_ = t.N("settings.digest_tasks", 3, nil)
			}
		})
		b.Run(string(l)+"/DateTime", func(b *testing.B) {
			for b.Loop() {
				_ = t.DateTime(at)
			}
		})
		b.Run(string(l)+"/From", func(b *testing.B) {
			for b.Loop() {
				_ = i18n.From(ctx)
			}
		})
	}
	b.Run("Choose", func(b *testing.B) {
		for b.Loop() {
			_ = c.Choose("", "ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")
		}
	})
}

// What a start pays to parse both catalogs.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := i18n.Load(i18n.English); err != nil {
			b.Fatal(err)
		}
	}
}
