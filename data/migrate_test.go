package data

import (
	"context"
	"path/filepath"
	"reflect"
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

// TestMigration0018KeepsEveryLADR runs 0018's rebuild of ladrs on a
// database with records that others refer to: every row comes back as it
// was, references still hold, and a record numbered 0 (MADR's first) can
// then be stored once.
func TestMigration0018KeepsEveryLADR(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	s, err := Open(ctx, filepath.Join(t.TempDir(), "old.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	old := LADR{Title: "状態管理にはReduxを使う", Slug: "redux", State: LADRAccepted}
	if err := s.CreateLADR(ctx, &old); err != nil {
		t.Fatal(err)
	}
	newer := LADR{Title: "状態管理にはFlowを採用する", Slug: "flow", State: LADRAccepted, Supersedes: []LADRID{old.ID}}
	if err := s.CreateLADR(ctx, &newer); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = 18`); err != nil {
		t.Fatal(err)
	}
	before := []LADR{mustLADR(t, s, old.ID), mustLADR(t, s, newer.ID)}
	if err := s.migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for _, want := range before {
		if got := mustLADR(t, s, want.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("after 0018:\n got %+v\nwant %+v", got, want)
		}
	}
	rows, err := s.db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Error("a reference is broken after 0018")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	zero := LADR{Number: 0, Title: "Use Markdown Architectural Decision Records", Slug: "use-markdown-architectural-decision-records", State: LADRAccepted}
	if err := s.CreateImportedLADR(ctx, &zero, true); err != nil || zero.Number != 0 {
		t.Fatalf("record 0: number %d, %v", zero.Number, err)
	}
	again := LADR{Title: "another zero", Slug: "zero", State: LADRAccepted}
	if err := s.CreateImportedLADR(ctx, &again, true); ErrorCode(err) != ECONFLICT {
		t.Errorf("a second record 0: %v, want a conflict", err)
	}
	next := LADR{Title: "次", Slug: "next", State: LADRProposed}
	if err := s.CreateLADR(ctx, &next); err != nil || next.Number != 3 {
		t.Errorf("next record after 0, 1, 2: number %d, %v", next.Number, err)
	}
}

func mustLADR(t *testing.T, s *Store, id LADRID) LADR {
	t.Helper()
	l, err := s.LADR(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
