package server_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// grantClipboard lets the pages of origin read and write the clipboard
// without asking, as a person's click on a copy button allows writing.
func grantClipboard(t *testing.T, ctx context.Context, origin string) {
	t.Helper()
	run(t, ctx, "grant clipboard", func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := cdp.Call(ctx, chromedp.FromContext(ctx).Browser, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
				Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: cdpbrowser.PermissionSettingGranted, Origin: origin}); err != nil {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, nil
	})
}

// TestCopyMinutesInBrowser: on the walked meeting's page, "Copy Markdown"
// puts on the clipboard exactly the golden file's bytes (the download's),
// and says so in the page's language.
func TestCopyMinutesInBrowser(t *testing.T) {
	e := newEnv(t)
	w := walkMinutes(t, e, e.login())
	want, err := os.ReadFile(filepath.Join("testdata", "minutes_week2.en.md"))
	must(t, err)
	ctx := newBrowser(t, chromedp.Flag("lang", "en"), chromedp.Flag("accept-lang", "en"))
	loginInBrowser(t, ctx, e.srv.URL)
	grantClipboard(t, ctx, e.srv.URL)
	run(t, ctx, "copy the minutes",
		chromedp.Navigate(e.srv.URL+"/meetings/"+string(w.week2.ID)),
		chromedp.WaitVisible(chromedp.CSS(`#copy-minutes`)),
		chromedp.Click(chromedp.CSS(`#copy-minutes`)),
		chromedp.WaitVisible(`//button[@id="copy-minutes" and text()="Copied"]`),
	)
	got := read(t, ctx, "read the clipboard", chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if got != string(want) {
		t.Errorf("clipboard after Copy Markdown:\n%s\nwant the golden file:\n%s", got, want)
	}
}
