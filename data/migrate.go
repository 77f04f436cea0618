package data

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
)

// afterMigrations runs the steps of migrations that need Go: search tokens
// are made by the Go tokenizer, so indexing text that an SQL migration made
// searchable happens here, once, after every migration of this start is in
// (the index's row layout is 0015's whatever order the files ran in).
func (s *Store) afterMigrations(ctx context.Context, applied []int) error {
	if slices.Contains(applied, 20) {
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.retitleMoved(ctx, tx) }); err != nil {
			return fmt.Errorf("migration 0020: titles of moved meetings: %w", err)
		}
	}
	if !slices.Contains(applied, 10) {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.indexAllMeetingNotes(ctx, tx); err != nil {
			return fmt.Errorf("migration 0010: index meeting notes: %w", err)
		}
		if err := s.indexAllDiscussions(ctx, tx); err != nil {
			return fmt.Errorf("migration 0010: index discussion notes: %w", err)
		}
		return nil
	})
}

func (s *Store) indexAllMeetingNotes(ctx context.Context, tx *sql.Tx) error {
	ids, err := queryIDs[MeetingID](ctx, tx, `SELECT id FROM meetings WHERE notes <> '' AND deleted_at IS NULL ORDER BY id`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.reindex(ctx, tx, EntityMeeting, string(id)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) indexAllDiscussions(ctx context.Context, tx *sql.Tx) error {
	keys, err := discussionKeys(ctx, tx, `SELECT d.meeting_id, d.agenda_id FROM discussions d
		JOIN meetings m ON m.id = d.meeting_id JOIN agendas a ON a.id = d.agenda_id
		WHERE d.notes <> '' AND m.deleted_at IS NULL AND a.deleted_at IS NULL ORDER BY m.starts_at, d.agenda_id`)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.indexDiscussion(ctx, tx, MeetingID(k[0]), AgendaID(k[1])); err != nil {
			return err
		}
	}
	return nil
}

// titleEndsWithDate finds the day a meeting's title ends with, as kaigi
// writes it when it opens a meeting ("定例 2026-12-14").
var titleEndsWithDate = regexp.MustCompile(`(\d{4}-\d{2}-\d{2})$`)

// retitleMoved fixes the titles of meetings moved before titles followed
// their dates: a title ending with a day other than the meeting's own
// (in its series' zone) gets the meeting's day. The change is journaled,
// so the sync sends the corrected title to Notion too.
func (s *Store) retitleMoved(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.title, m.starts_at, s.time_zone FROM meetings m
		JOIN series s ON s.id = m.series_id WHERE m.deleted_at IS NULL ORDER BY m.id`)
	if err != nil {
		return err
	}
	type fix struct{ id, title string }
	var fixes []fix
	for rows.Next() {
		var id, title, starts, zone string
		if err := rows.Scan(&id, &title, &starts, &zone); err != nil {
			rows.Close()
			return err
		}
		at, err := parseTime(starts)
		if err != nil {
			rows.Close()
			return err
		}
		m := titleEndsWithDate.FindStringIndex(title)
		day := titleDate(Series{TimeZone: zone}, at)
		if m != nil && title[m[0]:] != day {
			fixes = append(fixes, fix{id, title[:m[0]] + day})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, f := range fixes {
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET title = ? WHERE id = ?`, f.title, f.id); err != nil {
			return err
		}
		if _, err := s.journal(ctx, tx, EntityMeeting, f.id, "update"); err != nil {
			return err
		}
		if err := s.reindex(ctx, tx, EntityMeeting, f.id); err != nil {
			return err
		}
	}
	return nil
}
