package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kaigi-dev/kaigi/data"
)

// TestBackButtonRepostCreatesNothing: a person creates a series, goes Back
// to the form the browser shows again, filled in, and sends it again. The
// form says it was already sent, and sending it makes nothing new: the
// answer is the series made the first time.
func TestBackButtonRepostCreatesNothing(t *testing.T) {
	e := newEnv(t)
	// Without the back-forward cache Back loads the page again and the
	// browser fills its form in, as it does for a page it may not keep
	// (kaigi's pages say no-store). chromedp loses track of a page the
	// cache brings back, so the cached case is left to the pageshow handler.
	ctx := newBrowser(t, chromedp.Flag("lang", "ja"), chromedp.Flag("accept-lang", "ja"), chromedp.Flag("disable-features", "BackForwardCache"))
	loginInBrowser(t, ctx, e.srv.URL)
	count := func() int {
		ids, err := e.store.RecordIDs(context.Background(), data.EntitySeries, false)
		must(t, err)
		return len(ids)
	}
	run(t, ctx, "the series list", chromedp.Navigate(e.srv.URL+"/series"), chromedp.WaitVisible(chromedp.CSS(`form[action="/series"]`)))
	run(t, ctx, "create a series", submitForm("/series", map[string]string{"name": "戻るボタンの定例"}),
		chromedp.WaitVisible(`//h1[text()="戻るボタンの定例"]`))
	first := read(t, ctx, "location", chromedp.Location())
	back(t, ctx, first)
	run(t, ctx, "the form again", chromedp.WaitVisible(chromedp.CSS(`form[action="/series"]`)))
	if name := read(t, ctx, "restored name", chromedp.Value(chromedp.CSS(`form[action="/series"] input[name="name"]`))); name != "戻るボタンの定例" {
		t.Fatalf("after Back the form holds %q: the browser did not restore it, so this test checks nothing", name)
	}
	note := read(t, ctx, "the form says it was sent", chromedp.Text(chromedp.CSS(`form[action="/series"] .sent-note`)))
	if !strings.Contains(note, "送信済み") {
		t.Errorf("the restored form does not say it was sent: %q", note)
	}
	run(t, ctx, "send it again", chromedp.Click(chromedp.CSS(`form[action="/series"] button.primary`)),
		chromedp.WaitVisible(`//h1[text()="戻るボタンの定例"]`))
	if again := read(t, ctx, "location", chromedp.Location()); again != first {
		t.Errorf("sending again led to %s, want the series made the first time, %s", again, first)
	}
	if n := count(); n != 1 {
		t.Fatalf("submit, Back, submit made %d series", n)
	}
	// Starting over gives a new form that makes a new record.
	back(t, ctx, first)
	run(t, ctx, "the form again, sent", chromedp.WaitVisible(chromedp.CSS(`form[action="/series"] .sent-note`)))
	run(t, ctx, "start over", chromedp.Click(chromedp.CSS(`form[action="/series"] .sent-note button`)),
		submitForm("/series", map[string]string{"name": "二つ目の定例"}),
		chromedp.WaitVisible(`//h1[text()="二つ目の定例"]`))
	if n := count(); n != 2 {
		t.Fatalf("a new form after starting over made %d series in all, want 2", n)
	}
}

// back presses the browser's Back button and waits to leave from.
func back(t *testing.T, ctx context.Context, from string) {
	t.Helper()
	// Deferred, so the evaluation answers before the page navigates away
	// (else Chromium may report the target navigated mid-call).
	read(t, ctx, "back", chromedp.Evaluate[bool](`(setTimeout(() => history.back(), 0), true)`))
	waitLeave(t, ctx, from)
}
