package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// axeSource is axe-core's script from the repository's node_modules
// (package.json pins it; .ci/run installs it with npm ci). Without it the
// test skips locally and fails in CI.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is required in CI (npm ci at the repository root): %v", err)
		}
		t.Skipf("axe-core not installed (%v); run npm ci at the repository root", err)
	}
	return string(b)
}

// axeRun runs axe-core's WCAG 2.1 A and AA rules on the page and returns
// the serious and critical violations, one line each with where.
const axeRun = `(async () => {
	const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]});
	const out = [];
	for (const v of r.violations) {
		if (v.impact !== "serious" && v.impact !== "critical") continue;
		for (const n of v.nodes.slice(0, 5)) {
			out.push(v.impact + " " + v.id + ": " + n.target.join(" ") + " — " + (n.failureSummary || "").split("\n").slice(0, 2).join(" "));
		}
	}
	return out;
})()`

// a11ySite seeds every kind of page the walk visits and returns their paths.
func a11ySite(t *testing.T, e *env) [][2]string {
	t.Helper()
	ctx := context.Background()
	sr := data.Series{Name: "Weekly sync", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	must(t, e.store.CreateSeries(ctx, &sr))
	held, _, err := e.store.NextMeeting(ctx, sr.ID)
	must(t, err)
	var agendas []data.Agenda
	for i, title := range []string{"Build speed", "Flaky login test", "Q3 planning", "Old idea"} {
		ag := data.Agenda{SeriesID: sr.ID, Title: title, Priority: 1 + i%3, Body: "Background with a [link](https://example.com)."}
		must(t, e.store.CreateAgenda(ctx, &ag, held.ID))
		agendas = append(agendas, ag)
	}
	notes := "We talked about it; see [the doc](https://example.com/doc)."
	_, err = e.store.UpdateDiscussion(ctx, held.ID, agendas[1].ID, data.DiscussionChange{Notes: &notes, Outcome: data.OutcomeResolved})
	must(t, err)
	_, err = e.store.UpdateDiscussion(ctx, held.ID, agendas[3].ID, data.DiscussionChange{Outcome: data.OutcomeDropped})
	must(t, err)
	var prev data.LADRID
	for i, title := range []string{"Use Redux for state", "Use Flow for state"} {
		l := data.LADR{Title: title, State: data.LADRAccepted, Context: "Why.", Decision: "- do it", MeetingID: held.ID}
		if i == 1 {
			l.Supersedes = []data.LADRID{prev}
		}
		must(t, e.store.CreateLADR(ctx, &l))
		prev = l.ID
		d := data.Decision{MeetingID: held.ID, AgendaID: agendas[1].ID, Title: "Decide: " + title, LADRID: l.ID}
		must(t, e.store.CreateDecision(ctx, &d))
	}
	task := data.Task{SeriesID: sr.ID, MeetingID: held.ID, Title: "Quarantine flaky tests", AssigneeID: e.user.ID,
		Due: data.Date{Year: 2026, Month: 1, Day: 2}}
	must(t, e.store.CreateTask(ctx, &task))
	gone := data.Task{SeriesID: sr.ID, Title: "A task in the trash"}
	must(t, e.store.CreateTask(ctx, &gone))
	must(t, e.store.SetDeleted(ctx, data.EntityTask, string(gone.ID), true))
	m, err := e.store.Meeting(ctx, held.ID)
	must(t, err)
	_, err = e.store.SetMeetingState(ctx, held.ID, data.MeetingHeld, m.Revision)
	must(t, err)
	planned, _, err := e.store.NextMeeting(ctx, sr.ID)
	must(t, err)
	_, hash := server.NewSecret()
	must(t, e.store.CreateInvite(ctx, &data.AccountLink{Email: "ken@example.com", Name: "Ken", Role: data.RoleMember, TokenHash: hash,
		CreatedBy: e.user.ID, ExpiresAt: e.clock.Now().Add(time.Hour)}))
	return [][2]string{{"home", "/"}, {"series list", "/series"}, {"series", "/series/" + string(sr.ID)},
		{"meeting planned", "/meetings/" + string(planned.ID)}, {"meeting held", "/meetings/" + string(held.ID)},
		{"agenda", "/agendas/" + string(agendas[1].ID)}, {"decisions", "/decisions"}, {"tasks", "/tasks"},
		{"task", "/tasks/" + string(task.ID)}, {"ladrs", "/ladrs"}, {"ladr", "/ladrs/" + string(prev)}, {"ladr new", "/ladrs/new"},
		{"search", "/search?q=" + url.QueryEscape("flow")}, {"trash", "/trash"}, {"settings", "/settings"},
		{"admin users", "/admin/users"}, {"admin tokens", "/admin/tokens"}, {"admin people", "/admin/people"},
		{"sync", "/sync"}, {"not found", "/no-such-page"}}
}

// TestEveryPageKindPassesAxeAndFitsAPhone walks every kind of page in
// Japanese and English at 1280 and 390 px wide and fails on any serious or
// critical axe-core violation of WCAG 2.1 A and AA, and, at 390 px, on a
// page wider than the screen (sideways scrolling) or a control or menu link
// less than 44 px tall.
func TestEveryPageKindPassesAxeAndFitsAPhone(t *testing.T) {
	axe := axeSource(t)
	fs := &fakeSync{resolved: map[string]string{}, conflicts: []server.SyncConflict{
		{ID: "c1", Entity: "task", Title: "Ship", Field: "title", Local: "Ship Friday", Remote: "Ship Monday"}},
		status: server.SyncStatus{Problems: []server.SyncProblem{{Message: "Agendas page: 優先度 is 未定", URL: "https://www.notion.so/0123",
			Fix: "pick another option in Notion", Since: time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC)}}}}
	e := newEnv(t, func(d *server.Deps) { d.Sync = fs })
	pages := a11ySite(t, e)
	// One browser per language, side by side: the walk is most of the
	// server package's test time.
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			walkInBrowser(t, e, pages, axe, lang)
		})
	}
}

