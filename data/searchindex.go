package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Keeping the search index true to the records: one document per record
// (and per meeting's notes on an agenda), written in the record's own
// transaction.

// searchDoc is one searchable document: a record's title and text, and
// the meeting where the text was written (none for agendas and records
// made outside a meeting).
type searchDoc struct {
	entity   Entity
	id       string
	title    string
	body     string
	meeting  MeetingID
	bodyOnly bool // the title is shown with hits but not searched (discussions: the agenda's title)
}

// EntityDiscussion names an agenda's notes in one meeting in search hits;
// its ID is "meeting/agenda". It is not a record kind of the journal.
const EntityDiscussion Entity = "discussion"

func discussionDocID(m MeetingID, a AgendaID) string { return string(m) + "/" + string(a) }

func (s *Store) index(ctx context.Context, tx *sql.Tx, doc searchDoc) error {
	e, id := doc.entity, doc.id
	var rowid int64
	err := tx.QueryRowContext(ctx, `INSERT INTO search_docs (entity, entity_id, meeting_id) VALUES (?, ?, ?)
		ON CONFLICT (entity, entity_id) DO UPDATE SET meeting_id = excluded.meeting_id RETURNING id`,
		string(e), id, nullString(string(doc.meeting))).Scan(&rowid)
	if err != nil {
		return fmt.Errorf("index %s %s: %w", e, id, err)
	}
	// FTS rowids are the negated document IDs: newest first is ascending.
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_index WHERE rowid = ?`, -rowid); err != nil {
		return fmt.Errorf("index %s %s: %w", e, id, err)
	}
	titleTokens, searched := s.search.index(doc.title), doc.title+"\n"+doc.body
	if doc.bodyOnly {
		titleTokens, searched = "", doc.body
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search_index (rowid, title, body, title_tokens, body_tokens) VALUES (?, ?, ?, ?, ?)`,
		-rowid, doc.title, doc.body, titleTokens, s.search.index(doc.body))
	if err != nil {
		return fmt.Errorf("index %s %s: %w", e, id, err)
	}
	if words, _ := s.search.terms(searched); len(words) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_words (word) SELECT value FROM json_each(?)`, jsonText(words)); err != nil {
			return fmt.Errorf("index words of %s %s: %w", e, id, err)
		}
	}
	return nil
}

func (s *Store) unindex(ctx context.Context, tx *sql.Tx, e Entity, id string) error {
	var rowid int64
	err := tx.QueryRowContext(ctx, `DELETE FROM search_docs WHERE entity = ? AND entity_id = ? RETURNING id`, string(e), id).Scan(&rowid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, `DELETE FROM search_index WHERE rowid = ?`, -rowid)
	}
	if err != nil {
		return fmt.Errorf("unindex %s %s: %w", e, id, err)
	}
	return nil
}

// reindex indexes a record again from its row (after a restore).
func (s *Store) reindex(ctx context.Context, tx *sql.Tx, e Entity, id string) error {
	var query string
	switch e {
	case EntityAgenda:
		query = `SELECT title, body, NULL FROM agendas WHERE id = ?`
	case EntityDecision:
		query = `SELECT title, body, meeting_id FROM decisions WHERE id = ?`
	case EntityTask:
		query = `SELECT title, '', meeting_id FROM tasks WHERE id = ?`
	case EntityMeeting:
		query = `SELECT title, notes, id FROM meetings WHERE id = ?`
	case EntityLADR:
		l, err := scanLADR(tx.QueryRowContext(ctx, `SELECT `+ladrColumns+` FROM ladrs WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("reindex %s %s: %w", e, id, err)
		}
		return s.index(ctx, tx, ladrDoc(l))
	default:
		return nil // not searchable
	}
	doc := searchDoc{entity: e, id: id}
	var meeting sql.NullString
	if err := tx.QueryRowContext(ctx, query, id).Scan(&doc.title, &doc.body, &meeting); err != nil {
		return fmt.Errorf("reindex %s %s: %w", e, id, err)
	}
	doc.meeting = MeetingID(meeting.String)
	if e == EntityMeeting && doc.body == "" {
		return s.unindex(ctx, tx, e, id) // a meeting is found by what was noted in it
	}
	return s.index(ctx, tx, doc)
}

// ladrDoc is an LADR as search sees it: every section, extra ones too.
func ladrDoc(l LADR) searchDoc {
	parts := []string{l.Context, l.Specification, l.Decision, l.Consequences}
	for _, sec := range l.Extra {
		parts = append(parts, sec.Heading+"\n"+sec.Body)
	}
	return searchDoc{entity: EntityLADR, id: string(l.ID), title: l.Title, body: strings.Join(parts, "\n"), meeting: l.MeetingID}
}

// indexDiscussion indexes what was noted about an agenda in one meeting,
// titled with the agenda's title; no notes, no document.
func (s *Store) indexDiscussion(ctx context.Context, tx *sql.Tx, m MeetingID, a AgendaID) error {
	var title, notes string
	var live bool
	err := tx.QueryRowContext(ctx, `SELECT a.title, d.notes, a.deleted_at IS NULL AND mt.deleted_at IS NULL
		FROM discussions d JOIN agendas a ON a.id = d.agenda_id JOIN meetings mt ON mt.id = d.meeting_id
		WHERE d.meeting_id = ? AND d.agenda_id = ?`, m, a).Scan(&title, &notes, &live)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (notes == "" || !live)) {
		return s.unindex(ctx, tx, EntityDiscussion, discussionDocID(m, a))
	}
	if err != nil {
		return fmt.Errorf("index discussion: %w", err)
	}
	return s.index(ctx, tx, searchDoc{entity: EntityDiscussion, id: discussionDocID(m, a), title: title, body: notes, meeting: m, bodyOnly: true})
}

// indexDiscussionsOf indexes again (or removes, when the meeting or the
// agenda is in the trash) the discussion notes of one meeting or of one
// agenda: after a trash, a restore or an agenda's new title.
func (s *Store) indexDiscussionsOf(ctx context.Context, tx *sql.Tx, e Entity, id string) error {
	query := `SELECT meeting_id, agenda_id FROM discussions WHERE meeting_id = ? AND notes <> ''`
	if e == EntityAgenda {
		query = `SELECT meeting_id, agenda_id FROM discussions WHERE agenda_id = ? AND notes <> ''`
	}
	keys, err := discussionKeys(ctx, tx, query, id)
	if err != nil {
		return fmt.Errorf("discussions of %s %s: %w", e, id, err)
	}
	for _, k := range keys {
		if err := s.indexDiscussion(ctx, tx, MeetingID(k[0]), AgendaID(k[1])); err != nil {
			return err
		}
	}
	return nil
}

// discussionKeys reads (meeting, agenda) pairs.
func discussionKeys(ctx context.Context, tx *sql.Tx, query string, args ...any) ([][2]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys [][2]string
	for rows.Next() {
		var m, a string
		if err := rows.Scan(&m, &a); err != nil {
			return nil, err
		}
		keys = append(keys, [2]string{m, a})
	}
	return keys, rows.Err()
}
