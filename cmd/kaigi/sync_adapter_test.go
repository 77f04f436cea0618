package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
	"github.com/kaigi-dev/kaigi/server"
)

// notionWorld is a fake Notion and an environment whose kaigi points at it.
type notionWorld struct {
	fake   *notionfake.Fake
	env    map[string]string
	token  string
	bot    string
	parent string
	person string
}

func newNotionWorld(t *testing.T) *notionWorld {
	t.Helper()
	return newNotionWorldWith(t, notionfake.Options{Seed: 3, Clock: notionfake.RealClock{}})
}

func newNotionWorldWith(t *testing.T, opts notionfake.Options) *notionWorld {
	t.Helper()
	fake := notionfake.New(opts)
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	w := &notionWorld{fake: fake, env: testEnv(t), token: token, bot: bot}
	w.person = fake.AddPerson("Aiko", "aiko@example.com")
	w.parent = fake.CreateSharedPage("", "Team", w.person)
	w.env["KAIGI_NOTION_TOKEN"] = token
	w.env["KAIGI_NOTION_URL"] = srv.URL
	w.env["KAIGI_NOTION_CONFIG"] = t.TempDir() + "/kaigi-notion.json"
	return w
}

func TestSyncThroughTheWebApp(t *testing.T) {
	t.Parallel() // waits on real time (a sync's requests, serve's file check); its own folder, database and fake
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newNotionWorld(t)
	if _, _, err := runKaigi(t, w.env, "notion", "init", "--parent", w.parent, "--rate", "100"); err != nil {
		t.Fatalf("notion init: %v", err)
	}
	st, err := data.Open(ctx, w.env["KAIGI_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hash, _ := server.HashPassword("correct horse battery")
	me := data.Person{Name: "Aiko", Email: "aiko@example.com"}
	if err := st.CreateUser(ctx, &me, hash); err != nil {
		t.Fatal(err)
	}
	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	task := data.Task{SeriesID: sr.ID, Title: "Order the cake"}
	if err := st.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}

	var logs bytes.Buffer
	cfg := serveConfig{config: config{DB: w.env["KAIGI_DB"], Logger: slog.New(slog.NewTextHandler(&logs, nil))}}
	nc := notionConfig{config: cfg.config, ConfigPath: w.env["KAIGI_NOTION_CONFIG"], URL: w.env["KAIGI_NOTION_URL"], Rate: 100}
	if cfg.Notion, err = openNotionSync(ctx, st, nc, "*/5 * * * *", w.env, cfg.Logger, nil); err != nil || cfg.Notion == nil {
		t.Fatalf("open sync: %v", err)
	}
	defer cfg.Notion.wait()
	defer cancel()
	h, err := newHandler(ctx, st, cfg, w.env, stdio{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := loginBrowser(t, srv.URL, "aiko@example.com", "correct horse battery")

	// Sync now pushes the task in the background.
	if code := b.post(t, "/sync/run", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("Sync now: %d", code)
	}
	cfg.Notion.wait()
	pages := w.fake.DatabasePages(mustConfigDB(t, w, "task"), false)
	if len(pages) != 1 {
		t.Fatalf("after Sync now the tasks database has %d pages", len(pages))
	}
	page := pages[0]["id"].(string)

	// Notion's webhook: verification, shown once on the sync page.
	verification, err := w.fake.SubscribeWebhook(ctx, srv.URL+"/webhooks/notion")
	if err != nil {
		t.Fatalf("verification request: %v", err)
	}
	if body := b.get(t, "/sync"); !strings.Contains(body, verification) || !strings.Contains(body, "pulled") {
		t.Fatalf("the sync page does not show the new verification token and the run:\n%s", body)
	}
	if body := b.get(t, "/sync"); strings.Contains(body, verification) {
		t.Fatalf("the sync page shows the verification token a second time")
	}

	// A person edits the task in Notion; the signed event makes kaigi pull it.
	if err := w.fake.As(w.person).UpdateProperties(page, map[string]any{"Name": map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "Order the big cake"}}}}}); err != nil {
		t.Fatal(err)
	}
	if err := w.fake.DeliverWebhooks(ctx); err != nil {
		t.Fatalf("deliver: %v", err)
	}
	waitFor(t, func() bool {
		got, _ := st.Task(ctx, task.ID)
		return got.Title == "Order the big cake"
	})

	// A forged event is refused.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks/notion", strings.NewReader(`{"id":"x","entity":{"id":"`+page+`","type":"page"}}`))
	req.Header.Set("X-Notion-Signature", "sha256=00")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged event: %v %v", resp, err)
	}
	if strings.Contains(logs.String(), w.token) {
		t.Fatalf("the integration token is in the server log")
	}
}

// waitFor polls a condition the background sync makes true; the count of
// tries bounds it, not a clock.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for range 200 {
		if ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the background sync did not finish")
}

func mustConfigDB(t *testing.T, w *notionWorld, entity string) string {
	t.Helper()
	out, _, err := runKaigi(t, w.env, "notion", "mapping")
	if err != nil {
		t.Fatalf("notion mapping: %v", err)
	}
	var cfg struct {
		Databases map[string]struct{ ID string }
	}
	if err := json.Unmarshal([]byte(out), &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg.Databases[entity].ID
}

type webBrowser struct {
	base   string
	client *http.Client
	csrf   string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func loginBrowser(t *testing.T, base, email, password string) *webBrowser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &webBrowser{base: base, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	b.csrf = csrfField.FindStringSubmatch(b.get(t, "/login"))[1]
	if code := b.post(t, "/login", url.Values{"email": {email}, "password": {password}}); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	b.csrf = csrfField.FindStringSubmatch(b.get(t, "/"))[1]
	return b
}

func (b *webBrowser) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := b.client.Get(b.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func (b *webBrowser) post(t *testing.T, path string, form url.Values) int {
	t.Helper()
	form.Set("csrf", b.csrf)
	resp, err := b.client.PostForm(b.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
