package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

type nextAnswer struct {
	Meeting struct {
		ID       string `json:"id"`
		StartsAt string `json:"starts_at"`
		State    string `json:"state"`
		Title    string `json:"title"`
	} `json:"meeting"`
	Created bool `json:"created"`
}

// Marking the open meeting held before its slot makes next-meeting open the
// following one, once.
func TestAPINextMeetingAfterTheOpenOneIsHeldBeforeItsSlot(t *testing.T) {
	e := newEnv(t) // Monday 2026-01-05 09:00 UTC
	api := e.api()
	var sr record
	if st := api.call("POST", "/series", `{"name":"週次定例","schedule":"0 10 * * MON","time_zone":"Asia/Tokyo"}`, &sr); st != http.StatusCreated {
		t.Fatalf("create series: %d", st)
	}
	path := "/series/" + sr.id() + "/next-meeting"
	var first nextAnswer
	if st := api.call("POST", path, "", &first); st != http.StatusCreated || !first.Created {
		t.Fatalf("first next-meeting: %d %+v, want 201 created", st, first)
	}
	if first.Meeting.StartsAt != "2026-01-12T01:00:00Z" {
		t.Fatalf("first meeting starts %s, want the next Monday 10:00 Tokyo", first.Meeting.StartsAt)
	}
	// Held on Monday the 5th, a week before its slot.
	if st := api.call("PATCH", "/meetings/"+first.Meeting.ID, `{"state":"held"}`, nil); st != http.StatusOK {
		t.Fatalf("mark held: %d", st)
	}
	var second nextAnswer
	if st := api.call("POST", path, "", &second); st != http.StatusCreated || !second.Created {
		t.Fatalf("next-meeting after the open one was held: %d %+v, want 201 with the following meeting", st, second)
	}
	if second.Meeting.ID == first.Meeting.ID || second.Meeting.StartsAt != "2026-01-19T01:00:00Z" || second.Meeting.State != "planned" {
		t.Fatalf("answered %+v, want the planned meeting of Monday 2026-01-19", second.Meeting)
	}
	if !strings.HasSuffix(second.Meeting.Title, "2026-01-19") {
		t.Fatalf("the following meeting is titled %q", second.Meeting.Title)
	}
	var again nextAnswer
	if st := api.call("POST", path, "", &again); st != http.StatusOK || again.Created || again.Meeting.ID != second.Meeting.ID {
		t.Fatalf("calling again: %d %+v, want 200 with the same meeting %s", st, again, second.Meeting.ID)
	}

	// Pages and the series list agree: the held meeting is never next.
	b := e.login()
	_, home := b.get("/")
	if strings.Contains(home, "/meetings/"+first.Meeting.ID) || !strings.Contains(home, "/meetings/"+second.Meeting.ID) {
		t.Fatal("home does not show the following meeting as next (or still shows the held one)")
	}
	_, list := b.get("/series")
	if !strings.Contains(list, "19 Jan 2026") {
		t.Fatalf("series list does not say the next meeting is on the 19th:\n%s", list)
	}
}

