package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenizer turns text into the space-separated terms FTS5 indexes. Latin
// script splits on word boundaries; scripts written without spaces (Han,
// kana, Hangul) become single characters plus overlapping bigrams, the
// usual way to search Japanese without a dictionary.
type tokenizer struct{}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー'
}

// terms splits text into Latin words and CJK runs, lower-cased.
func (tokenizer) terms(text string) (words []string, cjkRuns [][]rune) {
	var word []rune
	var run []rune
	flush := func() {
		if len(word) > 0 {
			words = append(words, strings.ToLower(string(word)))
			word = word[:0]
		}
		if len(run) > 0 {
			cjkRuns = append(cjkRuns, append([]rune(nil), run...))
			run = run[:0]
		}
	}
	for _, r := range text {
		switch {
		case isCJK(r):
			if len(word) > 0 {
				words = append(words, strings.ToLower(string(word)))
				word = word[:0]
			}
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if len(run) > 0 {
				cjkRuns = append(cjkRuns, append([]rune(nil), run...))
				run = run[:0]
			}
			word = append(word, r)
		default:
			flush()
		}
	}
	flush()
	return words, cjkRuns
}

// index returns the indexed form of text.
func (t tokenizer) index(text string) string {
	words, runs := t.terms(text)
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte(' ')
	}
	for _, run := range runs {
		for i, r := range run {
			b.WriteRune(r)
			b.WriteByte(' ')
			if i+1 < len(run) {
				b.WriteRune(r)
				b.WriteRune(run[i+1])
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// query returns an FTS5 query that finds candidates for every term of q
// (all must occur), or "" when q has no searchable term. A Latin word
// matches the indexed words it starts (deploy finds deployment): expand
// returns them, each to be matched as an exact token. CJK runs match as
// their bigrams (or the single character).
func (t tokenizer) query(q string, expand func(word string) []string) string {
	words, runs := t.terms(q)
	var parts []string
	for _, w := range words {
		alts := []string{w}
		if expand != nil {
			alts = expand(w)
		}
		quoted := make([]string, len(alts))
		for i, a := range alts {
			quoted[i] = quote(a)
		}
		if len(quoted) == 1 {
			parts = append(parts, quoted[0])
		} else {
			parts = append(parts, "("+strings.Join(quoted, " OR ")+")")
		}
	}
	for _, run := range runs {
		if len(run) == 1 {
			parts = append(parts, quote(string(run)))
			continue
		}
		for i := 0; i+1 < len(run); i++ {
			parts = append(parts, quote(string(run[i:i+2])))
		}
	}
	return strings.Join(parts, " AND ")
}

// quote makes a token an FTS5 string; tokens never hold quotes, but a
// doubled quote is how FTS5 would read one.
func quote(token string) string { return `"` + strings.ReplaceAll(token, `"`, `""`) + `"` }

// maxExpansion is how many indexed words a typed word may stand for. A
// word that starts more (one or two letters, usually) matches only itself.
const maxExpansion = 16

// expand lists the indexed words that start with word, word itself first
// (found or not), reading the words the index holds (search_words) in
// order.
func (s *Store) expand(ctx context.Context, word string) []string {
	out := []string{word}
	rows, err := s.reads.QueryContext(ctx, `SELECT word FROM search_words WHERE word > ? AND word < ? ORDER BY word LIMIT ?`,
		word, word+"\U0010FFFF", maxExpansion+1)
	if err != nil {
		return out
	}
	defer rows.Close()
	var more []string
	for rows.Next() {
		var term string
		if rows.Scan(&term) == nil {
			more = append(more, term)
		}
	}
	if rows.Err() != nil || len(more) > maxExpansion {
		return out
	}
	return append(out, more...)
}

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
	rows, err := tx.QueryContext(ctx, query, id)
	if err != nil {
		return fmt.Errorf("discussions of %s %s: %w", e, id, err)
	}
	var keys [][2]string
	for rows.Next() {
		var m, a string
		if err := rows.Scan(&m, &a); err != nil {
			rows.Close()
			return err
		}
		keys = append(keys, [2]string{m, a})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.indexDiscussion(ctx, tx, MeetingID(k[0]), AgendaID(k[1])); err != nil {
			return err
		}
	}
	return nil
}

// SearchHit is one record that matched a search.
type SearchHit struct {
	Entity  Entity
	ID      string // for a discussion, "meeting/agenda"
	Title   string // for a discussion, the agenda's title
	Snippet string // a short piece of the body around the first match
	// MeetingID is the meeting where the text was written: the meeting
	// itself for its notes, the meeting of a discussion, decision, task or
	// LADR; empty for agendas and records made outside a meeting.
	MeetingID    MeetingID
	MeetingTitle string
	AgendaID     AgendaID // the agenda of a discussion
}

// SearchFilter narrows a search; a zero value searches everything.
type SearchFilter struct {
	Entity Entity
	Limit  int
}

// Search finds meeting notes, discussion notes, agendas, decisions, tasks
// and LADRs whose title or text contains every term of q (discussion notes
// by their text only), most recently created first. Matching is by substring,
// case-insensitive, so Japanese needs no word breaks.
func (s *Store) Search(ctx context.Context, q string, f SearchFilter) ([]SearchHit, error) {
	match := s.search.query(q, func(w string) []string { return s.expand(ctx, w) })
	if match == "" {
		return nil, nil
	}
	limit := f.Limit
	if limit <= 0 || limit > maxPageSize {
		limit = defaultPageSize
	}
	where, args := `search_index MATCH ?`, []any{match}
	if f.Entity != "" {
		where, args = where+` AND d.entity = ?`, append(args, string(f.Entity))
	}
	// Candidates come from the index newest first: FTS rowids are the
	// negated document IDs, so FTS5 walks its lists forwards, lazily, and
	// stops at the limit, so a common word costs the same in a
	// big database as in a small one (ranking by bm25 would score every
	// match). Bigrams can match out of order, so each candidate is checked
	// against the original text.
	args = append(args, limit*4)
	rows, err := s.reads.QueryContext(ctx, searchSQL+where+` ORDER BY f.rowid LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	needles := searchNeedles(q)
	var out []SearchHit
	for rows.Next() && len(out) < limit {
		var h SearchHit
		var body string
		var meeting, meetingTitle sql.NullString
		if err := rows.Scan(&h.Entity, &h.ID, &meeting, &h.Title, &body, &meetingTitle); err != nil {
			return nil, fmt.Errorf("scan hit: %w", err)
		}
		h.MeetingID, h.MeetingTitle = MeetingID(meeting.String), meetingTitle.String
		searched := h.Title + "\n" + body
		if h.Entity == EntityDiscussion {
			searched = body
			_, agenda, _ := strings.Cut(h.ID, "/")
			h.AgendaID = AgendaID(agenda)
		}
		if !containsAll(strings.ToLower(searched), needles) {
			continue
		}
		h.Snippet = snippet(body, needles)
		out = append(out, h)
	}
	return out, rows.Err()
}

// searchSQL reads candidates with the meeting each was written in: one
// key lookup per candidate.
const searchSQL = `SELECT d.entity, d.entity_id, d.meeting_id, f.title, f.body, m.title
	FROM search_index f JOIN search_docs d ON d.id = -f.rowid LEFT JOIN meetings m ON m.id = d.meeting_id WHERE `

// searchNeedles are the lower-cased terms of q that must occur as substrings.
func searchNeedles(q string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == 'ー')
	}) {
		out = append(out, f)
	}
	return out
}

func containsAll(text string, needles []string) bool {
	for _, n := range needles {
		if !strings.Contains(text, n) {
			return false
		}
	}
	return true
}

// snippet cuts about 120 characters of body around the first needle.
func snippet(body string, needles []string) string {
	const width = 120
	lower := strings.ToLower(body)
	at := -1
	for _, n := range needles {
		if i := strings.Index(lower, n); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	if at < 0 || len(lower) != len(body) {
		at = 0 // lower-casing changed byte offsets; start at the top
	}
	start := at - width/3
	if start < 0 {
		start = 0
	}
	for start > 0 && !utf8.RuneStart(body[start]) {
		start--
	}
	runes := []rune(body[start:])
	if len(runes) > width {
		runes = append(runes[:width], '…')
	}
	out := strings.Join(strings.Fields(string(runes)), " ")
	if start > 0 {
		out = "…" + out
	}
	return out
}
