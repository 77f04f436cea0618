package server_test

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kaigi-dev/kaigi/data"
)

// fitsPhone reports what at 390 px scrolls sideways or wraps: the page
// wider than the window, and badges (states, outcomes, priorities, carry
// counts) on more than one line, with every <details> open (closed again
// after).
const fitsPhone = `(() => {
	const out = [];
	const closed = [...document.querySelectorAll("details:not([open])")];
	closed.forEach(d => d.open = true);
	const de = document.documentElement;
	if (de.scrollWidth > innerWidth || de.scrollWidth > de.clientWidth) {
		const wide = [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > innerWidth + 0.5)
			.slice(-3).map(el => el.tagName.toLowerCase() + "." + [...el.classList].join("."));
		out.push("page " + de.scrollWidth + "px wide in a " + innerWidth + "px window: " + wide.join(", "));
	}
	for (const b of document.querySelectorAll(".badge, .outcome, .prio, .sent-note .badge")) {
		if (!b.getClientRects().length) continue; // not shown (a closed <details>)
		const cs = getComputedStyle(b), rects = b.getClientRects();
		const lines = cs.display === "inline" ? rects.length
			: Math.round((b.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) / parseFloat(cs.lineHeight));
		if (lines !== 1) out.push("badge on " + lines + " lines: " + b.textContent.trim());
	}
	closed.forEach(d => d.open = false);
	return out;
})()`

// slantedJapanese lists the elements whose own text is Japanese and that
// are drawn italic or oblique: CJK has no italic, so a browser slants the
// glyphs itself, which reads as a misprint in Japanese.
const slantedJapanese = `[...document.querySelectorAll("body *")]
	.filter(el => [...el.childNodes].some(n => n.nodeType === 3 && /[\u3040-\u30ff\u4e00-\u9fff]/.test(n.textContent)))
	.filter(el => getComputedStyle(el).fontStyle !== "normal")
	.slice(0, 5).map(el => el.tagName.toLowerCase() + "." + [...el.classList].join(".") + " " + el.textContent.trim().slice(0, 20))`

// TestMeetingRoomWalkInBrowser plays three weekly meetings in Japanese on
// a phone and on a laptop, from the pages alone.
func TestMeetingRoomWalkInBrowser(t *testing.T) {
	for _, size := range [][2]int{{390, 844}, {1280, 800}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) { meetingRoomWalk(t, size[0], size[1]) })
	}
}

