package server_test

import (
	"context"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// TestLADRFromADecisionStartsFull: "make an LADR" from a decision fills
// Context with the agenda's details and every meeting's notes on it, each
// meeting linked, and Decision with what was decided and where; saving
// the form keeps them and links the meeting.
func TestLADRFromADecisionStartsFull(t *testing.T) {
	e := newEnv(t, func(d *server.Deps) { d.BaseURL = "https://kaigi.example.com" })
	ctx := context.Background()
	sr, m1 := e.seedMeeting("基盤定例")
	ag := data.Agenda{SeriesID: sr.ID, Title: "監視基盤", Body: "監視ツールが三つあり、当番が画面を行き来している。"}
	must(t, e.store.CreateAgenda(ctx, &ag, m1.ID))
	must(t, e.store.SetDiscussionNotes(ctx, m1.ID, ag.ID, "Datadog と Grafana を比較した。\n費用は同程度。"))
	e.clock.Advance(8 * 24 * time.Hour)
	_, err := e.store.SetMeetingState(ctx, m1.ID, data.MeetingHeld, 0) // a held meeting is never next
	must(t, err)
	m2, _, err := e.store.NextMeeting(ctx, sr.ID)
	must(t, err)
	must(t, e.store.SetDiscussionNotes(ctx, m2.ID, ag.ID, "当番の意見: 一つにまとめたい。"))
	d := data.Decision{MeetingID: m2.ID, AgendaID: ag.ID, Title: "監視基盤を Datadog に一本化する", Body: "当番の負担を減らすため。"}
	must(t, e.store.CreateDecision(ctx, &d))

	b := e.login()
	_, page := b.get("/ladrs/new?decision=" + string(d.ID))
	page = html.UnescapeString(page)
	for _, want := range []string{
		"監視ツールが三つあり", "Datadog と Grafana を比較した。\n  費用は同程度。", "当番の意見: 一つにまとめたい。",
		"(https://kaigi.example.com/meetings/" + string(m1.ID) + ")", "(https://kaigi.example.com/meetings/" + string(m2.ID) + ")",
		"監視基盤を Datadog に一本化する\n\n当番の負担を減らすため。",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	form := url.Values{"title": {d.Title}, "state": {"draft"}, "decision_id": {string(d.ID)}, "meeting_id": {string(m2.ID)}, "agenda_id": {string(ag.ID)}}
	for _, field := range []string{"context", "decision"} {
		form.Set(field, textareaValue(t, page, field))
	}
	resp, body := b.submit("/ladrs/new", form)
	seeOther(t, resp, body)
	ls, err := e.store.LADRs(ctx, data.LADRFilter{})
	must(t, err)
	if len(ls) != 1 {
		t.Fatalf("%d LADRs", len(ls))
	}
	l, err := e.store.LADR(ctx, ls[0].ID)
	must(t, err)
	if !strings.Contains(l.Context, "費用は同程度。") || !strings.Contains(l.Context, string(m1.ID)) ||
		!strings.HasPrefix(l.Decision, "監視基盤を Datadog に一本化する") || !strings.Contains(l.Decision, string(m2.ID)) ||
		l.MeetingID != m2.ID || len(l.DecisionIDs) != 1 {
		t.Errorf("the saved LADR: context %q, decision %q, meeting %s, decisions %v", l.Context, l.Decision, l.MeetingID, l.DecisionIDs)
	}
}

// textareaValue reads a textarea's text out of an unescaped page.
func textareaValue(t *testing.T, page, name string) string {
	t.Helper()
	i := strings.Index(page, `name="`+name+`"`)
	if i < 0 {
		t.Fatalf("no textarea %s", name)
	}
	rest := page[i:]
	start := strings.Index(rest, ">") + 1
	end := strings.Index(rest, "</textarea>")
	return strings.TrimPrefix(rest[start:end], "\n")
}
