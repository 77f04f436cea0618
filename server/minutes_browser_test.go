package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/kaigi-dev/kaigi/data"
)

// loginInBrowser logs the test user in.
func loginInBrowser(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	run(t, ctx, "open", chromedp.Navigate(base+"/"))
	run(t, ctx, "log in",
		chromedp.WaitVisible(chromedp.CSS(`input[name="email"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), testEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`header.top`)),
	)
}

// perRequest is what legitimately differs between two renderings of the
// same minutes: the session's CSRF token and the forms' one-time keys.
var perRequest = regexp.MustCompile(`(name="(?:csrf|submission_key)" value=")[^"]*(")`)

func minutesSnapshot(t *testing.T, ctx context.Context, meetingURL string) string {
	t.Helper()
	run(t, ctx, "open "+meetingURL, chromedp.Navigate(meetingURL), chromedp.WaitVisible(chromedp.CSS(`#minutes`)))
	html := read(t, ctx, "minutes", chromedp.OuterHTML(chromedp.CSS(`#minutes`)))
	return perRequest.ReplaceAllString(html, "${1}…${2}")
}

func clickAndLeave(t *testing.T, ctx context.Context, step, selector string) string {
	t.Helper()
	from := read(t, ctx, "location", chromedp.Location())
	run(t, ctx, step, chromedp.Click(chromedp.CSS(selector)))
	return waitLeave(t, ctx, from)
}

// TestThreeWeeksOfMinutesInBrowser walks three weekly meetings in
// Japanese: an agenda discussed in week 1 is carried into weeks 2 and 3
// (week 2 shows last time's notes and decision inline, collapsed) and
// resolved in week 3; week 2's minutes are byte for byte what they were
// when it was held. A late task shows as overdue on the meeting and the
// home page, and search finds a word written only in a discussion note
// and leads to that meeting.
func TestThreeWeeksOfMinutesInBrowser(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t)
	base := e.srv.URL
	loginInBrowser(t, ctx, base)
	run(t, ctx, "create a series",
		chromedp.Navigate(base+"/series"),
		submitForm("/series", map[string]string{"name": "モバイル定例", "time_zone": "Asia/Tokyo"}),
		chromedp.WaitVisible(`//h1[text()="モバイル定例"]`),
	)
	week1 := clickAndLeave(t, ctx, "open week 1", `form[action$="/next"] button`)
	run(t, ctx, "week 1 shown", chromedp.WaitVisible(chromedp.CSS(`#agendas`)))
	for _, title := range []string{"移行計画の見直し", "CI が遅い"} {
		run(t, ctx, "add agenda "+title,
			submitForm("/agendas", map[string]string{"title": title}),
			chromedp.WaitVisible(`//a[contains(@class,"agenda-title") and text()="`+title+`"]`),
		)
	}
	notes := func(agenda, text string) {
		t.Helper()
		item := `//li[.//a[contains(@class,"agenda-title") and text()="` + agenda + `"]]`
		// Typed notes save by themselves; the box's text is what was saved.
		run(t, ctx, "notes on "+agenda,
			chromedp.SendKeys(item+`//textarea[@name="notes"]`, text),
			chromedp.WaitVisible(item+`//textarea[@name="notes" and contains(text(),"`+text+`")]`),
		)
		settled(t, ctx, e)
	}
	hold := func() {
		t.Helper()
		run(t, ctx, "mark held", chromedp.Click(chromedp.CSS(`form[action$="/held"] button`)), chromedp.WaitVisible(chromedp.CSS(`.held-note`)))
	}
	notes("移行計画の見直し", "Compose との相性を確認する")
	agendas, err := e.store.Agendas(context.Background(), data.AgendaFilter{})
	must(t, err)
	var migrateID string
	for _, ag := range agendas {
		if ag.Title == "移行計画の見直し" {
			migrateID = string(ag.ID)
		}
	}
	run(t, ctx, "record a decision",
		submitForm("/decisions", map[string]string{"title": "まず検証環境で試す", "agenda_id": migrateID}),
		chromedp.WaitVisible(`//section[@id="decisions"]//strong[text()="まず検証環境で試す"]`),
	)
	hold()

	week2 := clickAndLeave(t, ctx, "open week 2", `form[action$="/next"] button`)
	run(t, ctx, "week 2 shown", chromedp.WaitVisible(chromedp.CSS(`#agendas`)))
	previous := `//li[.//a[text()="移行計画の見直し"]]//details[contains(@class,"previous")]`
	if open := read(t, ctx, "last time collapsed", chromedp.Evaluate[bool](`!!document.querySelector("details.previous") && !document.querySelector("details.previous").open`)); !open {
		t.Error("last time's notes are not shown collapsed on the carried agenda")
	}
	run(t, ctx, "expand last time", chromedp.Click(previous+`/summary`))
	last := read(t, ctx, "last time", chromedp.Text(previous))
	if !strings.Contains(last, "Compose との相性を確認する") || !strings.Contains(last, "まず検証環境で試す") {
		t.Errorf("week 2 does not show last time's notes and decision inline:\n%s", last)
	}
	notes("CI が遅い", "キャッシュを導入する")
	hold()
	before := minutesSnapshot(t, ctx, week2)

	week3 := clickAndLeave(t, ctx, "open week 3", `form[action$="/next"] button`)
	run(t, ctx, "resolve in week 3",
		chromedp.WaitVisible(chromedp.CSS(`#agendas`)),
		chromedp.Click(`//li[.//a[text()="移行計画の見直し"]]//button[@value="resolved"]`),
		chromedp.WaitVisible(`//li[contains(@class,"resolved")]//a[text()="移行計画の見直し"]`),
	)
	run(t, ctx, "add a late task",
		submitForm("/tasks", map[string]string{"title": "先月の宿題", "assignee": "Aiko", "due": "2025-12-01"}),
		chromedp.WaitVisible(`//section[@id="tasks"]//tr[contains(@class,"overdue")]//a[text()="先月の宿題"]`),
	)
	hold()
	if after := minutesSnapshot(t, ctx, week2); after != before {
		t.Errorf("week 2's minutes changed after week 3:\nbefore: %s\nafter:  %s", before, after)
	}
	if !strings.Contains(before, "carried on") || !strings.Contains(before, "キャッシュを導入する") {
		t.Errorf("week 2's minutes lack its outcomes and notes:\n%s", before)
	}
	w3 := minutesSnapshot(t, ctx, week3)
	if !strings.Contains(w3, `class="outcome resolved">resolved<`) {
		t.Errorf("week 3 does not show the agenda resolved:\n%s", w3)
	}

	run(t, ctx, "home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`//ul[contains(@class,"my-tasks")]/li[contains(@class,"overdue")]//a[text()="先月の宿題"]`))
	if home := read(t, ctx, "home tasks", chromedp.Text(`//ul[contains(@class,"my-tasks")]/li[.//a[text()="先月の宿題"]]`)); !strings.Contains(home, "overdue") {
		t.Errorf("home does not mark the late task overdue: %q", home)
	}

	run(t, ctx, "search a word of a note", chromedp.Navigate(base+"/search?q="+url.QueryEscape("相性")),
		chromedp.WaitVisible(chromedp.CSS(`ul.hits`)))
	hits := read(t, ctx, "hits", chromedp.Text(chromedp.CSS(`ul.hits`)))
	if !strings.Contains(hits, "移行計画の見直し") || !strings.Contains(hits, "相性") {
		t.Fatalf("search for a word in a discussion note: %s", hits)
	}
	landed := clickAndLeave(t, ctx, "open the hit", `ul.hits li a`)
	if page, _, _ := strings.Cut(landed, "#"); page != week1 {
		t.Errorf("the hit leads to %s, want the meeting where it was said, %s", landed, week1)
	}
}

// pairGate holds the first POST of a double submission until the second
// arrives (or a bound passes), then lets both through at once, each to the
// end even if the browser dropped the first: a double-click whose two
// requests both reach the server, as on a slow network. It counts the
// POSTs that arrived.
type pairGate struct {
	next    http.Handler
	mu      sync.Mutex
	waiting chan struct{}
	posts   int
	armed   bool
}

func (g *pairGate) arm(on bool) {
	g.mu.Lock()
	g.armed = on
	g.mu.Unlock()
}

func (g *pairGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	armed := g.armed
	g.mu.Unlock()
	if armed && r.Method == http.MethodPost {
		r = r.WithContext(context.WithoutCancel(r.Context()))
		g.mu.Lock()
		g.posts++
		if g.waiting == nil {
			ch := make(chan struct{})
			g.waiting = ch
			g.mu.Unlock()
			select {
			case <-ch:
			case <-time.After(stepTimeout / 4): // a bound for a single submit, not a speed check
			}
			g.mu.Lock()
			if g.waiting == ch {
				g.waiting = nil
			}
			g.mu.Unlock()
		} else {
			close(g.waiting)
			g.waiting = nil
			g.mu.Unlock()
		}
	}
	g.next.ServeHTTP(w, r)
}

func awaitPromise(p *runtime.EvaluateParams) { yes := true; p.AwaitPromise = &yes }

func (g *pairGate) take() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := g.posts
	g.posts = 0
	return n
}

// TestDoubleClickCreatesOneRecord double-clicks every create button; both
// submissions reach the server, which makes one record.
func TestDoubleClickCreatesOneRecord(t *testing.T) {
	e := newEnv(t)
	gate := &pairGate{next: e.app}
	srv := httptest.NewServer(gate)
	t.Cleanup(srv.Close)
	ctx := newBrowser(t)
	base := srv.URL
	bg := context.Background()
	loginInBrowser(t, ctx, base)
	count := func(kind data.Entity) int {
		ids, err := e.store.RecordIDs(bg, kind, false)
		must(t, err)
		return len(ids)
	}
	// dbl double-clicks a form's create button, then sends the same page's
	// form (its key included) twice at once from the page, and checks that
	// each of the two submissions made one record of kind (pairAdds: a
	// meeting at a slot that has one answers that one).
	dbl := func(step string, kind data.Entity, page, action string, fields map[string]string, wait string, pairAdds int) {
		t.Helper()
		form := `form[action$="` + action + `"]`
		steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(base + page), chromedp.WaitVisible(chromedp.CSS(form))}
		for name, value := range fields {
			steps = append(steps, chromedp.SetValue(chromedp.CSS(form+` [name="`+name+`"]`), value))
		}
		before := count(kind)
		run(t, ctx, step, append(steps, chromedp.DoubleClick(chromedp.CSS(createButton(form))), chromedp.WaitVisible(wait))...)
		if n := count(kind) - before; n != 1 {
			t.Fatalf("%s: a double-click made %d records", step, n)
		}
		// Chromium sends one request for a double-click; a slower browser,
		// a proxy's retry or Enter pressed twice sends two.
		run(t, ctx, step+" again", steps...)
		gate.take()
		gate.arm(true)
		defer gate.arm(false)
		statuses := read(t, ctx, step+": submit twice", chromedp.Evaluate[[]int](`(async () => {
			const f = document.querySelector('`+form+`');
			const send = () => fetch(f.action, {method: "POST", body: new URLSearchParams(new FormData(f)), redirect: "manual"});
			const rs = await Promise.all([send(), send()]);
			return rs.map(r => r.status);
		})()`, awaitPromise))
		if n := gate.take(); n != 2 {
			t.Fatalf("%s: %d requests reached the server, want 2", step, n)
		}
		for _, st := range statuses {
			if st != 0 && st >= 400 { // 0: an opaque redirect (303), as a page sees it with redirect: manual
				t.Fatalf("%s: a repeated submission answered %v", step, statuses)
			}
		}
		if n := count(kind) - before; n != 1+pairAdds {
			t.Fatalf("%s: one submission sent twice made %d records", step, n-1)
		}
	}
	dbl("create a series", data.EntitySeries, "/series", "/series", map[string]string{"name": "二重送信テスト"}, `//h1[text()="二重送信テスト"]`, 1)
	series, err := e.store.ListSeries(bg)
	must(t, err)
	sr := series[0]
	dbl("add a meeting", data.EntityMeeting, "/series/"+string(sr.ID)+"#series-settings", "/meetings", map[string]string{"date": "2026-01-14", "time": "15:00"}, `//section[@id="minutes"]`, 0)
	meetings, err := e.store.Meetings(bg, data.MeetingFilter{SeriesID: sr.ID})
	must(t, err)
	page := "/meetings/" + string(meetings[0].ID)
	dbl("add an agenda", data.EntityAgenda, page, "/agendas", map[string]string{"title": "一度だけ"}, `//a[contains(@class,"agenda-title") and text()="一度だけ"]`, 1)
	dbl("record a decision", data.EntityDecision, page, "/decisions", map[string]string{"title": "決定は一つ"}, `//section[@id="decisions"]//strong[text()="決定は一つ"]`, 1)
	dbl("add a task", data.EntityTask, page, "/tasks", map[string]string{"title": "タスクは一つ"}, `//section[@id="tasks"]//a[text()="タスクは一つ"]`, 1)
	dbl("write an LADR", data.EntityLADR, "/ladrs/new", "/ladrs/new", map[string]string{"title": "状態管理にはFlowを採用する"}, `//h1[contains(.,"状態管理にはFlowを採用する")]`, 1)
}
