package digest_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestJapaneseDigestHasNoEnglish: the digest mail a Japanese person gets
// through the real SMTP listener, subject and body, has no English word
// but kaigi's name; its addresses are left out.
func TestJapaneseDigestHasNoEnglish(t *testing.T) {
	w := newWorld(t)
	aiko := w.user("相沢", "aiko@example.com", data.Settings{Lang: "ja", TimeZone: "Asia/Tokyo", DigestMail: true, DigestHour: 8})
	w.task("議事録を送る", aiko.ID, twoWeeksAgo, "2025-12-28")
	w.task("見積もりを出す", aiko.ID, twoWeeksAgo, "2026-01-07")
	if res := w.run(); res.Sent != 1 {
		t.Fatalf("run: %+v, want one mail", res)
	}
	m := w.mails("aiko@example.com")
	if len(m) != 1 {
		t.Fatalf("mails: %q", m)
	}
	text := regexp.MustCompile(`https?://\S+`).ReplaceAllString(m[0][0]+"\n"+m[0][1], "")
	var english []string
	for _, word := range regexp.MustCompile(`[A-Za-z]{2,}`).FindAllString(text, -1) {
		if word != "kaigi" { // the product's name
			english = append(english, word)
		}
	}
	if len(english) > 0 || !strings.Contains(text, "議事録を送る") {
		t.Errorf("the Japanese digest shows English %q:\n%s", english, text)
	}
}
