package data

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// A meeting's title follows its day: moved by a person (the title they
// kept), skipped to the next slot, or moved by an older kaigi that kept the
// old day (fixed by migration 0020's Go step). A title a person wrote
// without the day stays as written.
func TestMeetingTitleFollowsItsDate(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	s, err := Open(ctx, filepath.Join(t.TempDir(), "kaigi.db"), Options{Now: func() time.Time { return now }})
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
	if m.Title != "定例 2026-12-14" {
		t.Fatalf("opened as %q", m.Title)
	}
	// Moved to Tuesday 10:00 Tokyo (01:00 UTC).
	m.StartsAt = time.Date(2026, 12, 15, 1, 0, 0, 0, time.UTC)
	if err := s.UpdateMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Meeting(ctx, m.ID); got.Title != "定例 2026-12-15" {
		t.Fatalf("moved meeting titled %q, want 定例 2026-12-15", got.Title)
	}
	m, _ = s.Meeting(ctx, m.ID)
	if m, err = s.SkipMeeting(ctx, m.ID, m.Revision); err != nil {
		t.Fatal(err)
	}
	if m.Title != "定例 2026-12-21" {
		t.Fatalf("skipped meeting titled %q, want 定例 2026-12-21", m.Title)
	}
	// A person's own title has no day to follow.
	m.Title = "年末の振り返り"
	if err := s.UpdateMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	m.StartsAt = m.StartsAt.Add(24 * time.Hour)
	if err := s.UpdateMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Meeting(ctx, m.ID); got.Title != "年末の振り返り" {
		t.Fatalf("a person's title became %q", got.Title)
	}

	// As an older kaigi left a moved meeting: the day of its old slot.
	if _, err := s.db.ExecContext(ctx, `UPDATE meetings SET title = '定例 2026-12-14' WHERE id = ?`, m.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.afterMigrations(ctx, []int{20}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Meeting(ctx, m.ID)
	if got.Title != "定例 2026-12-22" {
		t.Fatalf("after migration 0020 the title is %q, want 定例 2026-12-22", got.Title)
	}
	if got.Revision <= m.Revision {
		t.Fatal("the corrected title was not journaled, so the sync would not send it")
	}
}
