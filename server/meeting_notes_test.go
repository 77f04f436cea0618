package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// The meeting's own notes and state are edited on its page; an edit made
// from a stale page is shown again next to the saved notes, not lost.
func TestMeetingNotesAndStateAreSavedWithoutLosingEdits(t *testing.T) {
	e := newEnv(t)
	_, m := e.seedMeeting("Platform weekly")
	b := e.login()
	path := "/meetings/" + string(m.ID)

	resp, body := b.submit(path, url.Values{"revision": {fmt.Sprint(m.Revision)}, "title": {m.Title},
		"notes": {"Attendees: 5\n\n- 採用の方針を確認"}})
	seeOther(t, resp, body)
	got, err := e.store.Meeting(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != data.MeetingPlanned || !strings.Contains(got.Notes, "採用の方針を確認") {
		t.Fatalf("saved meeting: state %s, notes %q", got.State, got.Notes)
	}

	// Someone with the old page open saves over it.
	resp, page := b.submit(path, url.Values{"revision": {fmt.Sprint(m.Revision)}, "title": {m.Title},
		"notes": {"My stale notes"}})
	if resp.StatusCode != 409 {
		t.Fatalf("stale save: status %d, want 409", resp.StatusCode)
	}
	if !strings.Contains(page, "My stale notes") || !strings.Contains(page, "採用の方針を確認") {
		t.Fatal("the conflict page does not show both the person's text and the saved notes")
	}
	after, _ := e.store.Meeting(context.Background(), m.ID)
	if after.Notes != got.Notes || after.State != data.MeetingPlanned {
		t.Fatal("the stale save overwrote the meeting")
	}

	resp, page = b.submit(path, url.Values{"revision": {fmt.Sprint(after.Revision)}, "title": {"  "}, "state": {"held"}, "notes": {"kept"}})
	if resp.StatusCode != 422 || !strings.Contains(page, "kept") {
		t.Fatalf("empty title: status %d; the typed notes must be kept", resp.StatusCode)
	}
}
