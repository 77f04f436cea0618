package server_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kaigi-dev/kaigi/data"
)

const (
	chromiumPath = "/usr/bin/chromium"
	stepTimeout  = 20 * time.Second // generous: a bound for a stuck page, not a speed check
)

// newBrowser starts a headless Chromium with a fresh profile (and extra
// flags). Without Chromium the test skips locally but fails in CI, where
// it must run.
func newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := chromiumPath
	if _, err := os.Stat(path); err != nil {
		if p, lerr := exec.LookPath("chromium"); lerr == nil {
			path = p
		} else if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required in CI (apt-get install chromium): %v", err)
		} else {
			t.Skipf("chromium not installed (%v); install it with apt-get install chromium to run browser tests", err)
		}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first run starts the browser and must not carry a timeout; each
	// step after it is bounded (see run) so a stuck page fails the test.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(stepCtx, actions...); err != nil {
		diagCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		loc, _ := chromedp.Run(diagCtx, chromedp.Location())
		html, _ := chromedp.Run(diagCtx, chromedp.OuterHTML(chromedp.CSS("main")))
		t.Fatalf("%s: %v\nat %s:\n%s", step, err, loc, html)
	}
}

// read runs an action that returns a value.
func read[T any](t *testing.T, ctx context.Context, step string, a chromedp.Action[T]) T {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(stepCtx, a)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

// waitLeave waits until the tab has navigated away from the page at from
// (ignoring its #fragment) and returns the new location.
func waitLeave(t *testing.T, ctx context.Context, from string) string {
	t.Helper()
	from, _, _ = strings.Cut(from, "#")
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		// A read while the page is navigating fails ("target navigated");
		// that is the leaving this waits for, so ask again.
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if page, _, _ := strings.Cut(loc, "#"); page != from {
			return loc
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("still on %s after %v", from, stepTimeout)
	return ""
}

// submitForm fills the named fields of the first form whose action ends
// with action, and presses its create button (its primary button, or the
// last one of an inline form).
func submitForm(action string, fields map[string]string) chromedp.Action[chromedp.Void] {
	form := `form[action$="` + action + `"]`
	var steps []chromedp.Action[chromedp.Void]
	for name, value := range fields {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(form+` [name="`+name+`"]`), value))
	}
	return chromedp.Steps(append(steps, chromedp.Click(chromedp.CSS(createButton(form))))...)
}

// createButton is the selector of a create form's button.
func createButton(form string) string {
	return form + ` button.primary, ` + form + `.add-inline button:last-of-type`
}

// TestMeetingFlowInBrowser is the weekly meeting as a team runs it: log in,
// create a series, open a meeting, add agendas, record a decision and a
// task, open the next meeting and find what is unresolved carried there.
func TestMeetingFlowInBrowser(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t)
	base := e.srv.URL

	run(t, ctx, "open", chromedp.Navigate(base+"/"))
	run(t, ctx, "wait", chromedp.WaitVisible(chromedp.CSS(`input[name="email"]`)))
	run(t, ctx, "log in",
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), testEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`header.top`)),
	)
	run(t, ctx, "create a series",
		chromedp.Navigate(base+"/series"),
		submitForm("/series", map[string]string{"name": "プラットフォーム定例", "schedule": "0 10 * * MON", "time_zone": "Asia/Tokyo"}),
		chromedp.WaitVisible(`//h1[text()="プラットフォーム定例"]`),
	)
	run(t, ctx, "open a meeting",
		chromedp.Click(chromedp.CSS(`form[action$="/next"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#agendas`)),
	)
	firstURL := read(t, ctx, "location", chromedp.Location())
	for _, title := range []string{"CI が遅い", "Flaky login test", "Q3 roadmap"} {
		run(t, ctx, "add agenda "+title,
			submitForm("/agendas", map[string]string{"title": title}),
			chromedp.WaitVisible(`//a[contains(@class,"agenda-title") and text()="`+title+`"]`),
		)
	}
	run(t, ctx, "resolve the second agenda",
		chromedp.Click(`//li[.//a[text()="Flaky login test"]]//button[@value="resolved"]`),
		chromedp.WaitVisible(`//li[contains(@class,"resolved")]//a[text()="Flaky login test"]`),
	)
	run(t, ctx, "record a decision",
		submitForm("/decisions", map[string]string{"title": "Quarantine flaky tests"}),
		chromedp.WaitVisible(`//section[@id="decisions"]//strong[text()="Quarantine flaky tests"]`),
	)
	run(t, ctx, "add a task",
		submitForm("/tasks", map[string]string{"title": "Split the CI pipeline", "assignee": "Aiko", "due": "2026-01-20"}),
		chromedp.WaitVisible(`//section[@id="tasks"]//td/a[text()="Split the CI pipeline"]`),
	)
	before := read(t, ctx, "location", chromedp.Location())
	run(t, ctx, "open the next meeting", chromedp.Click(chromedp.CSS(`form[action$="/next"] button`)))
	// The first meeting is still planned: kaigi asks, and it is marked held.
	confirmURL := waitLeave(t, ctx, before)
	run(t, ctx, "mark the first meeting held", chromedp.Click(chromedp.CSS(`button[name="then"][value="held"]`)))
	nextURL := waitLeave(t, ctx, confirmURL)
	run(t, ctx, "next meeting shown", chromedp.WaitVisible(chromedp.CSS(`#agendas`)))
	agendas := read(t, ctx, "agenda list", chromedp.Text(chromedp.CSS(`ol.agendas`)))
	tasks := read(t, ctx, "task list", chromedp.Text(chromedp.CSS(`#tasks table`)))
	if strings.HasPrefix(nextURL, firstURL) {
		t.Fatalf("open next meeting stayed on %s", firstURL)
	}
	for _, want := range []string{"CI が遅い", "Q3 roadmap"} {
		if !strings.Contains(agendas, want) {
			t.Errorf("next meeting lacks the unresolved agenda %q:\n%s", want, agendas)
		}
	}
	if strings.Contains(agendas, "Flaky login test") {
		t.Errorf("the resolved agenda was carried:\n%s", agendas)
	}
	if got := strings.Count(agendas, "carried 1×"); got != 2 {
		t.Errorf("%d agendas show 'carried 1×', want 2:\n%s", got, agendas)
	}
	if !strings.Contains(tasks, "Split the CI pipeline") || !strings.Contains(tasks, "Aiko") {
		t.Errorf("the open task is not shown with its assignee:\n%s", tasks)
	}
	if dir := os.Getenv("KAIGI_SCREENSHOTS"); dir != "" {
		screenshots(t, ctx, e, nextURL, dir)
	}
}