func TestProposalsWaitForTheNextMeetingAndJoinItMarked(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	var sr record
	if st := api.call("POST", "/series", `{"name":"週次定例","schedule":"0 10 * * MON","time_zone":"Asia/Tokyo","standing_items":["先週のタスク確認"]}`, &sr); st != http.StatusCreated {
		t.Fatalf("create series: %d", st)
	}
	backlog := "/series/" + sr.id() + "/backlog"
	var proposed record
	if st := api.call("POST", backlog, `{"title":"CIの待ち時間","priority":3}`, &proposed); st != http.StatusCreated {
		t.Fatalf("propose: %d %v", st, proposed)
	}
	if proposed["proposed_by"] != string(e.user.ID) || proposed["state"] != "open" {
		t.Fatalf("proposal = %v, want open and proposed by the token's person", proposed)
	}
	var bad apiError
	if st := api.call("POST", backlog, `{"title":"  "}`, &bad); st != http.StatusUnprocessableEntity || bad.Error.Field != "title" {
		t.Fatalf("empty title: %d %+v, want 422 on title", st, bad)
	}
	if st := api.call("POST", "/series/nope/backlog", `{"title":"x"}`, &bad); st != http.StatusNotFound {
		t.Fatalf("unknown series: %d, want 404", st)
	}

	// From the home page, choosing the series, before any meeting exists.
	b := e.login()
	_, home := b.get("/")
	key := regexpFind(t, home, `name="submission_key" value="([^"]+-propose)"`)
	resp, body := b.submit("/backlog", url.Values{"series_id": {sr.id()}, "title": {"障害の振り返り"}, "priority": {"1"}, "submission_key": {key}})
	if loc := seeOther(t, resp, body); loc != "/series/"+sr.id()+"#backlog" {
		t.Fatalf("proposing from home went to %s", loc)
	}
	_, page := b.get("/series/" + sr.id())
	if !strings.Contains(page, "障害の振り返り") || !strings.Contains(page, "proposed by Aiko") {
		t.Fatal("the series page's backlog does not show the proposal with who proposed it")
	}
	var waiting struct{ Items []record }
	api.call("GET", backlog, "", &waiting)
	if len(waiting.Items) != 2 || waiting.Items[0]["title"] != "障害の振り返り" {
		t.Fatalf("backlog = %v, want both proposals, the urgent one first", waiting.Items)
	}

	var next nextAnswer
	api.call("POST", "/series/"+sr.id()+"/next-meeting", "", &next)
	_, meeting := b.get("/meetings/" + next.Meeting.ID)
	standing, urgent, later := strings.Index(meeting, "先週のタスク確認"), strings.Index(meeting, "障害の振り返り"), strings.Index(meeting, "CIの待ち時間")
	if standing < 0 || urgent < standing || later < urgent {
		t.Fatalf("meeting list order: standing %d, urgent %d, later %d; want the standing item, then by priority", standing, urgent, later)
	}
	api.call("GET", backlog, "", &waiting)
	if len(waiting.Items) != 0 {
		t.Fatalf("backlog after the meeting opened = %v, want empty", waiting.Items)
	}
	// The API says who proposed each agenda, and its age as the page does:
	// proposed on Monday the 5th, the meeting is on the 12th.
	var detail struct{ Agendas []record }
	api.call("GET", "/meetings/"+next.Meeting.ID, "", &detail)
	if len(detail.Agendas) != 3 || detail.Agendas[1]["proposed_by"] != string(e.user.ID) {
		t.Fatalf("meeting agendas = %v, want three, the second proposed by the user", detail.Agendas)
	}
	if age, _ := detail.Agendas[1]["age"].(map[string]any); age["days"] != 0.0 || age["carried"] != 0.0 {
		t.Fatalf("age of a proposal on a meeting not started yet = %v, want 0 days, never carried", detail.Agendas[1]["age"])
	}
	e.clock.Advance(8 * 24 * time.Hour) // the meeting has started: ages stop at its start
	api.call("GET", "/meetings/"+next.Meeting.ID, "", &detail)
	if age, _ := detail.Agendas[1]["age"].(map[string]any); age["days"] != 6.0 {
		t.Fatalf("age after the meeting = %v, want 6 days (from Monday 09:00 UTC to the next Monday 01:00 UTC)", detail.Agendas[1]["age"])
	}
}

// Opening the next meeting from a meeting still planned asks first (a
// plain form): skip moves it with its agendas; held opens the following one.
func TestOpeningAfterAPlannedMeetingAsksFirst(t *testing.T) {
	e := newEnv(t)
	_, m := e.seedMeeting("週次定例") // Monday 2026-01-12 10:00 Tokyo
	b := e.login()
	path := "/meetings/" + string(m.ID)
	resp, body := b.submit(path+"/next", url.Values{})
	if loc := seeOther(t, resp, body); loc != path+"/next" {
		t.Fatalf("open next on a planned meeting went to %s, want the question", loc)
	}
	_, ask := b.get(path + "/next")
	if !strings.Contains(ask, `name="then" value="held"`) || !strings.Contains(ask, `name="then" value="skip"`) {
		t.Fatalf("the question offers no held and skip:\n%s", ask)
	}
	rev := regexpFind(t, ask, `name="revision" value="(\d+)"`)
	resp, body = b.submit(path+"/next", url.Values{"then": {"skip"}, "revision": {rev}})
	if loc := seeOther(t, resp, body); loc != path {
		t.Fatalf("skip went to %s, want the moved meeting", loc)
	}
	moved, err := e.store.Meeting(context.Background(), m.ID)
	must(t, err)
	if moved.StartsAt.Format(time.RFC3339) != "2026-01-19T01:00:00Z" || moved.Title != "週次定例 2026-01-19" || moved.State != "planned" {
		t.Fatalf("skipped meeting: %v %q %s, want planned on the 19th, titled so", moved.StartsAt, moved.Title, moved.State)
	}
	_, ask = b.get(path + "/next")
	rev = regexpFind(t, ask, `name="revision" value="(\d+)"`)
	resp, body = b.submit(path+"/next", url.Values{"then": {"held"}, "revision": {rev}})
	loc := seeOther(t, resp, body)
	if loc == path || !strings.HasPrefix(loc, "/meetings/") {
		t.Fatalf("held then open went to %s, want the following meeting", loc)
	}
	next, err := e.store.Meeting(context.Background(), data.MeetingID(strings.TrimPrefix(loc, "/meetings/")))
	must(t, err)
	if next.StartsAt.Format(time.RFC3339) != "2026-01-26T01:00:00Z" {
		t.Fatalf("the following meeting starts %v, want the 26th", next.StartsAt)
	}
	if held, _ := e.store.Meeting(context.Background(), m.ID); held.State != "held" {
		t.Fatal("the asked-about meeting was not marked held")
	}
	resp, body = b.submit(path+"/next", url.Values{"then": {"later"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown answer: %d, want 422\n%s", resp.StatusCode, body)
	}
}
