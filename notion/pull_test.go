package notion

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// Notion rounds last_edited_time down to the minute, so a second edit in
// the minute kaigi last read leaves the page's time unchanged.
func TestEditInTheWatermarkMinuteIsNotMissed(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 21, nil)
	task := newTask(t, h, "Pick a date")
	h.cycle()
	page := h.pageOf(data.EntityTask, string(task.ID))
	h.fake.Advance(10 * time.Minute)
	h.cycle() // settled: the page is known as it is

	start := h.fake.Now().Truncate(time.Minute).Add(time.Minute)
	h.fake.Advance(start.Sub(h.fake.Now()) + 5*time.Second)
	if err := h.fake.As(h.person).UpdateProperties(page, map[string]any{"Name": title("Pick a date: Tuesday")}); err != nil {
		t.Fatal(err)
	}
	h.fake.Advance(10 * time.Second)
	h.cycle() // reads the first edit; the watermark is now this minute
	h.fake.Advance(20 * time.Second)
	if err := h.fake.As(h.person).UpdateProperties(page, map[string]any{"Name": title("Pick a date: Wednesday")}); err != nil {
		t.Fatal(err)
	}
	p, _ := h.fake.Page(page)
	if p["last_edited_time"] != start.Format("2006-01-02T15:04:05.000Z") {
		t.Fatalf("page edited at %v, want both edits in the minute %v", p["last_edited_time"], start)
	}
	h.fake.Advance(5 * time.Second)
	h.cycle()
	if got, _ := h.store.Task(ctx, task.ID); got.Title != "Pick a date: Wednesday" {
		t.Fatalf("second edit in the watermark's minute was missed: title %q", got.Title)
	}
}

func TestSixtyMemberRelationRoundTrip(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 22, nil)
	meeting := data.Meeting{SeriesID: h.series, Title: "Planning", StartsAt: h.fake.Now().Add(24 * time.Hour).Truncate(time.Minute)}
	if err := h.store.CreateMeeting(ctx, &meeting); err != nil {
		t.Fatal(err)
	}
	var ids []data.AgendaID
	for i := range 60 {
		a := data.Agenda{SeriesID: h.series, Title: fmt.Sprintf("Agenda %02d", i)}
		if err := h.store.CreateAgenda(ctx, &a, meeting.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	h.cycle()
	meetingPage := h.pageOf(data.EntityMeeting, string(meeting.ID))
	if got := h.fake.RelationIDs(meetingPage, "Agendas"); len(got) != 60 {
		t.Fatalf("kaigi → Notion: the meeting page relates %d agendas, want 60", len(got))
	}

	// In Notion a person makes a new meeting page with the same 60 agendas:
	// a page read shows 25 of them, the rest come from the property item.
	refs := make([]any, 0, 60)
	for _, id := range ids {
		refs = append(refs, map[string]any{"id": h.pageOf(data.EntityAgenda, string(id))})
	}
	h.fake.Advance(5 * time.Minute)
	newPage, err := h.fake.As(h.person).CreatePage(h.db(data.EntityMeeting), map[string]any{
		"Name":    title("Replanning"),
		"Date":    map[string]any{"date": map[string]any{"start": "2025-02-03T10:00:00Z"}},
		"Agendas": map[string]any{"relation": refs},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.cycle()
	l, ok, err := h.state().LinkByPage(ctx, newPage)
	if err != nil || !ok {
		t.Fatalf("the Notion meeting was not pulled (%v)", err)
	}
	got, err := h.store.MeetingAgendaIDs(ctx, data.MeetingID(l.LocalID))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := slices.Clone(ids)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("Notion → kaigi: the meeting has %d agendas, want the 60", len(got))
	}
	if n := h.fake.CountRequests("GET", "/v1/pages/"+newPage+"/properties/"); n == 0 {
		t.Fatalf("the relation past 25 members was not read from the property item endpoint")
	}
}

// Reconciliation must not cost an idle cycle more than its one query per
// database.
func TestIdleReconcilingCycleOnlyQueries(t *testing.T) {
	h := newHarness(t, 23, nil)
	for i := range 3 {
		newTask(t, h, fmt.Sprintf("Task %d", i))
	}
	reconcilingEngine(h)
	h.cycle()
	h.fake.Advance(10 * time.Minute)
	h.cycle()
	h.fake.Advance(10 * time.Minute)
	before := len(h.fake.Requests())
	sum := h.cycle()
	reqs := h.fake.Requests()[before:]
	for _, r := range reqs {
		if r.Method != "POST" || len(r.Path) < 6 || r.Path[len(r.Path)-6:] != "/query" {
			t.Fatalf("idle reconciling cycle made a %s %s", r.Method, r.Path)
		}
	}
	if len(reqs) != len(h.cfg.Databases) || sum.Pulled+sum.Pushed+sum.Created+sum.Trashed != 0 {
		t.Fatalf("idle reconciling cycle: %d queries for %d databases, %s", len(reqs), len(h.cfg.Databases), sum)
	}
}
