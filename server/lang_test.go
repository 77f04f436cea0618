package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

func (b *browser) getIn(path, acceptLanguage string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	req.Header.Set("Accept-Language", acceptLanguage)
	return b.do(req)
}

func TestLoginAndErrorPagesFollowTheBrowsersLanguage(t *testing.T) {
	e := newEnv(t)
	anon := e.anonymous()
	_, page := anon.getIn("/login", "ja-JP,ja;q=0.9,en;q=0.5")
	for _, want := range []string{`<html lang="ja">`, "メールアドレス", "パスワード", "ログイン"} {
		if !strings.Contains(page, want) {
			t.Errorf("Japanese login page lacks %q", want)
		}
	}
	if strings.Contains(page, "Password") {
		t.Error("Japanese login page has English")
	}
	_, page = anon.getIn("/login", "en-US")
	if !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, "Password") {
		t.Error("English login page")
	}
	b := e.login()
	resp, page := b.getIn("/no/such/page", "ja")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(page, "ページが見つかりません") || !strings.Contains(page, "トップページへ戻る") ||
		!strings.Contains(page, "ホーム") || !strings.Contains(page, "ログアウト") {
		t.Fatalf("Japanese 404: %d\n%s", resp.StatusCode, page)
	}
	// The failed login says so in Japanese.
	jb := e.anonymous()
	_, page = jb.getIn("/login", "ja")
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(url.Values{"email": {testEmail}, "password": {"wrong one here"},
		"csrf": {hiddenCSRF(t, page)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "ja")
	if resp, page := jb.do(req); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "メールアドレスまたはパスワードが違います") {
		t.Fatalf("Japanese wrong password: %d", resp.StatusCode)
	}
}

func TestServerDefaultLanguageForOtherBrowsers(t *testing.T) {
	cat, err := i18n.Load(i18n.Japanese)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(d *server.Deps) { d.Catalog = cat })
	for accept, want := range map[string]string{"": "メールアドレス", "fr-FR": "メールアドレス", "en": "Email"} {
		if _, page := e.anonymous().getIn("/login", accept); !strings.Contains(page, want) {
			t.Errorf("Accept-Language %q with KAIGI_LANG=ja: no %q", accept, want)
		}
	}
}

// A person's own language beats the browser's, and the cached home page
// follows a change at once.
func TestPersonsLanguageWinsAndShowsAtOnce(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	_, page := b.getIn("/", "en")
	if !strings.Contains(page, ">Home<") {
		t.Fatal("English home")
	}
	_, page = b.getIn("/settings", "en")
	resp, _ := b.submit("/settings", url.Values{"lang": {"ja"}, "time_zone": {""}, "digest_hour": {"8"}})
	if seeOther(t, resp, "") != "/settings?saved=1" {
		t.Fatal("settings save did not return to the page")
	}
	_, page = b.getIn("/", "en")
	if !strings.Contains(page, ">ホーム<") || !strings.Contains(page, `lang="ja"`) {
		t.Fatalf("home after choosing Japanese, browser English:\n%s", page)
	}
	_, page = b.getIn("/settings?saved=1", "en")
	if !strings.Contains(page, "保存しました") {
		t.Fatal("the settings page is not in the chosen language")
	}
}

// Store errors show in Japanese by code and field; English pages keep the
// store's own words.
func TestStoreErrorsInThePersonsLanguage(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	bad := url.Values{"lang": {""}, "time_zone": {"Mars/Olympus"}, "digest_hour": {"8"}}
	resp, page := b.submit("/settings", bad)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `unknown time zone &#34;Mars/Olympus&#34;`) ||
		!strings.Contains(page, `value="Mars/Olympus"`) {
		t.Fatalf("English: %d\n%s", resp.StatusCode, page)
	}
	must(t, e.store.UpdateSettings(context.Background(), e.user.ID, data.Settings{Lang: "ja", DigestHour: 8}))
	resp, page = b.submit("/settings", url.Values{"lang": {"ja"}, "time_zone": {"Mars/Olympus"}, "digest_hour": {"8"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "不明なタイムゾーンです") || strings.Contains(page, "unknown time zone") {
		t.Fatalf("Japanese: %d\n%s", resp.StatusCode, page)
	}
	// An error page made by kaigi itself (a form without its token).
	resp, page = b.postForm("/settings", url.Values{"lang": {"ja"}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(page, "セキュリティトークン") || !strings.Contains(page, "許可されていません") {
		t.Fatalf("Japanese CSRF refusal: %d\n%s", resp.StatusCode, page)
	}
	// The JSON API stays English for scripts.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/tasks?cursor=nope", nil)
	req.Header.Set("Authorization", "Bearer "+e.token(testEmail))
	req.Header.Set("Accept-Language", "ja")
	if _, body := e.anonymous().do(req); strings.Contains(body, "ページ") {
		t.Fatalf("API error in Japanese: %s", body)
	}
}
