package server_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAPIReferenceInBrowser: the reference page's content reads on a
// laptop and on a phone without sideways scrolling (long paths, enums and
// tables wrap), and its contents link to the operations. (The header's
// navigation is every page's and is not this page's to check.)
func TestAPIReferenceInBrowser(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t)
	run(t, ctx, "log in",
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), testEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`header.top`)),
	)
	for _, width := range []int64{1280, 390} {
		run(t, ctx, "open at "+strconv.FormatInt(width, 10),
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(e.srv.URL+"/api/docs"),
			chromedp.WaitVisible(chromedp.CSS(`#op-search`)),
			chromedp.ScrollIntoView(chromedp.CSS(`#op-search`)),
		)
		over := read(t, ctx, "page width", chromedp.Evaluate[float64](`document.querySelector("main").scrollWidth - window.innerWidth`))
		if over > 0 {
			wide := read(t, ctx, "widest", chromedp.Evaluate[string](`[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join("; ")`))
			t.Errorf("at %d px the content scrolls sideways by %.0f px: %s", width, over, wide)
		}
		if dir := os.Getenv("KAIGI_SCREENSHOTS"); dir != "" {
			png := read(t, ctx, "screenshot", chromedp.CaptureScreenshot())
			if err := os.WriteFile(filepath.Join(dir, "api-docs-"+strconv.FormatInt(width, 10)+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(t, ctx, "follow the contents", chromedp.Click(chromedp.CSS(`.api-toc a[href="#op-listTasks"]`)))
	at := read(t, ctx, "where the link went", chromedp.Evaluate[float64](`document.getElementById("op-listTasks").getBoundingClientRect().top`))
	if at < -1 || at > 50 {
		t.Errorf("the contents' link to listTasks left it %.0f px from the top", at)
	}
}
