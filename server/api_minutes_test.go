package server_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// TestAPIMinutesParity: a late task is created with its stored times and
// revision in the reply; the same Idempotency-Key twice makes one task;
// the meeting lists its agendas with this meeting's outcome and notes, PUT
// sets them, PATCH replies with the new updated_at; DELETE moves to the
// trash and restore brings it back; search finds a note and names its
// meeting.
func TestAPIMinutesParity(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, m := e.seedMeeting("プラットフォーム定例")
	ag := data.Agenda{SeriesID: sr.ID, Title: "Compose 移行"}
	must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
	api := e.api()

	body := fmt.Sprintf(`{"series_id":%q,"meeting_id":%q,"title":"遅れているタスク","due":"2025-11-30"}`, sr.ID, m.ID)
	var first, second record
	if st := api.callKeyed(http.MethodPost, "/tasks", "k-1", body, &first); st != http.StatusCreated {
		t.Fatalf("late task: %d %v", st, first)
	}
	if st := api.callKeyed(http.MethodPost, "/tasks", "k-1", body, &second); st != http.StatusCreated || second["id"] != first["id"] {
		t.Fatalf("repeat with the same key: %d %v, want the first task %v", st, second["id"], first["id"])
	}
	if ids, _ := e.store.RecordIDs(ctx, data.EntityTask, false); len(ids) != 1 {
		t.Fatalf("%d tasks after a repeated POST, want 1", len(ids))
	}
	if first["created_at"] == "0001-01-01T00:00:00Z" || first["updated_at"] != e.clock.Now().UTC().Format("2006-01-02T15:04:05Z") || first["revision"].(float64) == 0 {
		t.Fatalf("create reply lacks the stored meta: %v", first)
	}

	e.clock.Advance(time.Minute)
	var patched record
	if st := api.call(http.MethodPatch, "/tasks/"+first["id"].(string), `{"state":"doing"}`, &patched); st != http.StatusOK ||
		patched["updated_at"] == first["updated_at"] || patched["revision"] == first["revision"] {
		t.Fatalf("PATCH reply: %d %v", st, patched)
	}

	var disc record
	if st := api.call(http.MethodPut, fmt.Sprintf("/meetings/%s/agendas/%s", m.ID, ag.ID), `{"notes":"相性を検証した","outcome":"discussed"}`, &disc); st != http.StatusOK || disc["outcome"] != "discussed" {
		t.Fatalf("PUT discussion: %d %v", st, disc)
	}
	var detail struct {
		Agendas []record `json:"agendas"`
	}
	if st := api.call(http.MethodGet, "/meetings/"+string(m.ID), "", &detail); st != http.StatusOK || len(detail.Agendas) != 1 ||
		detail.Agendas[0]["outcome"] != "discussed" || detail.Agendas[0]["notes"] != "相性を検証した" {
		t.Fatalf("GET meeting: %d %+v", st, detail)
	}
	var hits struct {
		Items []record `json:"items"`
	}
	if api.call(http.MethodGet, "/search?q=%E7%9B%B8%E6%80%A7", "", &hits); len(hits.Items) != 1 || hits.Items[0]["meeting_id"] != string(m.ID) ||
		hits.Items[0]["entity"] != "discussion" {
		t.Fatalf("search for a word in the notes: %+v", hits)
	}

	if st := api.call(http.MethodDelete, "/agendas/"+string(ag.ID), "", nil); st != http.StatusNoContent {
		t.Fatalf("DELETE agenda: %d", st)
	}
	if st := api.call(http.MethodGet, "/agendas/"+string(ag.ID), "", nil); st != http.StatusNotFound {
		t.Fatalf("GET of an agenda in the trash: %d", st)
	}
	var restored record
	if st := api.call(http.MethodPost, "/agendas/"+string(ag.ID)+"/restore", "", &restored); st != http.StatusOK || restored["id"] != string(ag.ID) {
		t.Fatalf("restore: %d %v", st, restored)
	}
	if api.call(http.MethodGet, "/meetings/"+string(m.ID), "", &detail); len(detail.Agendas) != 1 || detail.Agendas[0]["notes"] != "相性を検証した" {
		t.Fatalf("restored agenda lost its place or notes: %+v", detail)
	}
}
