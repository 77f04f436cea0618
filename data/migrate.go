package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// afterMigrations runs the steps of migrations that need Go: search tokens
// are made by the Go tokenizer, so indexing text that an SQL migration made
// searchable happens here, once, after every migration of this start is in
// (the index's row layout is 0015's whatever order the files ran in).
func (s *Store) afterMigrations(ctx context.Context, applied []int) error {
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
