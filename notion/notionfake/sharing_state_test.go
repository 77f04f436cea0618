package notionfake

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWebhooksOnlyCoverWhatTheSubscriberSees(t *testing.T) {
	e := newEnv(t, Options{Seed: 5}) // e.botID is the first bot, so it owns the subscription
	otherToken, _ := e.fake.AddIntegration("other")
	hidden := e.fake.CreateSharedPage("", "Private", e.person)
	if err := e.fake.Unshare(hidden, e.botID); err != nil {
		t.Fatal(err)
	}
	db := e.as(otherToken).tasksDBUnder(hidden)
	sink := &webhookSink{}
	srv := httptest.NewServer(sink)
	defer srv.Close()
	if _, err := e.fake.SubscribeWebhook(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	ed := e.fake.As(e.person)
	row, err := ed.CreatePage(db, map[string]any{"Name": map[string]any{"title": text("secret")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ed.AppendBlocks(e.root, []any{para("visible")}); err != nil {
		t.Fatal(err)
	}
	if err := e.fake.Share(db, e.botID); err != nil {
		t.Fatal(err)
	}
	if err := ed.UpdateProperties(row, map[string]any{"Points": map[string]any{"number": 2}}); err != nil {
		t.Fatal(err)
	}
	if err := e.fake.DeliverWebhooks(context.Background()); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, body := range sink.bodies[1:] { // [0] is the verification request
		var ev WebhookEvent
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Fatal(err)
		}
		got = append(got, ev.Type+" "+ev.Entity.ID)
	}
	want := []string{"page.content_updated " + e.root, "page.properties_updated " + row}
	if !slices.Equal(got, want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
}

// tasksDBUnder creates a one-property database under parent.
func (e *env) tasksDBUnder(parent string) string {
	e.t.Helper()
	return str(e.ok("POST", "/v1/databases", map[string]any{"parent": map[string]any{"page_id": parent}, "title": text("T"),
		"properties": map[string]any{"Name": map[string]any{"title": map[string]any{}}, "Points": map[string]any{"number": map[string]any{}}}})["id"])
}

func TestSharingSurvivesSnapshotAndRestore(t *testing.T) {
	e := newEnv(t, Options{Seed: 6})
	_, bot := e.fake.AddIntegration("other")
	if err := e.fake.Share(e.root, bot); err != nil {
		t.Fatal(err)
	}
	restored := func() *Fake {
		t.Helper()
		data, err := e.fake.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		f := New(Options{})
		if err := f.Restore(data); err != nil {
			t.Fatal(err)
		}
		return f
	}
	if f := restored(); !f.CanAccess(bot, e.root) || !f.CanAccess(e.botID, e.root) {
		t.Fatal("shares lost in Snapshot/Restore")
	}
	if err := e.fake.Unshare(e.root, bot); err != nil {
		t.Fatal(err)
	}
	if f := restored(); f.CanAccess(bot, e.root) || !f.CanAccess(e.botID, e.root) {
		t.Fatal("unshare lost in Snapshot/Restore")
	}

	// State written before sharing existed restores, with nothing shared.
	data, _ := e.fake.Snapshot()
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	delete(raw, "Shares")
	old, _ := json.Marshal(raw)
	f := New(Options{})
	if err := f.Restore(old); err != nil {
		t.Fatal(err)
	}
	if f.CanAccess(e.botID, e.root) {
		t.Fatal("old state: nothing should be shared")
	}
	if err := f.Share(e.root, e.botID); err != nil {
		t.Fatalf("sharing after restoring old state: %v", err)
	}
}

func TestStandaloneSharesItsParentPage(t *testing.T) {
	state := filepath.Join(t.TempDir(), "notion.json")
	e, stop, _ := startStandalone(t, state)
	db := e.tasksDBUnder(e.root)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if len(arr(obj(raw["Shares"])[e.root])) != 1 {
		t.Fatalf("state file shares: %v", raw["Shares"])
	}
	// A state file from before sharing existed gets its parent page shared again.
	delete(raw, "Shares")
	data, _ = json.Marshal(raw)
	if err := os.WriteFile(state, data, 0o600); err != nil {
		t.Fatal(err)
	}
	again, stop2, _ := startStandalone(t, state)
	defer func() {
		if err := stop2(); err != nil {
			t.Error(err)
		}
	}()
	again.ok("GET", "/v1/databases/"+db, nil)
}
