package notion

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// A person in Notion adds an open agenda to a second planned meeting's
// Agendas. An open agenda is on one planned meeting's list at a time
// (data's onePlanned): with nothing noted about it on the first, it moves
// to the one the person chose; with notes there, kaigi keeps its side and
// holds the list as a problem. Either way nothing is lost and no page is
// made twice.
func TestNotionCannotPutAnOpenAgendaOnTwoPlannedMeetings(t *testing.T) {
	for _, noted := range []bool{false, true} {
		name := "nothing noted"
		if noted {
			name = "noted on the first"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			h := newHarness(t, 31, nil)
			sr, err := h.store.Series(ctx, h.series)
			if err != nil {
				t.Fatal(err)
			}
			now := h.clock.Now().Truncate(time.Hour)
			m1, _, err := h.store.OpenMeetingAt(ctx, sr, now.Add(24*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			m2, _, err := h.store.OpenMeetingAt(ctx, sr, now.Add(8*24*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			a := data.Agenda{SeriesID: h.series, Title: "予算の見直し", Priority: 2}
			if err := h.store.CreateAgenda(ctx, &a, m1.ID); err != nil {
				t.Fatal(err)
			}
			notes := "見積もりを待つ"
			if noted {
				if err := h.store.SetDiscussionNotes(ctx, m1.ID, a.ID, notes); err != nil {
					t.Fatal(err)
				}
			}
			h.cycle()
			checkQuietAt(t, h, "after the first push")
			p1, p2, pa := h.pageOf(data.EntityMeeting, string(m1.ID)), h.pageOf(data.EntityMeeting, string(m2.ID)), h.pageOf(data.EntityAgenda, string(a.ID))

			h.fake.Advance(5 * time.Minute)
			ed := h.fake.As(h.person)
			if err := ed.UpdateProperties(p2, map[string]any{"Agendas": api.RefsValue("relation", []string{pa})}); err != nil {
				t.Fatal(err)
			}
			h.cycle()
			h.cycle()

			on1, err := h.store.MeetingAgendaIDs(ctx, m1.ID)
			if err != nil {
				t.Fatal(err)
			}
			on2, err := h.store.MeetingAgendaIDs(ctx, m2.ID)
			if err != nil {
				t.Fatal(err)
			}
			in1, in2 := slices.Contains(on1, a.ID), slices.Contains(on2, a.ID)
			if in1 == in2 {
				t.Fatalf("agenda on meeting 1: %v, on meeting 2: %v; want it open in one planned meeting", in1, in2)
			}
			if noted != in1 {
				t.Fatalf("agenda on meeting 1: %v; want it to stay where it was noted (%v), else go where Notion put it", in1, noted)
			}
			if noted {
				items, _ := h.store.MeetingItems(ctx, m1.ID)
				if len(items) != 1 || items[0].Discussion.Notes != notes {
					t.Fatalf("meeting 1's notes after the cycle: %+v", items)
				}
				problems, err := h.state().ProblemsOfRecord(ctx, data.EntityMeeting, string(m2.ID))
				if err != nil {
					t.Fatal(err)
				}
				if len(problems) != 1 || problems[0].Field != "agendas" || !strings.Contains(problems[0].Message, "予算の見直し") {
					t.Fatalf("problems of meeting 2: %+v; want one on its agendas naming the agenda", problems)
				}
			} else {
				checkQuietAt(t, h, "after the move")
				if got := h.fake.RelationIDs(p1, "Agendas"); slices.Contains(got, pa) {
					t.Fatalf("meeting 1's page still lists the agenda: %v", got)
				}
				if got := h.fake.RelationIDs(p2, "Agendas"); !slices.Equal(got, []string{pa}) {
					t.Fatalf("meeting 2's page lists %v, want the agenda", got)
				}
			}
			if n := len(h.fake.DatabasePages(h.db(data.EntityAgenda), true)); n != 1 {
				t.Fatalf("%d agenda pages, want 1", n)
			}
			if n := len(h.fake.DatabasePages(h.db(data.EntityMeeting), true)); n != 2 {
				t.Fatalf("%d meeting pages, want 2", n)
			}
			if all, _ := h.store.Agendas(ctx, data.AgendaFilter{SeriesID: h.series}); len(all) != 1 {
				t.Fatalf("%d agendas in kaigi, want 1", len(all))
			}
		})
	}
}
