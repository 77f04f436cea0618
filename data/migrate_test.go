package data

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestMigration0010IndexesExistingNotes: notes written before migration
// 0010 (meeting notes, discussion notes, never indexed) are searchable
// after the Go step that runs with it, and name their meeting.
func TestMigration0010IndexesExistingNotes(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	s, err := Open(ctx, filepath.Join(t.TempDir(), "old.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sr := Series{Name: "定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	if err := s.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	m, _, err := s.NextMeeting(ctx, sr.ID)
	if err != nil {
		t.Fatal(err)
	}
	a := Agenda{SeriesID: sr.ID, Title: "UI"}
	if err := s.CreateAgenda(ctx, &a, m.ID); err != nil {
		t.Fatal(err)
	}
	// As an older kaigi left them: text in the rows, nothing in the index.
	for _, q := range []string{
		`UPDATE discussions SET notes = 'Compose との相性' WHERE meeting_id = '` + string(m.ID) + `'`,
		`UPDATE meetings SET notes = 'telemetry rollout' WHERE id = '` + string(m.ID) + `'`,
		`DELETE FROM search_index WHERE rowid IN (SELECT -id FROM search_docs WHERE entity IN ('meeting', 'discussion'))`,
		`DELETE FROM search_docs WHERE entity IN ('meeting', 'discussion')`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if hits, _ := s.Search(ctx, "相性", SearchFilter{}); len(hits) != 0 {
		t.Fatalf("notes found before the migration step: %+v", hits)
	}
	if err := s.afterMigrations(ctx, []int{10}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]Entity{"相性": EntityDiscussion, "telemetry": EntityMeeting} {
		hits, err := s.Search(ctx, q, SearchFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].Entity != want || hits[0].MeetingID != m.ID {
			t.Errorf("search %q after migration 0010: %+v", q, hits)
		}
	}
}
