package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/server"
)

// TestTheAPIDatesByThePersonsZone: at 07:40 on 12-08 in Tokyo (22:40 on
// 12-07 in UTC), on a server in UTC, a person on Asia/Tokyo who makes an
// LADR and a decision outside any series through the API without a date
// gets 12-08, as the web form gives the same person.
func TestTheAPIDatesByThePersonsZone(t *testing.T) {
	clock := testclock.New(time.Date(2026, 12, 7, 22, 40, 0, 0, time.UTC))
	ctx := context.Background()
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: clock.Now, Zone: time.UTC})
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
	e := serverOn(t, st, clock, u, server.Deps{Store: st, Now: clock.Now, PasswordCost: bcrypt.MinCost, Accounts: server.AccountOptions{Zone: time.UTC}})
	b := e.login()

	resp, body := b.submit("/ladrs/new", url.Values{"title": {"Web record"}, "state": {"draft"}, "context": {"c"}})
	var web struct{ Date string }
	getJSON(t, b, "/api/v1/ladrs/"+strings.TrimPrefix(seeOther(t, resp, body), "/ladrs/"), &web)
	if web.Date != "2026-12-08" {
		t.Fatalf("web LADR date = %q, want 2026-12-08", web.Date)
	}
	post := func(path, payload string) map[string]any {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(payload))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", b.csrf)
		req.Header.Set("Origin", e.srv.URL)
		resp, body := b.do(req)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", path, resp.StatusCode, body)
		}
		var out map[string]any
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := post("/api/v1/ladrs", `{"title":"API record"}`)["date"]; got != "2026-12-08" {
		t.Errorf("API LADR date = %v, want 2026-12-08", got)
	}
	if got := post("/api/v1/decisions", `{"title":"API decision"}`)["decided_on"]; got != "2026-12-08" {
		t.Errorf("API decision date = %v, want 2026-12-08", got)
	}
}
