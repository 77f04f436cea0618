package server_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// TestMeetingPageCacheFollowsChanges: the meeting page served again from
// the page cache shows every change made since (here or by the sync
// through the store), a new day's ages, and each session its own token.
func TestMeetingPageCacheFollowsChanges(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sr, m := e.seedMeeting("Weekly")
	ag := data.Agenda{SeriesID: sr.ID, Title: "Rollout plan"}
	if err := e.store.CreateAgenda(ctx, &ag, m.ID); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + string(m.ID)
	b := e.login()
	if _, page := b.get(path); !strings.Contains(page, "Rollout plan") || !strings.Contains(page, ">open 0 days<") {
		t.Fatalf("first view lacks the agenda:\n%s", page)
	}
	ag.Title = "Rollout plan, revised"
	if err := e.store.UpdateAgenda(data.WithOrigin(ctx, "notion"), &ag); err != nil {
		t.Fatal(err)
	}
	if _, page := b.get(path); !strings.Contains(page, "Rollout plan, revised") {
		t.Error("a change made after the first view is not shown")
	}
	e.clock.Advance(49 * time.Hour)
	if _, page := b.get(path); !strings.Contains(page, ">open 2 days<") {
		t.Error("two days later the agenda's age is still the old one")
	}
	other := e.login()
	_, page := other.get(path)
	if hiddenCSRF(t, page) != other.csrf || other.csrf == b.csrf {
		t.Error("a second session got a page with another session's token")
	}
}

// TestEachMinutesChangeRefreshesTheCachedPage: every kind of change the
// minutes show (notes, outcomes, attendance, holding and reopening, trash
// and restore, moving and skipping) appends to the change journal, so the
// cached meeting page is rendered again after it.
func TestEachMinutesChangeRefreshesTheCachedPage(t *testing.T) {
	e := newEnv(t)
	ctx := data.WithActor(context.Background(), e.user.ID)
	sr, m := e.seedMeeting("Weekly")
	ag := data.Agenda{SeriesID: sr.ID, Title: "Rollout plan"}
	must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
	ben := data.Person{Name: "Ben"}
	must(t, e.store.CreatePerson(ctx, &ben))
	path := "/meetings/" + string(m.ID)
	b := e.login()
	b.get(path) // cached from here on
	reload := func() data.Meeting {
		got, err := e.store.Meeting(ctx, m.ID)
		must(t, err)
		return got
	}
	steps := []struct {
		name   string
		change func()
		shows  string
		hidden bool
	}{
		{"discussion notes", func() { must(t, e.store.SetDiscussionNotes(ctx, m.ID, ag.ID, "marker-notes")) }, "marker-notes", false},
		{"outcome", func() {
			_, err := e.store.UpdateDiscussion(ctx, m.ID, ag.ID, data.DiscussionChange{Outcome: data.OutcomeResolved})
			must(t, err)
		}, `class="outcome resolved">resolved<`, false},
		{"attendance", func() {
			mm := reload()
			mm.Attendees, mm.Absent = []data.PersonID{ben.ID}, []data.PersonID{ben.ID}
			must(t, e.store.UpdateMeeting(ctx, &mm))
		}, `<option value="absent" selected>`, false},
		{"moved", func() {
			mm := reload()
			mm.StartsAt = mm.StartsAt.Add(5*time.Hour + 30*time.Minute)
			must(t, e.store.UpdateMeeting(ctx, &mm))
		}, "15:30 JST", false},
		{"skipped", func() {
			_, err := e.store.SkipMeeting(ctx, m.ID, 0)
			must(t, err)
		}, "2026-01-19", false},
		{"agenda to the trash", func() { must(t, e.store.SetDeleted(ctx, data.EntityAgenda, string(ag.ID), true)) }, "Rollout plan", true},
		{"agenda restored", func() { must(t, e.store.SetDeleted(ctx, data.EntityAgenda, string(ag.ID), false)) }, "Rollout plan", false},
		{"held", func() {
			_, err := e.store.SetMeetingState(ctx, m.ID, data.MeetingHeld, 0)
			must(t, err)
		}, "held-note", false},
		{"reopened", func() {
			_, err := e.store.SetMeetingState(ctx, m.ID, data.MeetingPlanned, 0)
			must(t, err)
		}, "Reopened by Aiko", false},
	}
	for _, s := range steps {
		s.change()
		_, page := b.get(path)
		if strings.Contains(page, s.shows) == s.hidden {
			t.Errorf("after %s the cached page does not follow (looked for %q, hidden %v)", s.name, s.shows, s.hidden)
		}
	}
}

// TestCachedPageGetsFreshSubmissionKeys: the meeting page served twice
// from the cache carries new one-time keys each time, so two tabs never
// share one (the second tab's record would be taken for a repeat).
func TestCachedPageGetsFreshSubmissionKeys(t *testing.T) {
	e := newEnv(t)
	_, m := e.seedMeeting("Weekly")
	b := e.login()
	keys := regexp.MustCompile(`name="submission_key" value="([^"]+)"`)
	seen := map[string]bool{}
	var pages []string
	for range 3 {
		_, page := b.get("/meetings/" + string(m.ID))
		pages = append(pages, keys.ReplaceAllString(page, ""))
		found := keys.FindAllStringSubmatch(page, -1)
		if len(found) != 3 {
			t.Fatalf("the meeting page has %d create forms with a key, want 3", len(found))
		}
		for _, k := range found {
			if seen[k[1]] {
				t.Fatalf("key %s was served twice", k[1])
			}
			seen[k[1]] = true
		}
	}
	if pages[0] != pages[1] || pages[1] != pages[2] {
		t.Error("apart from their keys the views of an unchanged meeting differ")
	}
}
