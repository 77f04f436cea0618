package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestInviteInJapaneseInBrowser: an admin whose browser asks for Japanese
// invites a colleague from the admin page; the colleague opens the link,
// chooses a password, lands logged in without the admin link, and switches
// kaigi to English on the settings page.
func TestInviteInJapaneseInBrowser(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t, chromedp.Flag("lang", "ja"), chromedp.Flag("accept-lang", "ja"))
	base := e.srv.URL

	run(t, ctx, "log in",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`//button[text()="ログイン"]`),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), testEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(`//nav/a[text()="管理"]`),
	)
	run(t, ctx, "invite",
		chromedp.Click(`//nav/a[text()="管理"]`),
		chromedp.WaitVisible(`//h2[text()="招待する"]`),
		submitForm("/admin/invites", map[string]string{"email": "mio@example.com", "name": "田中 美央"}),
		chromedp.WaitVisible(chromedp.CSS(`#new-link`)),
	)
	notice := read(t, ctx, "notice", chromedp.Text(chromedp.CSS(`section.flash`)))
	if !strings.Contains(notice, "田中 美央 <mio@example.com> の招待リンク") || !strings.Contains(notice, "一度だけ使えます") {
		t.Errorf("invite notice %q", notice)
	}
	link := read(t, ctx, "link", chromedp.Value(chromedp.CSS(`#new-link`)))
	if !strings.HasPrefix(link, base+"/invite/") {
		t.Fatalf("invite link %q", link)
	}
	main := read(t, ctx, "admin page", chromedp.Text(chromedp.CSS(`main`)))
	for _, english := range []string{"Invite", "Reset password", "Deactivate", "Users", "Email"} {
		if strings.Contains(main, english) {
			t.Errorf("the Japanese admin page shows %q:\n%s", english, main)
		}
	}
	shot(t, ctx, "admin-users-ja")
	run(t, ctx, "log out",
		chromedp.Click(`//form[@action="/logout"]//button`),
		chromedp.WaitVisible(`//button[text()="ログイン"]`),
	)
	run(t, ctx, "join",
		chromedp.Navigate(link),
		chromedp.WaitVisible(`//p[contains(., "mio@example.com として kaigi に招待されています")]`),
		chromedp.SetValue(chromedp.CSS(`input[name="password"]`), "ふたりの長い長いパスワード"),
		chromedp.SetValue(chromedp.CSS(`input[name="password2"]`), "ふたりの長い長いパスワード"),
		chromedp.Click(chromedp.CSS(`main form button.primary`)),
		chromedp.WaitVisible(`//a[@class="who" and text()="田中 美央"]`),
	)
	nav := read(t, ctx, "nav", chromedp.Text(chromedp.CSS(`header.top nav`)))
	if strings.Contains(nav, "管理") || !strings.Contains(nav, "ホーム") {
		t.Errorf("the new member's navigation: %q", nav)
	}
	run(t, ctx, "switch to English",
		chromedp.Click(chromedp.CSS(`a.who`)),
		chromedp.WaitVisible(`//h1[text()="設定"]`),
		chromedp.SetValue(chromedp.CSS(`select[name="lang"]`), "en"),
		chromedp.Click(chromedp.CSS(`form[action="/settings"] button.primary`)),
		chromedp.WaitVisible(`//h1[text()="Settings"]`),
		chromedp.WaitVisible(`//nav/a[text()="Home"]`),
	)
	shot(t, ctx, "settings-en")
	if resp, _ := e.anonymous().get(strings.TrimPrefix(link, base)); resp.StatusCode != 404 {
		t.Fatalf("the used invite answers %d", resp.StatusCode)
	}
}

// shot saves the page as a PNG when KAIGI_SCREENSHOTS names a folder.
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("KAIGI_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := read(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
