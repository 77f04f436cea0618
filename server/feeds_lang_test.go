package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// TestCalendarsSpeakTheTeamsLanguage: on a Japanese server, a person who
// chose no language gets Japanese calendar names and events although the
// calendar app asks for English (its own language, not theirs), and no
// English word of the catalog is in either calendar.
func TestCalendarsSpeakTheTeamsLanguage(t *testing.T) {
	cat, err := i18n.Load(i18n.Japanese)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(d *server.Deps) { d.Catalog = cat })
	ctx := context.Background()
	must(t, e.store.UpdatePerson(ctx, &data.Person{ID: e.user.ID, Name: "田中 太郎", Email: testEmail, Meta: data.Meta{Revision: e.user.Revision}}))
	sr, _ := e.seedMeeting("週次定例")
	due, _ := data.ParseDate("2026-01-09")
	must(t, e.store.CreateTask(ctx, &data.Task{SeriesID: sr.ID, Title: "議事録を送る", AssigneeID: e.user.ID, State: data.TaskTodo, Due: due}))
	b := e.login()
	_, page := b.submit("/settings/calendar", url.Values{})
	urls := shownSecrets(t, page)
	english := englishFragments(t)
	for i, want := range []string{"X-WR-CALNAME:田中 太郎 さんのタスク（kaigi）", "X-WR-CALNAME:週次定例（kaigi）"} {
		req, _ := http.NewRequest(http.MethodGet, urls[i], nil)
		req.Header.Set("Accept-Language", "en-US,en;q=0.9")
		resp, body := e.anonymous().do(req)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("calendar %d: %d, want %q in:\n%s", i, resp.StatusCode, want, body)
		}
		// What a calendar app shows: the calendar's name and the events'.
		var words []string
		for _, line := range strings.Split(body, "\r\n") {
			if strings.HasPrefix(line, "X-WR-CALNAME:") || strings.HasPrefix(line, "SUMMARY:") {
				words = append(words, line[strings.Index(line, ":")+1:])
			}
		}
		if len(words) < 2 {
			t.Fatalf("calendar %d has no name or no event:\n%s", i, body)
		}
		for frag, re := range english {
			if re.MatchString(strings.Join(words, "\n")) {
				t.Errorf("calendar %d shows the English %q: %q", i, frag, words)
			}
		}
	}
}
