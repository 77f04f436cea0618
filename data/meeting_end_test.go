package data_test

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// A meeting made in kaigi ends an hour after it starts unless told; one the
// Notion sync makes from a page keeps the page's end, none included; an end
// before the start is refused.
func TestMeetingEnd(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	start := time.Date(2026, 1, 12, 1, 0, 0, 0, time.UTC)
	m := data.Meeting{SeriesID: sr.ID, Title: "Weekly", StartsAt: start}
	must(t, s.CreateMeeting(ctx, &m))
	if got, _ := s.Meeting(ctx, m.ID); !got.EndsAt.Equal(start.Add(data.DefaultMeetingLength)) {
		t.Fatalf("a meeting made in kaigi ends at %v, want an hour after %v", got.EndsAt, start)
	}
	fromNotion := data.Meeting{SeriesID: sr.ID, Title: "From Notion", StartsAt: start.Add(24 * time.Hour)}
	must(t, s.CreateMeeting(data.WithOrigin(ctx, "notion"), &fromNotion))
	got, _ := s.Meeting(ctx, fromNotion.ID)
	if !got.EndsAt.IsZero() {
		t.Fatalf("a meeting made from a Notion page without an end got one: %v", got.EndsAt)
	}
	got.EndsAt = got.StartsAt.Add(90 * time.Minute)
	must(t, s.UpdateMeeting(ctx, &got))
	if again, _ := s.Meeting(ctx, got.ID); !again.EndsAt.Equal(got.StartsAt.Add(90 * time.Minute)) {
		t.Fatalf("end after update: %v", again.EndsAt)
	}
	// Moved, a meeting keeps its length.
	moved, _ := s.Meeting(ctx, got.ID)
	moved.StartsAt = moved.StartsAt.Add(3 * time.Hour)
	must(t, s.UpdateMeeting(ctx, &moved))
	if again, _ := s.Meeting(ctx, got.ID); !again.EndsAt.Equal(again.StartsAt.Add(90 * time.Minute)) {
		t.Fatalf("a moved meeting ends at %v, want 90 minutes after %v", again.EndsAt, again.StartsAt)
	}
	moved, _ = s.Meeting(ctx, got.ID)
	moved.EndsAt = moved.StartsAt
	if err := s.UpdateMeeting(ctx, &moved); data.ErrorCode(err) != data.EINVALID {
		t.Fatalf("an end at the start was not refused: %v", err)
	}
}
