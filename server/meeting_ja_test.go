package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

var (
	tags             = regexp.MustCompile(`<[^>]*>`)
	visibleAttribute = regexp.MustCompile(`(?:title|aria-label|placeholder|data-changed)="([^"]*)"`)
)

// readableWords is what a person reads on a page: its text and the attributes
// a browser shows.
func readableWords(page string) string {
	var b strings.Builder
	for _, m := range visibleAttribute.FindAllStringSubmatch(page, -1) {
		b.WriteString(html.UnescapeString(m[1]) + "\n")
	}
	b.WriteString(html.UnescapeString(tags.ReplaceAllString(page, "\n")))
	return b.String()
}

// englishLeft lists the English catalog's messages that appear in words
// and differ from their Japanese translation.
func englishLeft(t *testing.T, words string) []string {
	t.Helper()
	cat, err := i18n.Load(i18n.English)
	must(t, err)
	en, ja := cat.For(i18n.English), cat.For(i18n.Japanese)
	var left []string
	for _, id := range cat.IDs(i18n.English) {
		msg := en.S(id)
		if strings.Contains(msg, "{{") || msg == ja.S(id) || !latinWord.MatchString(msg) {
			continue
		}
		if strings.Contains(words, msg) {
			left = append(left, id+": "+msg)
		}
	}
	return left
}

func (b *browser) getJa(path string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	req.Header.Set("Accept-Language", "ja,en;q=0.5")
	return b.do(req)
}

func (b *browser) submitJa(path string, form url.Values) (*http.Response, string) {
	form.Set("csrf", b.csrf)
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "ja")
	return b.do(req)
}

// TestMeetingPageInJapanese shows a meeting with everything on it (a
// carried agenda with last time's notes and decision, outcomes, a
// decision, tasks with owners and due dates, a reopen) to a Japanese
// browser: no English message of the catalog is left, and dates are
// written the Japanese way; a stale notes save and a bad time say so in
// Japanese.
func TestMeetingPageInJapanese(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, first := e.seedMeeting("週次定例")
	b := e.login()
	carried := data.Agenda{SeriesID: sr.ID, Title: "CI が遅い", Priority: 1}
	must(t, e.store.CreateAgenda(ctx, &carried, first.ID))
	notes := "キャッシュを試す"
	_, err := e.store.UpdateDiscussion(ctx, first.ID, carried.ID, data.DiscussionChange{Notes: &notes, Revision: carried.Revision})
	must(t, err)
	must(t, e.store.CreateDecision(ctx, &data.Decision{MeetingID: first.ID, AgendaID: carried.ID, Title: "まず計測する"}))
	_, err = e.store.SetMeetingState(ctx, first.ID, data.MeetingHeld, 0)
	must(t, err)
	resp, body := b.submit("/meetings/"+string(first.ID)+"/next", url.Values{})
	m, err := e.store.Meeting(ctx, data.MeetingID(strings.TrimPrefix(seeOther(t, resp, body), "/meetings/")))
	must(t, err)
	other := data.Agenda{SeriesID: sr.ID, Title: "採用の進め方", Priority: 3}
	must(t, e.store.CreateAgenda(ctx, &other, m.ID))
	must(t, e.store.CreateDecision(ctx, &data.Decision{MeetingID: m.ID, Title: "毎週計測を共有する"}))
	must(t, e.store.CreateTask(ctx, &data.Task{SeriesID: sr.ID, MeetingID: m.ID, Title: "計測スクリプトを書く", AssigneeID: e.user.ID,
		Due: data.Date{Year: 2026, Month: 1, Day: 2}}))
	path := "/meetings/" + string(m.ID)
	var page string
	for _, step := range []string{"resolve", "hold", "reopen"} {
		switch step {
		case "resolve":
			ag, err := e.store.Agenda(ctx, other.ID)
			must(t, err)
			_, err = e.store.UpdateDiscussion(ctx, m.ID, other.ID, data.DiscussionChange{Outcome: data.OutcomeResolved, Revision: ag.Revision})
			must(t, err)
		case "hold":
			_, err = e.store.SetMeetingState(ctx, m.ID, data.MeetingHeld, 0)
			must(t, err)
		case "reopen":
			_, err = e.store.SetMeetingState(ctx, m.ID, data.MeetingPlanned, 0)
			must(t, err)
		}
		resp, page = b.getJa(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", step, resp.StatusCode)
		}
		words := readableWords(page)
		if left := englishLeft(t, words); len(left) > 0 {
			t.Errorf("after %s the Japanese meeting page shows English:\n%s", step, strings.Join(left, "\n"))
		}
		for _, want := range []string{"2026年1月19日(月) 10:00 JST", "2026年1月2日(金)", "前回：", "決定：", "期限切れ"} {
			if !strings.Contains(words, want) {
				t.Errorf("after %s the page lacks %q", step, want)
			}
		}
		if step == "hold" && !strings.Contains(words, "開催済み") {
			t.Errorf("the held meeting does not say 開催済み")
		}
	}

	// A stale save of notes, and a time that is not one.
	ag, err := e.store.Agenda(ctx, carried.ID)
	must(t, err)
	resp, page = b.submitJa(path+"/agendas/"+string(carried.ID)+"/notes", url.Values{"notes": {"わたしのメモ"}, "revision": {itoa(ag.Revision - 1)}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(page, "入力中にほかの人がこの議題のメモを保存しました") {
		t.Fatalf("a stale notes save in Japanese: %d\n%s", resp.StatusCode, readableWords(page))
	}
	mt, err := e.store.Meeting(ctx, m.ID)
	must(t, err)
	resp, page = b.submitJa(path+"/time", url.Values{"date": {"2026-01-20"}, "time": {"朝"}, "revision": {itoa(mt.Revision)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "10:00 のような時刻を入力してください。") {
		t.Fatalf("a bad time in Japanese: %d\n%s", resp.StatusCode, readableWords(page))
	}
}
