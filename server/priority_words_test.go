package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A series that says its priorities P1–P4 sees those words on its pages,
// in its minutes and in the API's labels; the default is 高/中/低/最低
// (High/Medium/Low/Lowest in English).
func TestPriorityWordsAreTheSeriesOwn(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	var sr record
	if st := api.call("POST", "/series", `{"name":"週次定例","schedule":"0 10 * * MON","time_zone":"Asia/Tokyo"}`, &sr); st != http.StatusCreated || sr["priority_words"] != "levels" {
		t.Fatalf("create series: %d %v, want levels by default", st, sr)
	}
	var next nextAnswer
	api.call("POST", "/series/"+sr.id()+"/next-meeting", "", &next)
	api.call("POST", "/agendas", `{"series_id":"`+sr.id()+`","title":"障害の振り返り","priority":1,"meeting_id":"`+next.Meeting.ID+`"}`, nil)

	label := func(lang string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/meetings/"+next.Meeting.ID, nil)
		req.Header.Set("Authorization", "Bearer "+api.token)
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		var detail struct {
			Agendas []struct {
				PriorityLabel string `json:"priority_label"`
			} `json:"agendas"`
		}
		must(t, json.NewDecoder(resp.Body).Decode(&detail))
		return detail.Agendas[0].PriorityLabel
	}
	if got := label("ja"); got != "高" {
		t.Fatalf("Japanese label %q, want 高", got)
	}
	if got := label("en"); got != "High" {
		t.Fatalf("English label %q, want High", got)
	}

	b := e.login()
	_, page := b.get("/series/" + sr.id())
	rev := regexpFind(t, page, `name="revision" value="(\d+)"`)
	resp, body := b.submit("/series/"+sr.id(), url.Values{"name": {"週次定例"}, "repeat": {"weekly"}, "weekday": {"1"}, "time": {"10:00"},
		"time_zone": {"Asia/Tokyo"}, "priority_words": {"numbers"}, "revision": {rev}})
	seeOther(t, resp, body)
	if got := label("ja"); got != "P1" {
		t.Fatalf("label after choosing numbers %q, want P1", got)
	}
	_, meeting := b.get("/meetings/" + next.Meeting.ID)
	if !strings.Contains(meeting, `<span class="prio nowrap">P1</span>`) {
		t.Fatal("the meeting page does not say P1")
	}
	_, md := b.get("/meetings/" + next.Meeting.ID + "/minutes.md")
	if !strings.Contains(md, "*Priority: P1 · open 0 days*") {
		t.Fatalf("minutes do not say P1:\n%s", md)
	}
	resp, body = b.submit("/series/"+sr.id(), url.Values{"name": {"週次定例"}, "repeat": {"weekly"}, "weekday": {"1"}, "time": {"10:00"},
		"time_zone": {"Asia/Tokyo"}, "priority_words": {"stars"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "choose levels (高/中/低) or numbers (P1–P4)") {
		t.Fatalf("unknown priority words: %d, want 422 naming the choices", resp.StatusCode)
	}
}