// seedForScreenshots adds older agendas and linked LADRs, so that the
// pictures have something to show.
func seedForScreenshots(t *testing.T, e *env, meetingURL string) (series, ladrURL string) {
	ctx := context.Background()
	mid := data.MeetingID(path.Base(strings.SplitN(meetingURL, "#", 2)[0]))
	m, err := e.store.Meeting(ctx, mid)
	must(t, err)
	for i, title := range []string{"認証方式の見直し", "Deployment pipeline rollout", "ログ基盤の移行", "Cost review options"} {
		days := []int{63, 35, 21, 9}[i]
		e.clock.Advance(-time.Duration(days) * 24 * time.Hour)
		ag := data.Agenda{SeriesID: m.SeriesID, Title: title, Priority: 1 + i%3, Body: "Background and **links**."}
		must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
		e.clock.Advance(time.Duration(days) * 24 * time.Hour)
	}
	var prev data.LADRID
	for i, title := range []string{"状態管理にReduxを採用する", "Use SQLite for local state", "状態管理にはFlowを採用する", "API versioning in the path"} {
		l := data.LADR{Title: title, State: data.LADRAccepted, Context: "Why we needed this.", Decision: "- do it\n- measure"}
		if i == 2 {
			l.Supersedes = []data.LADRID{prev}
		}
		must(t, e.store.CreateLADR(ctx, &l))
		d := data.Decision{MeetingID: m.ID, Title: "Decide: " + title, LADRID: l.ID}
		must(t, e.store.CreateDecision(ctx, &d))
		if i == 0 {
			prev = l.ID
		}
		ladrURL = "/ladrs/" + string(l.ID)
	}
	return "/series/" + string(m.SeriesID), ladrURL
}

// screenshots saves the main pages as PNGs, for people to look at.
func screenshots(t *testing.T, ctx context.Context, e *env, meetingURL, dir string) {
	series, ladrURL := seedForScreenshots(t, e, meetingURL)
	pages := [][2]string{{"meeting", meetingURL}, {"home", "/"}, {"series", series}, {"decisions", "/decisions"},
		{"tasks", "/tasks"}, {"ladrs", "/ladrs"}, {"ladr", ladrURL}, {"search", "/search?q=" + url.QueryEscape("採用")}}
	for _, p := range pages {
		name, path := p[0], p[1]
		if !strings.HasPrefix(path, "http") {
			path = e.srv.URL + path
		}
		run(t, ctx, "open "+name, chromedp.Navigate(path), chromedp.WaitVisible(chromedp.CSS(`main`)))
		png := read(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
