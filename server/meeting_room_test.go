package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestNotesSavedAsTypedAnswerTheirRevision: the page's save-as-you-type
// gets the agenda's new revision (its next save's check) and the meeting's
// before and after; a save from a stale revision is refused with a
// message and changes nothing.
func TestNotesSavedAsTypedAnswerTheirRevision(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, m := e.seedMeeting("Weekly")
	ag := data.Agenda{SeriesID: m.SeriesID, Title: "Build times"}
	must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
	b := e.login()
	path := "/meetings/" + string(m.ID) + "/agendas/" + string(ag.ID) + "/notes"
	save := func(rev int64, notes string) (*http.Response, map[string]string) {
		t.Helper()
		form := url.Values{"revision": {fmt.Sprint(rev)}, "notes": {notes}, "csrf": {b.csrf}}
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		resp, body := b.do(req)
		var out map[string]string
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("status %d, not JSON: %s", resp.StatusCode, body)
		}
		return resp, out
	}
	before, err := e.store.Meeting(ctx, m.ID)
	must(t, err)
	agNow, err := e.store.Agenda(ctx, ag.ID)
	must(t, err)
	resp, out := save(agNow.Revision, "first words")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("save: %d %v", resp.StatusCode, out)
	}
	saved, err := e.store.Agenda(ctx, ag.ID)
	must(t, err)
	after, err := e.store.Meeting(ctx, m.ID)
	must(t, err)
	if out["revision"] != fmt.Sprint(saved.Revision) || out["meeting_was"] != fmt.Sprint(before.Revision) || out["meeting"] != fmt.Sprint(after.Revision) {
		t.Fatalf("answer %v; agenda now at %d, meeting %d → %d", out, saved.Revision, before.Revision, after.Revision)
	}
	// The next keystrokes save with the answered revision.
	if resp, out := save(saved.Revision, "first words, more"); resp.StatusCode != http.StatusOK {
		t.Fatalf("second save: %d %v", resp.StatusCode, out)
	}
	// A save from the first revision again is someone else's stale page.
	resp, out = save(agNow.Revision, "stale")
	if resp.StatusCode != http.StatusConflict || out["message"] == "" {
		t.Fatalf("stale save: %d %v", resp.StatusCode, out)
	}
	mn, err := e.store.Minutes(ctx, m.ID)
	must(t, err)
	if got := mn.Items[0].Discussion.Notes; got != "first words, more" {
		t.Fatalf("notes are %q after a stale save", got)
	}
}

// TestAgendaOrderIsSetWhole: dragging sends the whole order; an order with
// an agenda of another meeting is refused and changes nothing.
func TestAgendaOrderIsSetWhole(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, m := e.seedMeeting("Weekly")
	var ids []string
	for _, title := range []string{"one", "two", "three"} {
		ag := data.Agenda{SeriesID: m.SeriesID, Title: title}
		must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
		ids = append(ids, string(ag.ID))
	}
	b := e.login()
	path := "/meetings/" + string(m.ID) + "/order"
	titles := func() string {
		items, err := e.store.MeetingItems(ctx, m.ID)
		must(t, err)
		var out []string
		for _, it := range items {
			out = append(out, it.Agenda.Title)
		}
		return strings.Join(out, " ")
	}
	resp, body := b.submit(path, url.Values{"agenda": {ids[2], ids[0], ids[1]}})
	if to := seeOther(t, resp, body); to != "/meetings/"+string(m.ID)+"#agendas" {
		t.Fatalf("order answers with %s", to)
	}
	if got := titles(); got != "three one two" {
		t.Fatalf("order after dragging: %s", got)
	}
	resp, _ = b.submit(path, url.Values{"agenda": {ids[0], "not-on-this-meeting"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an agenda of no meeting: %d, want 422", resp.StatusCode)
	}
	resp, _ = b.submit(path, url.Values{})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no order at all: %d, want 422", resp.StatusCode)
	}
	if got := titles(); got != "three one two" {
		t.Fatalf("a refused order changed the list: %s", got)
	}
}

// TestCardTaskTakesATypedName: a card's task field names its assignee;
// an unknown name is refused next to the field with what was typed kept.
func TestCardTaskTakesATypedName(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, m := e.seedMeeting("Weekly")
	ag := data.Agenda{SeriesID: m.SeriesID, Title: "Flaky login"}
	must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
	b := e.login()
	path := "/meetings/" + string(m.ID) + "/tasks"
	resp, body := b.submit(path, url.Values{"title": {"Quarantine it"}, "assignee": {"aiko"}, "agenda_id": {string(ag.ID)}})
	if to := seeOther(t, resp, body); to != "/meetings/"+string(m.ID)+"#agenda-"+string(ag.ID) {
		t.Fatalf("a card's task answers with %s", to)
	}
	tasks, err := e.store.Tasks(ctx, data.TaskFilter{SeriesID: m.SeriesID})
	must(t, err)
	if len(tasks) != 1 || tasks[0].AssigneeID != e.user.ID || tasks[0].AgendaID != ag.ID {
		t.Fatalf("tasks: %+v", tasks)
	}
	resp, page := b.submit(path, url.Values{"title": {"Ask someone"}, "assignee": {"Nobody Here"}, "agenda_id": {string(ag.ID)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `value="Ask someone"`) ||
		!strings.Contains(page, `value="Nobody Here"`) || !strings.Contains(page, "pick a name from the list") {
		t.Fatalf("unknown assignee: %d\n%s", resp.StatusCode, page)
	}
}
