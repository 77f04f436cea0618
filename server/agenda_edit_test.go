package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// An agenda's priority, owner and details are changed on its page; a bad
// priority is refused with the typed values kept.
func TestEditAgendaOnItsPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, m := e.seedMeeting("Platform weekly")
	ag := data.Agenda{SeriesID: m.SeriesID, Title: "ログ基盤の移行", Priority: 3}
	if err := e.store.CreateAgenda(ctx, &ag, m.ID); err != nil {
		t.Fatal(err)
	}
	b := e.login()
	path := "/agendas/" + string(ag.ID)
	resp, body := b.submit(path, url.Values{"revision": {fmt.Sprint(ag.Revision)}, "title": {"ログ基盤の移行"}, "priority": {"1"},
		"owner_id": {string(e.user.ID)}, "state": {"open"}, "body": {"Loki か OpenSearch か"}})
	seeOther(t, resp, body)
	got, err := e.store.Agenda(ctx, ag.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Priority != 1 || got.OwnerID != e.user.ID || got.Body != "Loki か OpenSearch か" {
		t.Fatalf("saved agenda: %+v", got)
	}
	resp, page := b.submit(path, url.Values{"revision": {fmt.Sprint(got.Revision)}, "title": {"ログ基盤の移行"}, "priority": {"9"},
		"state": {"open"}, "body": {"typed text stays"}})
	if resp.StatusCode != 422 || !strings.Contains(page, "typed text stays") || !strings.Contains(page, "priority") {
		t.Fatalf("bad priority: status %d; the form must come back with the text and the reason", resp.StatusCode)
	}
}
