package data_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// The team's priority words are the majority's among live series; a tie,
// or no series, says levels.
func TestTeamPriorityWords(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	words := func() data.PriorityWords {
		t.Helper()
		w, err := s.TeamPriorityWords(ctx)
		must(t, err)
		return w
	}
	n := 0
	add := func(w data.PriorityWords) data.Series {
		t.Helper()
		n++
		sr := data.Series{Name: fmt.Sprintf("series %d", n), Schedule: "0 10 * * MON", PriorityWords: w}
		must(t, s.CreateSeries(ctx, &sr))
		return sr
	}
	if w := words(); w != data.PriorityLevels {
		t.Fatalf("no series: %s", w)
	}
	numbers := add(data.PriorityNumbers)
	if w := words(); w != data.PriorityNumbers {
		t.Fatalf("one series in numbers: %s", w)
	}
	add(data.PriorityLevels)
	if w := words(); w != data.PriorityLevels {
		t.Fatalf("a tie: %s", w)
	}
	add(data.PriorityNumbers)
	if w := words(); w != data.PriorityNumbers {
		t.Fatalf("two in numbers, one in levels: %s", w)
	}
	must(t, s.SetDeleted(ctx, data.EntitySeries, string(numbers.ID), true))
	if w := words(); w != data.PriorityLevels {
		t.Fatalf("a series in the trash counts: %s", w)
	}
}
