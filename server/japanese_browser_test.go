package server_test

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// pageWords is what a person reads on the page: the title, the rendered
// text with every <details> opened, and the placeholders, titles, labels
// and options of its controls. The <details> it opened are closed again,
// so that the page goes on (and a later screenshot shows it) as it was.
const pageWords = `(() => {
	const closed = [...document.querySelectorAll("details:not([open])")];
	closed.forEach(d => d.open = true);
	const out = [document.title, document.body.innerText];
	closed.forEach(d => d.open = false);
	document.querySelectorAll("[placeholder],[title],[aria-label],[alt]").forEach(el => {
		for (const a of ["placeholder", "title", "aria-label", "alt"]) {
			if (el.hasAttribute(a)) out.push(el.getAttribute(a));
		}
	});
	document.querySelectorAll("option").forEach(o => out.push(o.textContent));
	return out.join("\n");
})()`

// namesNotEnglish are the Latin words a Japanese page may show, in lower
// case (headings may be set in capitals): kaigi's name, the names of the
// tools and formats it speaks of (the Japanese catalog writes them so),
// zone abbreviations, and the walk's own data (the user's name, the
// series' time zone).
var namesNotEnglish = map[string]bool{
	"kaigi": true, "ladr": true, "notion": true, "slack": true, "webhook": true, "markdown": true, "cron": true,
	"jst": true, "utc": true, "aiko": true, "asia": true, "tokyo": true,
	"esc": true, // a key's name, as on the keyboard (the meeting page's shortcut list)
}

