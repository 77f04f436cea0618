package data_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// TestPagesCoverTheList pages through every list by cursor and by offset
// and checks that the pages, put together, are the list read at once: the
// same records in the same order, none twice, none left out.
func TestPagesCoverTheList(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	if err := data.Seed(ctx, s, data.SeedSize{Series: 2, Weeks: 8, AgendasPerMeeting: 4, TasksPerMeeting: 5, DecisionsPerMeeting: 2, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	type lister func(p data.Page) ([]string, error)
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	lists := map[string]lister{
		"tasks": func(p data.Page) ([]string, error) {
			l, err := s.Tasks(ctx, data.TaskFilter{Page: p})
			return ids(len(l), func(i int) string { return string(l[i].ID) }), err
		},
		"done tasks": func(p data.Page) ([]string, error) {
			l, err := s.Tasks(ctx, data.TaskFilter{State: data.TaskDone, Page: p})
			return ids(len(l), func(i int) string { return string(l[i].ID) }), err
		},
		"agendas": func(p data.Page) ([]string, error) {
			l, err := s.Agendas(ctx, data.AgendaFilter{Page: p})
			return ids(len(l), func(i int) string { return string(l[i].ID) }), err
		},
		"decisions": func(p data.Page) ([]string, error) {
			l, err := s.Decisions(ctx, data.DecisionFilter{Page: p})
			return ids(len(l), func(i int) string { return string(l[i].ID) }), err
		},
		"meetings": func(p data.Page) ([]string, error) {
			l, err := s.Meetings(ctx, data.MeetingFilter{Page: p})
			return ids(len(l), func(i int) string { return string(l[i].ID) }), err
		},
	}
	for name, ls := range lists {
		all, err := ls(data.Page{Limit: 500})
		if err != nil || len(all) < 8 {
			t.Fatalf("%s: %d records, %v", name, len(all), err)
		}
		var byCursor, byOffset []string
		for after := ""; ; {
			page, err := ls(data.Page{Limit: 7, After: after})
			if err != nil {
				t.Fatalf("%s after %q: %v", name, after, err)
			}
			if len(page) == 0 {
				break
			}
			byCursor, after = append(byCursor, page...), page[len(page)-1]
		}
		for off := 0; off < len(all)+7; off += 7 {
			page, err := ls(data.Page{Limit: 7, Offset: off})
			if err != nil {
				t.Fatalf("%s at offset %d: %v", name, off, err)
			}
			byOffset = append(byOffset, page...)
		}
		if !slices.Equal(byCursor, all) {
			t.Errorf("%s: pages by cursor (%d records) differ from the whole list (%d)", name, len(byCursor), len(all))
		}
		if !slices.Equal(byOffset, all) {
			t.Errorf("%s: pages by offset (%d records) differ from the whole list (%d)", name, len(byOffset), len(all))
		}
		if beyond, err := ls(data.Page{Limit: 7, Offset: math.MaxInt}); err != nil || len(beyond) != 0 {
			t.Errorf("%s: an offset beyond the data gives %d records, %v", name, len(beyond), err)
		}
	}
	if _, err := s.Tasks(ctx, data.TaskFilter{Page: data.Page{After: "no-such-task"}}); data.ErrorCode(err) != data.EBADREQUEST || data.ErrorField(err) != "cursor" {
		t.Errorf("an unknown cursor: %v, want an invalid cursor", err)
	}
}

// TestSearchExpandsTypedWords: a word matches the indexed words it starts
// (up to 16 of them), newest first, also when the record was indexed
// after the word list was first made; a word that starts more matches
// only itself.
func TestSearchExpandsTypedWords(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	var ids []string
	for i := range 20 {
		a := data.Agenda{SeriesID: sr.ID, Title: fmt.Sprintf("Rollout%c plan", 'a'+i)}
		must(t, s.CreateAgenda(ctx, &a, ""))
		ids = append(ids, string(a.ID))
	}
	exact := data.Agenda{SeriesID: sr.ID, Title: "Rollout checklist"}
	must(t, s.CreateAgenda(ctx, &exact, ""))
	few, err := s.Search(ctx, "rolloutb", data.SearchFilter{})
	if err != nil || len(few) != 1 || few[0].ID != ids[1] {
		t.Errorf("rolloutb: %v %v, want the one agenda", few, err)
	}
	// "rollout" starts 21 indexed words: only the exact word matches.
	many, err := s.Search(ctx, "rollout", data.SearchFilter{})
	if err != nil || len(many) != 1 || many[0].ID != string(exact.ID) {
		t.Errorf("rollout: %v %v, want only the exact word", many, err)
	}
	// "plan" starts one word: every agenda, newest first.
	plans, err := s.Search(ctx, "pla", data.SearchFilter{})
	if err != nil || len(plans) != 20 || plans[0].ID != ids[19] || plans[19].ID != ids[0] {
		t.Errorf("pla: %d hits, %v", len(plans), err)
	}
}
