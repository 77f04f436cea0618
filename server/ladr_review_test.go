package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// A review-by date that has passed is marked on the list and the detail
// page, so a stale decision record gets looked at again.
func TestPassedReviewByDatesAreMarked(t *testing.T) {
	e := newEnv(t) // clock: 2026-01-05
	ctx := context.Background()
	due := data.LADR{Title: "Keep the monolith", Date: data.Date{Year: 2025, Month: 6, Day: 1}, ReviewBy: data.Date{Year: 2025, Month: 12, Day: 1}}
	later := data.LADR{Title: "Adopt Flow", Date: data.Date{Year: 2025, Month: 6, Day: 1}, ReviewBy: data.Date{Year: 2026, Month: 6, Day: 1}}
	for _, l := range []*data.LADR{&due, &later} {
		if err := e.store.CreateLADR(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	b := e.login()
	_, list := b.get("/ladrs")
	if !strings.Contains(list, "Mon 1 Dec 2025 passed") {
		t.Fatalf("list does not mark the passed review date:\n%s", list)
	}
	if strings.Contains(list, "Mon 1 Jun 2026 passed") {
		t.Fatal("list marks a future review date as passed")
	}
	_, page := b.get("/ladrs/" + string(due.ID))
	if !strings.Contains(page, "review was due Mon 1 Dec 2025") {
		t.Fatalf("detail page does not say the review is due:\n%s", page)
	}
	_, page = b.get("/ladrs/" + string(later.ID))
	if !strings.Contains(page, "review by Mon 1 Jun 2026") || strings.Contains(page, "review was due") {
		t.Fatal("detail page of a future review date is marked as due")
	}
}