// settingName is a server setting named on a page (KAIGI_SLACK_WEBHOOK_URL):
// code, not words.
var settingName = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b`)

var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// englishFragments are the English catalog's words that its Japanese
// translation does not share: each message's literal text between the
// values it fills in, when it has a word that is not a name. Each is a
// pattern that matches it as whole words.
func englishFragments(t *testing.T) map[string]*regexp.Regexp {
	t.Helper()
	c, err := i18n.Load(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	en, ja := c.For(i18n.English), c.For(i18n.Japanese)
	holes := regexp.MustCompile(`<no value>|\d+`)
	out := map[string]*regexp.Regexp{}
	for _, id := range c.IDs(i18n.English) {
		texts := []string{en.F(id, nil), en.N(id, 1, nil), en.N(id, 2, nil)}
		japanese := ja.F(id, nil) + "\n" + ja.N(id, 2, nil)
		for _, text := range texts {
			if text == id {
				continue
			}
			for _, frag := range holes.Split(text, -1) {
				frag = strings.TrimSpace(frag)
				if !hasEnglishWord(frag) || strings.Contains(japanese, frag) {
					continue
				}
				pattern := regexp.QuoteMeta(frag)
				if regexp.MustCompile(`^\w`).MatchString(frag) {
					pattern = `\b` + pattern
				}
				if regexp.MustCompile(`\w$`).MatchString(frag) {
					pattern += `\b`
				}
				out[frag] = regexp.MustCompile(pattern)
			}
		}
	}
	if len(out) < 300 {
		t.Fatalf("only %d English fragments in the catalog: the check would see little", len(out))
	}
	return out
}

func hasEnglishWord(s string) bool {
	for _, w := range latinWord.FindAllString(s, -1) {
		if !namesNotEnglish[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// japaneseOnly fails the test (and goes on) for every English catalog
// fragment and every Latin word that is not a name on the page shown.
func japaneseOnly(t *testing.T, ctx context.Context, english map[string]*regexp.Regexp, page string) {
	t.Helper()
	text := read(t, ctx, "words of "+page, chromedp.Evaluate[string](pageWords))
	var found []string
	for frag, re := range english {
		if re.MatchString(text) {
			found = append(found, "catalog: "+frag)
		}
	}
	words := map[string]bool{}
	for _, w := range latinWord.FindAllString(settingName.ReplaceAllString(text, ""), -1) {
		if !namesNotEnglish[strings.ToLower(w)] && !words[w] {
			words[w] = true
			found = append(found, "word: "+w)
		}
	}
	if len(found) > 0 {
		sort.Strings(found)
		t.Errorf("the Japanese %s page shows English:\n  %s\npage text:\n%s", page, strings.Join(found, "\n  "), text)
	}
}

// TestWeeklyMeetingInJapaneseInBrowser walks a team's weekly meeting in a
// browser that asks for Japanese, and checks every page it sees against
// the catalog: no English word of kaigi's on any of them, dates written
// the Japanese way.
func TestWeeklyMeetingInJapaneseInBrowser(t *testing.T) {
	e := newEnv(t) // clock: Monday 2026-01-05 09:00 UTC
	english := englishFragments(t)
	ctx := newBrowser(t, chromedp.Flag("lang", "ja"), chromedp.Flag("accept-lang", "ja"))
	base := e.srv.URL
	check := func(page string) {
		t.Helper()
		japaneseOnly(t, ctx, english, page)
		shot(t, ctx, "ja-"+strings.ReplaceAll(page, " ", "-")) // with KAIGI_SCREENSHOTS=DIR
	}

	run(t, ctx, "open the login page",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`//button[text()="ログイン"]`),
	)
	check("login")
	run(t, ctx, "log in",
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), testEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(`//h2[text()="次の会議"]`),
	)
	check("empty home")
	run(t, ctx, "open the series list", chromedp.Navigate(base+"/series"), chromedp.WaitVisible(`//h2[text()="新しい定例"]`))
	check("series list")
	run(t, ctx, "create a series",
		submitForm("/series", map[string]string{"name": "開発チーム週次定例"}),
		chromedp.WaitVisible(`//h1[text()="開発チーム週次定例"]`),
	)
	seriesURL := read(t, ctx, "location", chromedp.Location())
	if meets := read(t, ctx, "schedule", chromedp.Text(chromedp.CSS(`main p.muted`))); !strings.Contains(meets, "毎週月曜日 10:00") ||
		!strings.Contains(meets, "次回: 2026年1月12日(月) 10:00 JST") {
		t.Errorf("the series' schedule in Japanese: %q", meets)
	}
	run(t, ctx, "open a meeting",
		chromedp.Click(chromedp.CSS(`form[action$="/next"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#agendas`)),
	)
	meetingURL := read(t, ctx, "location", chromedp.Location())
	for _, title := range []string{"ビルドの高速化", "ログイン試験が不安定", "第3四半期の計画"} {
		run(t, ctx, "add agenda "+title,
			submitForm("/agendas", map[string]string{"title": title}),
			chromedp.WaitVisible(`//a[contains(@class,"agenda-title") and text()="`+title+`"]`),
		)
	}
	run(t, ctx, "resolve an agenda",
		chromedp.Click(`//li[.//a[text()="ログイン試験が不安定"]]//button[@value="resolved"]`),
		chromedp.WaitVisible(`//li[contains(@class,"resolved")]//a[text()="ログイン試験が不安定"]`),
	)
	run(t, ctx, "record a decision",
		submitForm("/decisions", map[string]string{"title": "不安定な試験は隔離する"}),
		chromedp.WaitVisible(`//section[@id="decisions"]//strong[text()="不安定な試験は隔離する"]`),
	)
	run(t, ctx, "add a task that is already late",
		submitForm("/tasks", map[string]string{"title": "ビルド手順を分割する", "assignee": "Aiko", "due": "2026-01-02"}),
		chromedp.WaitVisible(`//section[@id="tasks"]//td/a[text()="ビルド手順を分割する"]`),
	)
	check("meeting")

	run(t, ctx, "search in Japanese",
		chromedp.SendKeys(chromedp.CSS(`#global-search`), "不安定\n"),
		chromedp.WaitVisible(`//ul[contains(@class,"hits")]//a[text()="不安定な試験は隔離する"]`),
	)
	check("search")
	run(t, ctx, "search for nothing", chromedp.Navigate(base+"/search?q=存在しない言葉"), chromedp.WaitVisible(`//li[contains(., "「存在しない言葉」に一致するものはありません")]`))
	check("search without hits")

	run(t, ctx, "home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`//h2[text()="自分の未完了タスク"]`))
	if mine := read(t, ctx, "my tasks", chromedp.Text(chromedp.CSS(`main ul.my-tasks`))); !strings.Contains(mine, "期限切れ") || !strings.Contains(mine, "2026年1月2日(金)") {
		t.Errorf("home's late task in Japanese: %q", mine)
	}
	check("home")
	run(t, ctx, "tasks", chromedp.Navigate(base+"/tasks"), chromedp.WaitVisible(`//td/a[text()="ビルド手順を分割する"]`))
	if row := read(t, ctx, "task row", chromedp.Text(chromedp.CSS(`tr.overdue`))); !strings.Contains(row, "Aiko") || !strings.Contains(row, "期限切れ 2026年1月2日(金)") {
		t.Errorf("the late task's row: %q", row)
	}
	check("tasks")
	run(t, ctx, "task", chromedp.Click(`//td/a[text()="ビルド手順を分割する"]`), chromedp.WaitVisible(`//h1[text()="ビルド手順を分割する"]`))
	check("task")

	run(t, ctx, "decisions", chromedp.Navigate(base+"/decisions"), chromedp.WaitVisible(`//a/strong[text()="不安定な試験は隔離する"]`))
	check("decisions")
	run(t, ctx, "decision", chromedp.Click(`//a/strong[text()="不安定な試験は隔離する"]`), chromedp.WaitVisible(`//h1[text()="不安定な試験は隔離する"]`))
	check("decision")
	read(t, ctx, "open the edit form", chromedp.Evaluate[bool](`document.getElementById("edit").open = true`))
	run(t, ctx, "a review date before the decision",
		chromedp.SetValue(chromedp.CSS(`form[action^="/decisions/"] input[name="review_by"]`), "2025-12-01"),
		chromedp.Click(chromedp.CSS(`form[action^="/decisions/"] button.primary`)),
		chromedp.WaitVisible(`//span[@class="field-error" and contains(., "見直し期限が日付になっていないか")]`),
	)
	check("decision with an error")

	run(t, ctx, "start an LADR from the decision",
		chromedp.Navigate(base+"/decisions"),
		chromedp.Click(`//a[text()="LADR を書く"]`),
		chromedp.WaitVisible(`//p[contains(., "決定事項「不安定な試験は隔離する」から作成しています")]`),
	)
	check("new LADR")
	run(t, ctx, "create the LADR",
		submitForm("/ladrs/new", map[string]string{"context": "ログイン試験が週に何度も落ちる。"}),
		chromedp.WaitVisible(`//h1[contains(., "不安定な試験は隔離する")]`),
	)
	check("LADR")
	run(t, ctx, "LADRs", chromedp.Navigate(base+"/ladrs"), chromedp.WaitVisible(`//h2[text()="決定事項 → LADR → 置き換え"]`))
	check("LADRs")

	run(t, ctx, "agenda", chromedp.Navigate(meetingURL), chromedp.Click(`//a[contains(@class,"agenda-title") and text()="ビルドの高速化"]`),
		chromedp.WaitVisible(`//h1[text()="ビルドの高速化"]`))
	check("agenda")
	run(t, ctx, "series", chromedp.Navigate(seriesURL), chromedp.WaitVisible(`//h2[text()="未解決の議題（経過期間順）"]`))
	check("series")

	run(t, ctx, "move the task to the trash",
		chromedp.Navigate(base+"/tasks"),
		chromedp.Click(`//td/a[text()="ビルド手順を分割する"]`),
		chromedp.WaitVisible(`//h1[text()="ビルド手順を分割する"]`),
		chromedp.Click(`//button[text()="ゴミ箱に移す"]`),
		chromedp.WaitVisible(`//li[contains(., "ビルド手順を分割する")]//button[text()="元に戻す"]`),
	)
	if item := read(t, ctx, "trashed task", chromedp.Text(chromedp.CSS(`#trash-tasks li`))); !strings.Contains(item, "2026年1月5日(月) 09:00 UTC に削除") {
		t.Errorf("the trashed task: %q", item)
	}
	check("trash")
	run(t, ctx, "a page that does not exist", chromedp.Navigate(base+"/agendas/nothing-here"), chromedp.WaitVisible(`//h1[text()="見つかりません"]`))
	check("not found")
}
