package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// Superseding a decision from the log: the successor is picked by title
// (the list offers every decision shown), and the log then links the old
// decision to its successor.
func TestSupersedeFromTheDecisionsLog(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, m := e.seedMeeting("モバイル定例")
	old := data.Decision{Title: "状態管理にReduxを採用する", MeetingID: m.ID}
	next := data.Decision{Title: "状態管理にはFlowを採用する", MeetingID: m.ID}
	for _, d := range []*data.Decision{&old, &next} {
		if err := e.store.CreateDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	b := e.login()
	_, page := b.get("/decisions")
	if !strings.Contains(page, fmt.Sprintf(`<option value="%s">`, next.ID)) {
		t.Fatal("the log does not offer the other decisions as successors")
	}
	resp, body := b.submit("/decisions/"+string(old.ID), url.Values{
		"state": {"superseded"}, "superseded_by": {string(next.ID)}, "revision": {fmt.Sprint(old.Revision)}, "back": {"/decisions"}})
	seeOther(t, resp, body)
	got, err := e.store.Decision(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != data.DecisionSuperseded || got.SupersededBy != next.ID {
		t.Fatalf("after saving: state %s, successor %s", got.State, got.SupersededBy)
	}
	_, page = b.get("/decisions")
	if !strings.Contains(page, "superseded by</span> <a href=\"#decision-"+string(next.ID)+"\">"+next.Title) {
		t.Fatal("the log does not link the superseded decision to its successor")
	}
}