// walkInBrowser is TestEveryPageKindPassesAxeAndFitsAPhone in one language.
func walkInBrowser(t *testing.T, e *env, pages [][2]string, axe, lang string) {
	{
		ctx := newBrowser(t, chromedp.Flag("lang", lang), chromedp.Flag("accept-lang", lang))
		check := func(name string, width int) {
			t.Helper()
			shot(t, ctx, fmt.Sprintf("%s-%s-%d", lang, strings.ReplaceAll(name, " ", "-"), width)) // with KAIGI_SCREENSHOTS=DIR
			got := read(t, ctx, "axe on "+name, chromedp.Evaluate[[]string](axe+"\n;"+axeRun, chromedp.EvalAwaitPromise))
			for _, v := range got {
				t.Errorf("%s %s at %d px: %s", lang, name, width, v)
			}
			if width < 500 {
				var fit struct{ Scroll, Inner int }
				raw := read(t, ctx, "width of "+name, chromedp.Evaluate[string](`JSON.stringify({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`))
				must(t, json.Unmarshal([]byte(raw), &fit))
				if fit.Scroll > fit.Inner {
					wide := read(t, ctx, "what is wide", chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > innerWidth + 1).slice(0, 5).map(el => el.tagName + "." + el.className + " " + Math.round(el.getBoundingClientRect().right))`))
					t.Errorf("%s %s at %d px scrolls sideways: %d px wide (%v)", lang, name, width, fit.Scroll, wide)
				}
				// Touch targets: controls and menu links at least 44 px tall
				// (links inside running text are exempt, as in WCAG 2.5.5).
				small := read(t, ctx, "touch targets of "+name, chromedp.Evaluate[[]string](`[...document.querySelectorAll(
					'button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), .top nav a, nav.tabs a')]
					.filter(el => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
					.slice(0, 5).map(el => el.tagName + "." + el.className + " " + Math.round(el.getBoundingClientRect().height) + "px")`))
				if len(small) > 0 {
					t.Errorf("%s %s at %d px: touch targets under 44 px: %v", lang, name, width, small)
				}
			}
		}
		for _, width := range []int{1280, 390} {
			run(t, ctx, "viewport", chromedp.EmulateViewport(int64(width), 900))
			run(t, ctx, "login page", chromedp.Navigate(e.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)))
			check("login", width)
			run(t, ctx, "log in",
				chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), testEmail),
				chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
				chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
				chromedp.WaitVisible(chromedp.CSS(`form.logout`)))
			for _, p := range pages {
				run(t, ctx, "open "+p[0], chromedp.Navigate(e.srv.URL+p[1]), chromedp.WaitVisible(chromedp.CSS(`main`)))
				check(p[0], width)
			}
			// A form whose security token is wrong: the 403 page.
			run(t, ctx, "forbidden", chromedp.Navigate(e.srv.URL+"/settings"), chromedp.WaitVisible(chromedp.CSS(`main`)))
			read(t, ctx, "post a stale form", chromedp.Evaluate[bool](`(() => {
				const f = document.querySelector('form[action="/settings"]');
				f.querySelector('[name="csrf"]').value = "stale";
				f.submit();
				return true;
			})()`))
			run(t, ctx, "the forbidden page", chromedp.WaitVisible(chromedp.CSS(`.error-page`)))
			check("forbidden", width)
			run(t, ctx, "log out", chromedp.Navigate(e.srv.URL+"/"), chromedp.Click(chromedp.CSS(`form.logout button`)),
				chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)))
		}
	}
	if t.Failed() {
		fmt.Fprintln(os.Stderr, "axe-core rules: https://dequeuniversity.com/rules/axe/4.14")
	}
}
