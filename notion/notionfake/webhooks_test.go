package notionfake

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

type webhookSink struct {
	mu     sync.Mutex
	bodies [][]byte
	sigs   []string
}

func (s *webhookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies = append(s.bodies, body)
	s.sigs = append(s.sigs, r.Header.Get("X-Notion-Signature"))
}

func TestWebhooksAreSignedAndCarryIDsOnly(t *testing.T) {
	e := newEnv(t, Options{Seed: 1})
	db := e.tasksDB()
	sink := &webhookSink{}
	srv := httptest.NewServer(sink)
	defer srv.Close()
	token, err := e.fake.SubscribeWebhook(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var verification map[string]string
	if json.Unmarshal(sink.bodies[0], &verification) != nil || verification["verification_token"] != token || sink.sigs[0] != "" {
		t.Fatalf("verification request: %s %q", sink.bodies[0], sink.sigs[0])
	}
	ed := e.fake.As(e.person)
	id, err := ed.CreatePage(db, map[string]any{"Name": map[string]any{"title": text("secret title")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.UpdateProperties(id, map[string]any{"Points": map[string]any{"number": 3}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ed.AppendBlocks(id, []any{para("body")}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []func(string) error{ed.Trash, ed.Restore} {
		if err := step(id); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(e.fake.PendingWebhooks()); n != 5 {
		t.Fatalf("pending: %d", n)
	}
	if err := e.fake.DeliverWebhooks(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"page.created", "page.properties_updated", "page.content_updated", "page.deleted", "page.undeleted"}
	if len(sink.bodies) != 1+len(want) {
		t.Fatalf("delivered %d", len(sink.bodies))
	}
	pointsID := str(dig(e.fake.DatabasePages(db, false)[0], "properties", "Points", "id"))
	for i, typ := range want {
		body, sig := sink.bodies[i+1], sink.sigs[i+1]
		if sig != Sign(body, token) {
			t.Fatalf("%s: bad signature %q", typ, sig)
		}
		var ev map[string]any
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Fatal(err)
		}
		if ev["type"] != typ || dig(ev, "entity", "id") != id || dig(ev, "entity", "type") != "page" ||
			dig(ev, "authors", 0, "id") != e.person || dig(ev, "data", "parent", "id") != db || dig(ev, "data", "parent", "type") != "database" {
			t.Fatalf("%s: %s", typ, body)
		}
		for _, k := range []string{"id", "timestamp", "workspace_id", "subscription_id", "integration_id"} {
			if str(ev[k]) == "" {
				t.Fatalf("%s: missing %s", typ, k)
			}
		}
		if typ == "page.properties_updated" && dig(ev, "data", "updated_properties", 0) != pointsID {
			t.Fatalf("updated_properties: %s", body)
		}
		if json.Valid(body) && containsFold(string(body), "secret title") {
			t.Fatalf("event carries content: %s", body)
		}
	}
	if n := len(e.fake.PendingWebhooks()); n != 0 {
		t.Fatalf("still pending: %d", n)
	}
}
