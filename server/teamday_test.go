package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/ladr"
	"github.com/kaigi-dev/kaigi/server"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// TestTheTeamsDayAt0740InTokyo: at 07:40 on 12-08 in Tokyo (22:40 on 12-07
// in UTC), with the server and the person on Asia/Tokyo, an LADR made on
// the web and a decision made through the API are dated 12-08 on their
// pages, in the LADR's file and in the API, and a task due 12-07 is
// overdue while one due 12-08 is not.
func TestTheTeamsDayAt0740InTokyo(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	clock := testclock.New(time.Date(2026, 12, 7, 22, 40, 0, 0, time.UTC))
	ctx := context.Background()
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: clock.Now, Zone: tokyo})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hash, _ := server.HashPasswordAt(testPassword, bcrypt.MinCost)
	u := data.Person{Name: "Aiko", Email: testEmail}
	if err := st.CreateUser(ctx, &u, hash); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateSettings(ctx, u.ID, data.Settings{TimeZone: "Asia/Tokyo", DigestHour: 8}); err != nil {
		t.Fatal(err)
	}
	renderer, err := ladr.NewRenderer("", i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	e := serverOn(t, st, clock, u, server.Deps{Store: st, Now: clock.Now, PasswordCost: bcrypt.MinCost,
		Accounts: server.AccountOptions{Zone: tokyo},
		RenderLADR: func(ctx context.Context, l data.LADR) ([]byte, string, error) {
			doc, _, err := ladr.RenderFile(ctx, st, folder, l.ID, ladr.ExportOptions{Renderer: renderer})
			return doc, "", err
		}})
	b := e.login()
	cat, err := i18n.Load(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	shown := cat.For(i18n.English).Day(2026, 12, 8)
	wrong := cat.For(i18n.English).Day(2026, 12, 7)

	resp, body := b.submit("/ladrs/new", url.Values{"title": {"Use Flow for state"}, "state": {"draft"}, "context": {"c"}})
	page := seeOther(t, resp, body)
	_, body = b.get(page)
	if !strings.Contains(body, shown) || strings.Contains(body, wrong) {
		t.Fatalf("the LADR page does not show %q (or shows %q):\n%s", shown, wrong, body)
	}
	id := strings.TrimPrefix(page, "/ladrs/")
	var l struct{ Date string }
	getJSON(t, b, "/api/v1/ladrs/"+id, &l)
	if l.Date != "2026-12-08" {
		t.Fatalf("API LADR date = %q, want 2026-12-08", l.Date)
	}
	if _, err := ladr.Export(ctx, st, folder, ladr.ExportOptions{Renderer: renderer}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(folder, "*.md"))
	var file string
	for _, f := range files {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), "Use Flow for state") {
			file = string(b)
		}
	}
	if !strings.Contains(file, "2026-12-08") || strings.Contains(file, "2026-12-07") {
		t.Fatalf("the LADR's file is not dated 2026-12-08:\n%s", file)
	}

	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/decisions", strings.NewReader(`{"title":"Adopt Flow","series_id":"`+string(sr.ID)+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.csrf)
	req.Header.Set("Origin", e.srv.URL)
	resp, body = b.do(req)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create decision: %d %s", resp.StatusCode, body)
	}
	var d struct {
		ID        string
		DecidedOn string `json:"decided_on"`
	}
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	if d.DecidedOn != "2026-12-08" {
		t.Fatalf("API decision date = %q, want 2026-12-08", d.DecidedOn)
	}
	if _, body = b.get("/decisions/" + d.ID); !strings.Contains(body, shown) || strings.Contains(body, wrong) {
		t.Fatalf("the decision page does not show %q:\n%s", shown, body)
	}

	for due, overdue := range map[string]bool{"2026-12-07": true, "2026-12-08": false} {
		due, _ := data.ParseDate(due)
		task := data.Task{SeriesID: sr.ID, Title: "due " + due.String(), Due: due, AssigneeID: u.ID}
		if err := st.CreateTask(ctx, &task); err != nil {
			t.Fatal(err)
		}
		_, body = b.get("/tasks/" + string(task.ID))
		if got := strings.Contains(body, `badge bad">`+cat.For(i18n.English).S("common.overdue")+"<"); got != overdue {
			t.Errorf("task due %s: overdue shown = %v, want %v", due, got, overdue)
		}
	}
}

// serverOn runs the app built from d on st, for a test that made st itself.
func serverOn(t *testing.T, st *data.Store, clock *testclock.Clock, u data.Person, d server.Deps) *env {
	t.Helper()
	app, err := server.New(d)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptestServer(t, app)
	return &env{t: t, store: st, clock: clock, srv: srv, app: app, user: u}
}

func getJSON(t *testing.T, b *browser, path string, out any) {
	t.Helper()
	resp, body := b.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}
