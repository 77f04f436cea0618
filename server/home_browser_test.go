package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kaigi-dev/kaigi/data"
)

// TestHomeStartsTheWeekInBrowser: the home page in Japanese, on a laptop
// and a 390 px phone, shows each series' next meeting with its day, how
// far it is, its agenda count and a link; the series' backlog count (and
// the open-next button where no meeting is open); the propose form; my
// open tasks with their due dates, overdue and due-today marks by the
// team's day; recent decisions. Nothing scrolls sideways at 390 px.
func TestHomeStartsTheWeekInBrowser(t *testing.T) {
	for _, size := range [][2]int{{1280, 800}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) { homeWeek(t, size[0], size[1]) })
	}
}

func homeWeek(t *testing.T, width, height int) {
	e := newEnv(t) // Monday 2026-01-05 09:00 UTC: 18:00 in Tokyo
	bg := context.Background()
	dev := data.Series{Name: "開発チーム週次定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	must(t, e.store.CreateSeries(bg, &dev))
	m, _, err := e.store.NextMeeting(bg, dev.ID)
	must(t, err)
	for _, title := range []string{"ビルドの高速化", "ログイン試験が不安定", "第3四半期の計画"} {
		a := data.Agenda{SeriesID: dev.ID, Title: title, Priority: 2}
		must(t, e.store.CreateAgenda(bg, &a, m.ID))
	}
	design := data.Series{Name: "デザインレビュー", Schedule: "0 15 * * THU", TimeZone: "Asia/Tokyo"}
	must(t, e.store.CreateSeries(bg, &design))
	for _, title := range []string{"アイコンの刷新", "配色の見直し"} {
		a := data.Agenda{SeriesID: design.ID, Title: title, Priority: 3, ProposedBy: e.user.ID}
		must(t, e.store.ProposeAgenda(bg, &a))
	}
	for _, tk := range []struct {
		title string
		due   data.Date
	}{
		{"見積もりを送る", data.Date{Year: 2026, Month: 1, Day: 2}},
		{"議事録を共有する", data.Date{Year: 2026, Month: 1, Day: 5}},
		{"試験環境を用意する", data.Date{Year: 2026, Month: 1, Day: 9}},
		{"読書会の本を選ぶ", data.Date{}},
	} {
		task := data.Task{SeriesID: dev.ID, MeetingID: m.ID, Title: tk.title, AssigneeID: e.user.ID, Due: tk.due}
		must(t, e.store.CreateTask(bg, &task))
	}
	for _, title := range []string{"ビルドにキャッシュを入れる", "リリースは隔週にする"} {
		d := data.Decision{MeetingID: m.ID, Title: title}
		must(t, e.store.CreateDecision(bg, &d))
	}

	english := englishFragments(t)
	ctx := newBrowser(t, chromedp.Flag("lang", "ja"), chromedp.Flag("accept-lang", "ja"), chromedp.WindowSize(width, height))
	viewport := []chromedp.EmulateViewportOption{}
	if width <= 390 {
		viewport = append(viewport, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	run(t, ctx, "window size", chromedp.EmulateViewport(int64(width), int64(height), viewport...))
	loginInBrowser(t, ctx, e.srv.URL)
	run(t, ctx, "home", chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`ul.series-next`)))
	shot(t, ctx, fmt.Sprintf("home-week-%d", width))
	japaneseOnly(t, ctx, english, "home")
	if width <= 390 {
		if bad := read(t, ctx, "fits the phone", chromedp.Evaluate[[]string](fitsPhone)); len(bad) > 0 {
			t.Errorf("home at %d px:\n  %s", width, strings.Join(bad, "\n  "))
		}
	}
	text := func(sel string) string {
		return strings.Join(strings.Fields(read(t, ctx, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))), " ")
	}
	devCard := text("#next-" + string(dev.ID))
	for _, want := range []string{"開発チーム週次定例", m.Title, "2026年1月12日", "あと 7 日", "議題 3 件", "候補 0 件"} {
		if !strings.Contains(devCard, want) {
			t.Errorf("the development series' card lacks %q: %s", want, devCard)
		}
	}
	if n := read(t, ctx, "link to the meeting", chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('#next-%s a[href="/meetings/%s"]').length`, dev.ID, m.ID))); n != 1 {
		t.Errorf("the card links to its next meeting %d times", n)
	}
	designCard := text("#next-" + string(design.ID))
	for _, want := range []string{"デザインレビュー", "開いている会議はありません", "候補 2 件", "次の会議を開く"} {
		if !strings.Contains(designCard, want) {
			t.Errorf("the design series' card lacks %q: %s", want, designCard)
		}
	}
	if n := read(t, ctx, "propose form", chromedp.Evaluate[int](`document.querySelectorAll('details.home-propose form[action="/backlog"] select[name="series_id"] option').length`)); n != 2 {
		t.Errorf("the propose form offers %d series, want 2", n)
	}
	tasks := read(t, ctx, "my tasks", chromedp.Evaluate[[]string](`[...document.querySelectorAll("ul.my-tasks > li")].map(li =>
		li.querySelector("a").textContent + "|" + [...li.querySelectorAll(".task-meta .badge")].map(b => b.textContent).join(",") + "|" + li.className)`))
	want := []string{"見積もりを送る|期限切れ|task overdue", "議事録を共有する|今日まで|task", "試験環境を用意する||task", "読書会の本を選ぶ||task"}
	if strings.Join(tasks, "\n") != strings.Join(want, "\n") {
		t.Errorf("my tasks:\n  %s\nwant:\n  %s", strings.Join(tasks, "\n  "), strings.Join(want, "\n  "))
	}
	if due := text("#task-" + taskID(t, e, "試験環境を用意する")); !strings.Contains(due, "期限 2026年1月9日") {
		t.Errorf("a task's due date: %s", due)
	}
	decisions := text("section[aria-labelledby=home-decisions]")
	for _, d := range []string{"ビルドにキャッシュを入れる", "リリースは隔週にする"} {
		if !strings.Contains(decisions, d) {
			t.Errorf("recent decisions lack %q: %s", d, decisions)
		}
	}
}

func taskID(t *testing.T, e *env, title string) string {
	t.Helper()
	all, err := e.store.Tasks(context.Background(), data.TaskFilter{Page: data.Page{Limit: 100}})
	must(t, err)
	for _, tk := range all {
		if tk.Title == title {
			return string(tk.ID)
		}
	}
	t.Fatalf("no task %q", title)
	return ""
}
