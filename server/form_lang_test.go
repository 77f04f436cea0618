package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func (b *browser) submitIn(path, acceptLanguage string, form url.Values) (*http.Response, string) {
	b.e.t.Helper()
	form.Set("csrf", b.csrf)
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", acceptLanguage)
	return b.do(req)
}

// A form kaigi refuses comes back in the person's language: the catalog's
// message for the field in Japanese, the store's own words (which name the
// value) in English. The typed values stay in the form either way.
func TestFormErrorsFollowTheRequestsLanguage(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	sr, m := e.seedMeeting("週次定例")
	cases := []struct {
		name, path    string
		form          url.Values
		japanese      string
		english, kept string
	}{
		{"series time", "/series", url.Values{"name": {"朝会"}, "repeat": {"weekly"}, "time": {"朝十時"}, "time_zone": {"Asia/Tokyo"}},
			"10:00 のような時刻を入力してください。", "is not a time like 10:00", "朝会"},
		{"series zone", "/series/" + string(sr.ID), url.Values{"name": {"週次定例"}, "repeat": {"weekly"}, "time": {"10:00"}, "time_zone": {"Mars/Olympus"},
			"revision": {"1"}}, "不明なタイムゾーンです", "is not a time zone", "Mars/Olympus"},
		{"meeting task due", "/meetings/" + string(m.ID) + "/tasks", url.Values{"title": {"議事録を送る"}, "due": {"来週"}},
			"期限が 2026-01-31 のような日付になっていません。", "not a date", "議事録を送る"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, page := b.submitIn(c.path, "ja", c.form)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, c.japanese) || !strings.Contains(page, c.kept) {
				t.Fatalf("Japanese: %d, want 422 with %q and %q:\n%s", resp.StatusCode, c.japanese, c.kept, page)
			}
			if strings.Contains(page, c.english) {
				t.Errorf("the Japanese page shows the store's English %q", c.english)
			}
			resp, page = b.submitIn(c.path, "en", c.form)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, c.english) || strings.Contains(page, c.japanese) {
				t.Fatalf("English: %d, want 422 with %q:\n%s", resp.StatusCode, c.english, page)
			}
		})
	}
}
