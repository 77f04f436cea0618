package server_test

import (
	"context"
	"flag"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		must(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to write it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -run %s -update rewrites it):\n--- got\n%s\n--- want\n%s", name, t.Name(), got, want)
	}
}

// minutesWalk is two weekly meetings of a Japanese team: week 1 discusses
// two agendas and is held; week 2 resolves one of them, drops the other,
// adds two of its own (one whose title is Markdown-looking), records a
// decision and three tasks (one already late, one unassigned) and the
// attendance, and is held.
type minutesWalk struct {
	series       data.Series
	week1, week2 data.Meeting
	week1Before  string // week 1's minutes before week 2 happened
}

func walkMinutes(t *testing.T, e *env, b *browser) minutesWalk {
	t.Helper()
	ctx := context.Background()
	var w minutesWalk
	w.series, w.week1 = e.seedMeeting("プラットフォーム定例")
	ben, chie := data.Person{Name: "Ben"}, data.Person{Name: "千恵"}
	must(t, e.store.CreatePerson(ctx, &ben))
	must(t, e.store.CreatePerson(ctx, &chie))

	compose := data.Agenda{SeriesID: w.series.ID, Title: "Compose 移行", Priority: 1, OwnerID: ben.ID,
		Body: "Jetpack Compose へ移る。\n\n- 画面ごとに進める"}
	jenkins := data.Agenda{SeriesID: w.series.ID, Title: "古い Jenkins を止める", Priority: 3}
	must(t, e.store.CreateAgenda(ctx, &compose, w.week1.ID))
	must(t, e.store.CreateAgenda(ctx, &jenkins, w.week1.ID))
	must(t, e.store.SetDiscussionNotes(ctx, w.week1.ID, compose.ID, "相性を検証した。\n\n- 既存の画面は **そのまま**\n- 新しい画面から移す"))
	// Given out in week 1, done only in week 2: week 1's minutes keep it to do.
	setUp := data.Task{SeriesID: w.series.ID, MeetingID: w.week1.ID, AgendaID: compose.ID, Title: "検証環境を作る", AssigneeID: ben.ID}
	must(t, e.store.CreateTask(ctx, &setUp))
	w.week1 = hold(t, e, w.week1)
	w.week1Before = minutesMD(t, b, w.week1.ID, "ja")

	e.clock.Advance(7 * 24 * 60 * 60 * 1e9)
	var err error
	w.week2, _, err = e.store.NextMeeting(ctx, w.series.ID)
	must(t, err)
	w.week2.Attendees = []data.PersonID{e.user.ID, ben.ID, chie.ID}
	w.week2.Absent = []data.PersonID{chie.ID}
	w.week2.Notes = "次回はリリース後に。\n# 見出しに見えるメモ\n| 表 | ではない |"
	must(t, e.store.UpdateMeeting(ctx, &w.week2))

	release := data.Agenda{SeriesID: w.series.ID, Title: "# リリース手順 | *草案*", Priority: 2}
	docs := data.Agenda{SeriesID: w.series.ID, Title: "1. ドキュメント置き場", Priority: 4}
	must(t, e.store.CreateAgenda(ctx, &release, w.week2.ID))
	must(t, e.store.CreateAgenda(ctx, &docs, w.week2.ID))
	resolved := "検証環境で問題なし。"
	_, err = e.store.UpdateDiscussion(ctx, w.week2.ID, compose.ID, data.DiscussionChange{Notes: &resolved, Outcome: data.OutcomeResolved})
	must(t, err)
	_, err = e.store.UpdateDiscussion(ctx, w.week2.ID, jenkins.ID, data.DiscussionChange{Outcome: data.OutcomeDropped})
	must(t, err)
	must(t, e.store.SetDiscussionNotes(ctx, w.week2.ID, release.ID, "手順を書き出した\n\n```\nmake release\n```"))

	dec := data.Decision{Title: "新しい画面から Compose にする", Body: "既存の画面は触らない。", AgendaID: compose.ID, MeetingID: w.week2.ID}
	must(t, e.store.CreateDecision(ctx, &dec))
	var review data.Task
	for _, task := range []data.Task{
		{Title: "移行計画を書く", AssigneeID: ben.ID, Due: data.DateOf(w.week2.StartsAt.AddDate(0, 0, 7)), AgendaID: compose.ID},
		{Title: "先月の宿題", AssigneeID: e.user.ID, Due: data.DateOf(w.week2.StartsAt.AddDate(0, 0, -10))},
		{Title: "手順書のレビュー", AgendaID: release.ID},
	} {
		task.SeriesID, task.MeetingID = w.series.ID, w.week2.ID
		must(t, e.store.CreateTask(ctx, &task))
		review = task
	}
	// After week 1's day (01:00 on the 13th in Tokyo), before week 2's
	// ends: the review is done, and week 1's task too.
	e.clock.Advance(7 * time.Hour)
	for _, done := range []data.Task{review, setUp} {
		done, err := e.store.Task(ctx, done.ID)
		must(t, err)
		done.State = data.TaskDone
		must(t, e.store.UpdateTask(ctx, &done))
	}
	w.week2 = hold(t, e, w.week2)
	return w
}

