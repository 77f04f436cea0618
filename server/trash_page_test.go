package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// TestTrashPageAndRestore: a decision moved to the trash from its page is
// listed on the Trash page and comes back, links intact, with Restore.
func TestTrashPageAndRestore(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, m := e.seedMeeting("定例")
	ag := data.Agenda{SeriesID: sr.ID, Title: "認証"}
	must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
	d := data.Decision{MeetingID: m.ID, AgendaID: ag.ID, Title: "トークンにする"}
	must(t, e.store.CreateDecision(ctx, &d))
	b := e.login()
	resp, body := b.submit("/decisions/"+string(d.ID)+"/trash", url.Values{})
	seeOther(t, resp, body)
	if resp, _ := b.get("/decisions/" + string(d.ID)); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("decision in the trash: %d", resp.StatusCode)
	}
	_, page := b.get("/trash")
	restore := "/trash/decisions/" + string(d.ID) + "/restore"
	if !strings.Contains(page, "トークンにする") || !strings.Contains(page, `action="`+restore+`"`) {
		t.Fatalf("trash page lacks the decision and its Restore:\n%s", page)
	}
	resp, body = b.submit(restore, url.Values{})
	if to := seeOther(t, resp, body); to != "/decisions/"+string(d.ID) {
		t.Fatalf("restore goes to %s", to)
	}
	got, err := e.store.Decision(ctx, d.ID)
	must(t, err)
	if got.Deleted() || got.AgendaID != ag.ID || got.MeetingID != m.ID {
		t.Fatalf("restored decision: %+v", got)
	}
}

// TestFormErrorAddressReopensThePage: after a failed form the address bar
// holds the form's POST address; opening it shows the page again, and
// the error is next to its field, which has the focus.
func TestFormErrorAddressReopensThePage(t *testing.T) {
	e := newEnv(t)
	_, m := e.seedMeeting("Weekly")
	b := e.login()
	post := "/meetings/" + string(m.ID) + "/agendas"
	resp, body := b.submit(post, url.Values{"title": {" "}, "priority": {"2"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `required autofocus><span class="field-error" role="alert" id="error-title">`) {
		t.Fatalf("failed agenda form: %d, error not at its field:\n%s", resp.StatusCode, body)
	}
	for _, path := range []string{post, "/meetings/" + string(m.ID) + "/agendas/x/notes", "/ladrs/new"} {
		resp, _ := b.get(path)
		if path == "/ladrs/new" {
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: %d", path, resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/meetings/"+string(m.ID) {
			t.Errorf("GET %s: %d to %q, want the meeting page", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// TestAgendaThreadShowsEachMeeting: the agenda's page lists the meetings
// it was on, each with its outcome there, its notes, and the decisions
// and tasks made there.
func TestAgendaThreadShowsEachMeeting(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, m1 := e.seedMeeting("定例")
	ag := data.Agenda{SeriesID: sr.ID, Title: "移行"}
	must(t, e.store.CreateAgenda(ctx, &ag, m1.ID))
	must(t, e.store.SetDiscussionNotes(ctx, m1.ID, ag.ID, "第一回のメモ"))
	d := data.Decision{MeetingID: m1.ID, AgendaID: ag.ID, Title: "検証する"}
	must(t, e.store.CreateDecision(ctx, &d))
	e.clock.Advance(8 * 24 * time.Hour)
	_, err := e.store.SetMeetingState(ctx, m1.ID, data.MeetingHeld, 0)
	must(t, err)
	m2, _, err := e.store.NextMeeting(ctx, sr.ID)
	must(t, err)
	task := data.Task{SeriesID: sr.ID, MeetingID: m2.ID, AgendaID: ag.ID, Title: "結果をまとめる", Due: data.Date{Year: 2025, Month: 12, Day: 1}}
	must(t, e.store.CreateTask(ctx, &task))
	_, err = e.store.UpdateDiscussion(ctx, m2.ID, ag.ID, data.DiscussionChange{Outcome: data.OutcomeResolved})
	must(t, err)
	_, page := e.login().get("/agendas/" + string(ag.ID))
	// Closed on the day of the meeting that resolved it, named in the header.
	if !strings.Contains(page, "closed in "+m2.Title) || !strings.Contains(page, "open 13 days · carried 1×") {
		t.Errorf("the agenda's header does not say it was closed in %s, 13 days after it was raised (on the 5th; the meeting is on the 19th), carried once", m2.Title)
	}
	page = page[strings.Index(page, `<ol class="thread">`):]
	first, second := strings.Index(page, m1.Title), strings.Index(page, m2.Title)
	if first < 0 || second < first {
		t.Fatalf("thread lacks the two meetings in order:\n%s", page)
	}
	one, two := page[first:second], page[second:]
	two = two[:strings.Index(two, "</ol>")] // the thread ends; the agenda's own lists follow
	for _, want := range []string{"discussed", "第一回のメモ", "検証する"} {
		if !strings.Contains(one, want) {
			t.Errorf("the first meeting's entry lacks %q", want)
		}
	}
	for _, want := range []string{`outcome resolved">resolved<`, "結果をまとめる", "overdue"} {
		if !strings.Contains(two, want) {
			t.Errorf("the second meeting's entry lacks %q", want)
		}
	}
}

// TestHeldMeetingRefusesChangesOnItsPage: a post to a held meeting's form
// (a page opened before it was held) is refused with the reason shown, and
// Reopen makes the form work again.
func TestHeldMeetingRefusesChangesOnItsPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, m := e.seedMeeting("定例")
	_, err := e.store.SetMeetingState(ctx, m.ID, data.MeetingHeld, 0)
	must(t, err)
	b := e.login()
	path := "/meetings/" + string(m.ID)
	resp, page := b.submit(path+"/agendas", url.Values{"title": {"後から追加"}, "priority": {"2"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(page, "read-only") {
		t.Fatalf("adding to a held meeting: %d\n%s", resp.StatusCode, page)
	}
	held, err := e.store.Meeting(ctx, m.ID)
	must(t, err)
	resp, page = b.submit(path+"/reopen", url.Values{"revision": {fmt.Sprint(held.Revision)}})
	seeOther(t, resp, page)
	resp, page = b.submit(path+"/agendas", url.Values{"title": {"後から追加"}, "priority": {"2"}})
	seeOther(t, resp, page)
	if _, page = b.get(path); !strings.Contains(page, "Reopened by Aiko") || !strings.Contains(page, "後から追加") {
		t.Fatalf("after reopening:\n%s", page)
	}
}