// meetingRoomWalk: two agendas are proposed to the series' backlog before
// any meeting exists; meeting 1 is run from its page without a reload
// (notes typed in place and saved, a decision and a task added from an
// agenda card, an agenda resolved, the list reordered by keyboard), marked
// held before its slot; the next meeting opened from it is the following
// one; after meetings 2 and 3, meeting 1's minutes read byte for byte as
// they did when it was held. At 390 px no page scrolls sideways and no
// badge wraps.
func meetingRoomWalk(t *testing.T, width, height int) {
	e := newEnv(t) // clock: Monday 2026-01-05 09:00 UTC
	english := englishFragments(t)
	ctx := newBrowser(t, chromedp.Flag("lang", "ja"), chromedp.Flag("accept-lang", "ja"), chromedp.WindowSize(width, height))
	viewport := []chromedp.EmulateViewportOption{}
	if width <= 390 {
		viewport = append(viewport, chromedp.EmulateMobile, chromedp.EmulateTouch) // a phone: overlay scrollbars, touch
	}
	run(t, ctx, "window size", chromedp.EmulateViewport(int64(width), int64(height), viewport...))
	base := e.srv.URL
	bg := context.Background()
	check := func(page string) {
		t.Helper()
		shot(t, ctx, fmt.Sprintf("room-%d-%s", width, strings.ReplaceAll(page, " ", "-"))) // as it was shown: before the check opens every <details>
		japaneseOnly(t, ctx, english, page)
		if slanted := read(t, ctx, "upright Japanese: "+page, chromedp.Evaluate[[]string](slantedJapanese)); len(slanted) > 0 {
			t.Errorf("%s at %d px draws Japanese italic: %v", page, width, slanted)
		}
		if width <= 390 {
			if bad := read(t, ctx, "fits the phone: "+page, chromedp.Evaluate[[]string](fitsPhone)); len(bad) > 0 {
				t.Errorf("%s at %d px:\n  %s", page, width, strings.Join(bad, "\n  "))
			}
		}
	}
	// The walk's steps in meeting 1 must not load the page again: a mark
	// set on the page's window is still there at the end.
	marked := func() bool {
		return read(t, ctx, "no reload", chromedp.Evaluate[bool](`window.kaigiWalk === 1`))
	}

	loginInBrowser(t, ctx, base)
	check("home")
	run(t, ctx, "series list", chromedp.Navigate(base+"/series"), chromedp.WaitVisible(`//h2[text()="新しい定例"]`))
	check("series list")
	run(t, ctx, "create a series",
		submitForm("/series", map[string]string{"name": "開発チーム週次定例"}),
		chromedp.WaitVisible(`//h1[text()="開発チーム週次定例"]`))
	for _, title := range []string{"ビルドの高速化", "ログイン試験が不安定"} {
		run(t, ctx, "propose "+title,
			submitForm("/backlog", map[string]string{"title": title}),
			chromedp.WaitVisible(`//ul[@id="backlog"]//a[text()="`+title+`"]`))
	}
	if ms, err := e.store.Meetings(bg, data.MeetingFilter{}); err != nil || len(ms) != 0 {
		t.Fatalf("meetings before the first is opened: %d (%v)", len(ms), err)
	}
	check("series with backlog")

	week1 := clickAndLeave(t, ctx, "open meeting 1", `form[action$="/next"] button`)
	run(t, ctx, "meeting 1 shown", chromedp.WaitVisible(chromedp.CSS(`#meeting[data-stream="open"]`)))
	card := func(title string) string {
		return `//li[contains(@class,"agenda") and .//a[contains(@class,"agenda-title") and text()="` + title + `"]]`
	}
	for _, title := range []string{"ビルドの高速化", "ログイン試験が不安定"} {
		run(t, ctx, "backlog agenda on meeting 1: "+title, chromedp.WaitVisible(card(title)))
	}
	read(t, ctx, "mark the page", chromedp.Evaluate[int](`window.kaigiWalk = 1`))

	run(t, ctx, "add an agenda from the inline field",
		chromedp.SendKeys(`#add-agenda input[name="title"]`, "第3四半期の計画"),
		chromedp.Click(chromedp.CSS(`#add-agenda button.primary`)),
		chromedp.WaitVisible(card("第3四半期の計画")))
	run(t, ctx, "type notes in place",
		chromedp.Click(card("ビルドの高速化")+`//textarea[@name="notes"]`),
		chromedp.SendKeys(card("ビルドの高速化")+`//textarea[@name="notes"]`, "キャッシュを入れると半分になる"),
		// The box's own text is what the last save stored: all of it.
		chromedp.WaitVisible(card("ビルドの高速化")+`//textarea[@name="notes" and text()="キャッシュを入れると半分になる"]`))
	if state := read(t, ctx, "save state", chromedp.Text(card("ビルドの高速化")+`//span[contains(@class,"save-state")]`)); state != "保存しました" {
		t.Errorf("the card says %q after saving", state)
	}
	settled(t, ctx, e)
	mid := data.MeetingID(path.Base(week1))
	mn, err := e.store.Minutes(bg, mid)
	must(t, err)
	if notes := notesOf(mn, "ビルドの高速化"); notes != "キャッシュを入れると半分になる" {
		t.Fatalf("the typed notes were saved as %q", notes)
	}
	run(t, ctx, "record a decision from the card",
		chromedp.SendKeys(card("ビルドの高速化")+`//form[starts-with(@id,"add-decision-")]//input[@name="title"]`, "ビルドにキャッシュを入れる"),
		chromedp.Click(card("ビルドの高速化")+`//form[starts-with(@id,"add-decision-")]//button`),
		chromedp.WaitVisible(card("ビルドの高速化")+`//ul[@class="records"]//a[text()="ビルドにキャッシュを入れる"]`))
	run(t, ctx, "add a task from the card",
		chromedp.SendKeys(card("ログイン試験が不安定")+`//form[starts-with(@id,"add-task-")]//input[@name="title"]`, "不安定な試験を隔離する"),
		chromedp.SendKeys(card("ログイン試験が不安定")+`//form[starts-with(@id,"add-task-")]//input[@name="assignee"]`, "Aiko"),
		chromedp.Click(card("ログイン試験が不安定")+`//form[starts-with(@id,"add-task-")]//button`),
		chromedp.WaitVisible(card("ログイン試験が不安定")+`//ul[@class="records"]//a[text()="不安定な試験を隔離する"]`))
	if state := read(t, ctx, "task state on the card", chromedp.Text(card("ログイン試験が不安定")+`//li[contains(@class,"task")]//span[contains(@class,"task-state")]`)); state != "未着手" {
		t.Errorf("the card's task shows state %q, want 未着手", state)
	}
	run(t, ctx, "resolve from the card",
		chromedp.Click(card("ログイン試験が不安定")+`//button[@value="resolved"]`),
		chromedp.WaitVisible(`//li[contains(@class,"resolved")]//a[text()="ログイン試験が不安定"]`))
	order := func() string {
		return read(t, ctx, "order", chromedp.Evaluate[string](`[...document.querySelectorAll("ol.agendas a.agenda-title")].map(a => a.textContent).join(" / ")`))
	}
	before := strings.Split(order(), " / ")
	if len(before) != 3 || before[2] != "第3四半期の計画" {
		t.Fatalf("order before moving: %v", before)
	}
	run(t, ctx, "move the new agenda up by keyboard",
		chromedp.Focus(card("第3四半期の計画")),
		chromedp.KeyEvent("K"),
		chromedp.WaitVisible(`//ol[@class="agendas"]/li[2]//a[text()="第3四半期の計画"]`))
	if got, want := order(), before[0]+" / 第3四半期の計画 / "+before[1]; got != want {
		t.Fatalf("order after moving: %s, want %s", got, want)
	}
	mn, err = e.store.Minutes(bg, mid)
	must(t, err)
	if mn.Items[1].Agenda.Title != "第3四半期の計画" {
		t.Errorf("the store's order: %s second", mn.Items[1].Agenda.Title)
	}
	if !marked() {
		t.Fatal("running meeting 1 loaded the page again")
	}
	run(t, ctx, "open the shortcut list", chromedp.KeyEvent("?"), chromedp.WaitVisible(chromedp.CSS(`#shortcuts`)))
	check("shortcuts")
	run(t, ctx, "close it", chromedp.Click(chromedp.CSS(`#shortcuts button`)), chromedp.WaitNotVisible(chromedp.CSS(`#shortcuts`)))
	check("meeting 1 running")

	run(t, ctx, "mark meeting 1 held before its slot", chromedp.Click(chromedp.CSS(`form[action$="/held"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.held-note`)))
	if n := read(t, ctx, "edit chrome", chromedp.Evaluate[int](`document.querySelectorAll("#minutes form, #minutes textarea, #minutes button").length`)); n != 0 {
		t.Errorf("meeting 1's minutes still show %d forms, fields or buttons once held", n)
	}
	check("meeting 1 held")
	minutes1 := minutesSnapshot(t, ctx, week1)

	week2 := clickAndLeave(t, ctx, "open the next meeting", `form[action$="/next"] button`)
	run(t, ctx, "meeting 2 shown", chromedp.WaitVisible(chromedp.CSS(`#agendas`)))
	if strings.HasPrefix(week2, week1) {
		t.Fatalf("the next meeting after the held one is the held one: %s", week2)
	}
	if when := read(t, ctx, "meeting 2's day", chromedp.Text(chromedp.CSS(`.head p.muted`))); !strings.Contains(when, "2026年1月19日") {
		t.Errorf("the next meeting is not the following week's: %q", when)
	}
	carried := read(t, ctx, "meeting 2's list", chromedp.Text(chromedp.CSS(`ol.agendas`)))
	if !strings.Contains(carried, "ビルドの高速化") || !strings.Contains(carried, "第3四半期の計画") || strings.Contains(carried, "ログイン試験が不安定") {
		t.Errorf("meeting 2's list: %s", carried)
	}
	check("meeting 2")
	run(t, ctx, "home shows meeting 2 as next", chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`//a[@href="`+strings.TrimPrefix(week2, base)+`"]`))
	check("home with next meeting")

	run(t, ctx, "back to meeting 2", chromedp.Navigate(week2), chromedp.WaitVisible(chromedp.CSS(`#meeting[data-stream="open"]`)))
	run(t, ctx, "notes in meeting 2",
		chromedp.SendKeys(card("ビルドの高速化")+`//textarea[@name="notes"]`, "効果を測った"),
		chromedp.WaitVisible(card("ビルドの高速化")+`//textarea[@name="notes" and text()="効果を測った"]`))
	settled(t, ctx, e)
	run(t, ctx, "resolve in meeting 2",
		chromedp.Click(card("ビルドの高速化")+`//button[@value="resolved"]`),
		chromedp.WaitVisible(`//li[contains(@class,"resolved")]//a[text()="ビルドの高速化"]`))
	run(t, ctx, "mark meeting 2 held", chromedp.Click(chromedp.CSS(`form[action$="/held"] button`)), chromedp.WaitVisible(chromedp.CSS(`.held-note`)))
	week3 := clickAndLeave(t, ctx, "open meeting 3", `form[action$="/next"] button`)
	run(t, ctx, "meeting 3 shown", chromedp.WaitVisible(chromedp.CSS(`#agendas`)))
	if week3 == week2 || week3 == week1 {
		t.Fatalf("meeting 3 is an earlier one: %s", week3)
	}
	check("meeting 3")
	run(t, ctx, "resolve in meeting 3", chromedp.Click(card("第3四半期の計画")+`//button[@value="resolved"]`),
		chromedp.WaitVisible(`//li[contains(@class,"resolved")]//a[text()="第3四半期の計画"]`))
	run(t, ctx, "mark meeting 3 held", chromedp.Click(chromedp.CSS(`form[action$="/held"] button`)), chromedp.WaitVisible(chromedp.CSS(`.held-note`)))
	check("meeting 3 held")

	if after := minutesSnapshot(t, ctx, week1); after != minutes1 {
		t.Errorf("meeting 1's minutes changed after meeting 3:\nbefore: %s\nafter:  %s", minutes1, after)
	}
	if !strings.Contains(minutes1, "キャッシュを入れると半分になる") || !strings.Contains(minutes1, "ビルドにキャッシュを入れる") ||
		!regexp.MustCompile(`不安定な試験を隔離する`).MatchString(minutes1) {
		t.Errorf("meeting 1's minutes lack its notes, decision or task:\n%s", minutes1)
	}
	check("meeting 1 after meeting 3")
	run(t, ctx, "series page", chromedp.Navigate(base+"/series"), chromedp.Click(`//a[text()="開発チーム週次定例"]`),
		chromedp.WaitVisible(`//h1[text()="開発チーム週次定例"]`))
	check("series after three meetings")
	run(t, ctx, "print view", chromedp.Navigate(week1+"/print"), chromedp.WaitVisible(chromedp.CSS(`#minutes-print`)))
	check("minutes print")
}

func notesOf(mn data.Minutes, title string) string {
	for _, it := range mn.Items {
		if it.Agenda.Title == title {
			return it.Discussion.Notes
		}
	}
	return ""
}

// settled waits until the live page shows the store's latest change, so
// that a step does not act on a part the live refresh is about to replace.
func settled(t *testing.T, ctx context.Context, e *env) {
	t.Helper()
	seq, _, err := e.store.LastChange(context.Background())
	must(t, err)
	read(t, ctx, "the page shows every change", chromedp.Poll[bool](fmt.Sprintf(`+document.getElementById("meeting").dataset.seq >= %d`, seq)))
}