func hold(t *testing.T, e *env, m data.Meeting) data.Meeting {
	t.Helper()
	m, err := e.store.Meeting(context.Background(), m.ID)
	must(t, err)
	m, err = e.store.SetMeetingState(context.Background(), m.ID, data.MeetingHeld, m.Revision)
	must(t, err)
	return m
}

// minutesMD downloads a meeting's minutes as a browser asking for lang.
func minutesMD(t *testing.T, b *browser, id data.MeetingID, lang string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+"/meetings/"+string(id)+"/minutes.md", nil)
	req.Header.Set("Accept-Language", lang)
	resp, body := b.do(req)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET minutes.md: %d %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/markdown; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	return body
}

// TestMinutesMarkdownOfAWalkedMeeting: the minutes of a walked meeting
// are the golden files in English and Japanese; last week's minutes are
// byte for byte what they were before this week resolved and dropped its
// agendas; the API serves the same document; the download is named after
// the Japanese meeting.
func TestMinutesMarkdownOfAWalkedMeeting(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	w := walkMinutes(t, e, b)

	golden(t, "minutes_week2.ja.md", minutesMD(t, b, w.week2.ID, "ja"))
	golden(t, "minutes_week2.en.md", minutesMD(t, b, w.week2.ID, "en"))
	golden(t, "minutes_week1.ja.md", w.week1Before)
	if after := minutesMD(t, b, w.week1.ID, "ja"); after != w.week1Before {
		t.Errorf("last week's minutes changed after this week:\n--- before\n%s\n--- after\n%s", w.week1Before, after)
	}

	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/meetings/"+string(w.week2.ID)+"/minutes.md", nil)
	resp, _ := b.do(req)
	cd := resp.Header.Get("Content-Disposition")
	title := strings.ReplaceAll(w.week2.Title, " ", "%20")
	if !strings.HasPrefix(cd, `attachment; filename="minutes-`) || !strings.Contains(cd, "filename*=UTF-8''") ||
		!strings.Contains(cd, "%E3%83%97%E3%83%A9%E3%83%83%E3%83%88") || strings.ContainsAny(cd, "プ") {
		t.Errorf("Content-Disposition %q (meeting %q)", cd, title)
	}
	if _, params, err := mime.ParseMediaType(cd); err != nil || params["filename"] != w.week2.Title+".md" {
		t.Errorf("Content-Disposition %q reads as %q (%v), want the meeting's title", cd, params["filename"], err)
	}

	api := e.api()
	areq, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/meetings/"+string(w.week2.ID)+"/minutes?lang=en", nil)
	areq.Header.Set("Authorization", "Bearer "+api.token)
	resp, body := e.anonymous().do(areq)
	if resp.StatusCode != http.StatusOK || body != minutesMD(t, b, w.week2.ID, "en") {
		t.Errorf("API minutes: %d, differs from the download:\n%s", resp.StatusCode, body)
	}
	if resp, _ := e.anonymous().get("/meetings/" + string(w.week2.ID) + "/minutes.md"); resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("minutes without a session: %d", resp.StatusCode)
	}
	if resp, body := b.get("/meetings/nope/minutes.md"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("minutes of an unknown meeting: %d %s", resp.StatusCode, body)
	}
}

// TestMinutesPrintView: the print view shows the same minutes as a page of
// its own, in the reader's language, with its print style sheet, and the
// meeting page links to it, to the download and has the copy button.
func TestMinutesPrintView(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	w := walkMinutes(t, e, b)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/meetings/"+string(w.week2.ID)+"/print", nil)
	req.Header.Set("Accept-Language", "ja")
	resp, page := b.do(req)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("print view: %d %s", resp.StatusCode, page)
	}
	for _, want := range []string{`<html lang="ja">`, "議事録: プラットフォーム定例 2026-01-19", "/static/print.", "2026年1月19日(月) 10:00 JST",
		"# リリース手順 | *草案*", "解決", "取り下げ", `class="overdue">期限切れ`, "担当: 未割り当て", "<h1>見出しに見えるメモ</h1>"} {
		if !strings.Contains(page, want) {
			t.Errorf("print view lacks %q", want)
		}
	}
	if strings.Contains(page, `class="top"`) {
		t.Error("print view has the site navigation")
	}
	_, meeting := b.get("/meetings/" + string(w.week2.ID))
	id := string(w.week2.ID)
	for _, want := range []string{`href="/meetings/` + id + `/print"`, `href="/meetings/` + id + `/minutes.md" download`,
		`data-copy-url="/meetings/` + id + `/minutes.md"`} {
		if !strings.Contains(meeting, want) {
			t.Errorf("meeting page lacks %s", want)
		}
	}
}
