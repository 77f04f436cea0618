package data

import (
	"context"
	"database/sql"
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

// A search's cost grows with its terms: each word is expanded by a query
// of the index's words and each term is one more posting list to walk (a
// 64,000-character query took 8.5 s). People search with a few words.
const (
	maxSearchRunes = 200
	maxSearchTerms = 12
)

// bounded refuses a query longer than people type, before any work.
func (t tokenizer) bounded(q string) error {
	if utf8.RuneCountInString(q) > maxSearchRunes {
		return Invalid("q", "a search can be at most %d characters; search for a few words of what you look for", maxSearchRunes)
	}
	words, runs := t.terms(q)
	if n := len(words) + len(runs); n > maxSearchTerms {
		return Invalid("q", "a search can have at most %d words (this one has %d); leave out the common ones", maxSearchTerms, n)
	}
	return nil
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
	if err := s.search.bounded(q); err != nil {
		return nil, err
	}
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
