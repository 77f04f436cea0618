package notion

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// localRecords is kaigi's side of the sync: its records read and written
// as merge.Fields through the store.
type localRecords struct {
	store  *data.Store
	series func(ctx context.Context) (data.SeriesID, error) // series for records first made in Notion
}

func deletedValue(m data.Meta) string {
	if m.Deleted() {
		return "true"
	}
	return ""
}

func timeValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// read returns the fields of a record (deleted ones included).
func (l localRecords) read(ctx context.Context, e data.Entity, id string) (merge.Fields, error) {
	switch e {
	case data.EntitySeries:
		sr, err := l.store.Series(ctx, data.SeriesID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": sr.Name, "schedule": sr.Schedule, "time_zone": sr.TimeZone,
			"attendees": codec.JoinList(codec.Strs(sr.DefaultAttendees)), merge.Deleted: deletedValue(sr.Meta)}, nil
	case data.EntityAgenda:
		a, err := l.store.Agenda(ctx, data.AgendaID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": a.Title, "state": string(a.State), "priority": strconv.Itoa(a.Priority),
			"owner": string(a.OwnerID), "body": blocks.Normalize(a.Body), merge.Deleted: deletedValue(a.Meta)}, nil
	case data.EntityMeeting:
		m, err := l.store.Meeting(ctx, data.MeetingID(id))
		if err != nil {
			return nil, err
		}
		agendas, err := l.store.MeetingAgendaIDs(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": m.Title, "starts_at": timeValue(m.StartsAt), "ends_at": timeValue(m.EndsAt),
			"state": string(m.State), "series": string(m.SeriesID), "agendas": codec.JoinList(codec.Strs(agendas)),
			"attendees": codec.JoinList(codec.Strs(m.Attendees)), "notes": blocks.Normalize(m.Notes), merge.Deleted: deletedValue(m.Meta)}, nil
	case data.EntityLADR:
		r, err := l.store.LADR(ctx, data.LADRID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": r.Title, "number": strconv.Itoa(r.Number), "state": string(r.State),
			"date": r.Date.String(), "review_by": r.ReviewBy.String(), "sections": codec.LADRBody(r), merge.Deleted: deletedValue(r.Meta)}, nil
	case data.EntityTask:
		t, err := l.store.Task(ctx, data.TaskID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": t.Title, "state": string(t.State), "due": t.Due.String(),
			"assignee": string(t.AssigneeID), "agenda": string(t.AgendaID), "meeting": string(t.MeetingID), merge.Deleted: deletedValue(t.Meta)}, nil
	case data.EntityDecision:
		d, err := l.store.Decision(ctx, data.DecisionID(id))
		if err != nil {
			return nil, err
		}
		return merge.Fields{"kaigi_id": id, "title": d.Title, "state": string(d.State), "decided_on": d.DecidedOn.String(),
			"review_by": d.ReviewBy.String(), "agenda": string(d.AgendaID), "meeting": string(d.MeetingID), "ladr": string(d.LADRID),
			"body":        blocks.Normalize(d.Body),
			merge.Deleted: deletedValue(d.Meta)}, nil
	}
	return nil, fmt.Errorf("entity %s is not synced", e)
}

// write applies changed fields to a record, creating it when id is empty,
// and returns its ID. created is the page's creation time, the fallback for
// required dates a Notion page may leave empty.
//
// It runs in one transaction (joining the caller's, see data.Store.Atomically),
// which holds SQLite's write lock from its start: nobody can change the
// record between save's read and its update, so the update skips the
// revision check, which would otherwise trip over this transaction's own
// restore.
func (l localRecords) write(ctx context.Context, e data.Entity, id string, f merge.Fields, created time.Time) (string, error) {
	err := l.store.Atomically(ctx, func(ctx context.Context) error {
		del, ok := f[merge.Deleted]
		if id != "" && hasEdits(f) && !ok {
			// Edits to a record in the trash (made in Notion before the page
			// was trashed there) are kept: out of the trash, saved, back in.
			cur, err := l.read(ctx, e, id)
			if err != nil {
				return err
			}
			if cur[merge.Deleted] == "true" {
				del, ok, f = "", true, f.With(merge.Deleted, "true")
			}
		}
		if ok && del == "" && id != "" {
			if err := l.store.SetDeleted(ctx, e, id, false); err != nil {
				return err
			}
		}
		if hasEdits(f) {
			// Relations to records in the trash are kept: the store accepts
			// links to tombstones, so they come back with a restore.
			var err error
			if id, err = l.save(ctx, e, id, f, created); err != nil {
				return err
			}
		}
		if f[merge.Deleted] == "true" {
			return l.store.SetDeleted(ctx, e, id, true)
		}
		return nil
	})
	return id, err
}

func hasEdits(f merge.Fields) bool {
	for k := range f {
		if k != merge.Deleted && k != "kaigi_id" {
			return true
		}
	}
	return false
}
