package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
)

const ladrColumns = "id, number, slug, title, state, date, authors, context, specification, decision, consequences, extra, " +
	"meeting_id, agenda_id, pr_url, review_by, " + metaColumns

func scanLADR(sc interface{ Scan(...any) error }) (LADR, error) {
	var l LADR
	var date, authors, extra string
	var meeting, agenda, reviewBy sql.NullString
	var m metaCols
	dest := append([]any{&l.ID, &l.Number, &l.Slug, &l.Title, &l.State, &date, &authors, &l.Context, &l.Specification,
		&l.Decision, &l.Consequences, &extra, &meeting, &agenda, &l.PRURL, &reviewBy}, m.dest()...)
	if err := sc.Scan(dest...); err != nil {
		return l, err
	}
	l.MeetingID, l.AgendaID = MeetingID(meeting.String), AgendaID(agenda.String)
	var err error
	if l.Date, err = ParseDate(date); err != nil {
		return l, err
	}
	if l.ReviewBy, err = optDate(reviewBy); err != nil {
		return l, err
	}
	if err := json.Unmarshal([]byte(authors), &l.Authors); err != nil {
		return l, fmt.Errorf("read authors: %w", err)
	}
	if err := json.Unmarshal([]byte(extra), &l.Extra); err != nil {
		return l, fmt.Errorf("read extra sections: %w", err)
	}
	l.Meta, err = m.meta()
	return l, err
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only string slices and Sections are marshalled here
	}
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// CreateLADR adds an LADR. A zero Number gets the next free number; a
// given number (from an import) must be free. A record without a date is
// dated the team's today: in the zone of the person ctx names (WithActor),
// else the server's.
func (s *Store) CreateLADR(ctx context.Context, l *LADR) error {
	if l.Date.IsZero() {
		var err error
		if l.Date, err = s.Today(ctx, "", actorOf(ctx)); err != nil {
			return err
		}
	}
	return s.createLADR(ctx, l, l.Number == 0)
}

// CreateImportedLADR adds an LADR read from a file, as CreateLADR does,
// except that a file without a date makes a record without one (today is
// not when the team decided), and a numbered file keeps its number, 0
// included (MADR's first record is 0000); numbered false assigns the next.
func (s *Store) CreateImportedLADR(ctx context.Context, l *LADR, numbered bool) error {
	return s.createLADR(ctx, l, !numbered)
}

func (s *Store) createLADR(ctx context.Context, l *LADR, assign bool) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if id, err := s.replayed(ctx, tx, EntityLADR); err != nil || id != "" {
			if err == nil {
				*l, err = scanLADR(tx.QueryRowContext(ctx, `SELECT `+ladrColumns+` FROM ladrs WHERE id = ?`, id))
			}
			if err == nil {
				err = s.loadLADRLinks(ctx, l)
			}
			return err
		}
		if assign {
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM ladrs`).Scan(&l.Number); err != nil {
				return fmt.Errorf("next LADR number: %w", err)
			}
		} else {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ladrs WHERE number = ?`, l.Number).Scan(&n); err != nil {
				return fmt.Errorf("check LADR number: %w", err)
			}
			if n > 0 {
				return &Error{Code: ECONFLICT, Field: "number", Message: fmt.Sprintf("LADR number %d is already taken", l.Number)}
			}
		}
		if l.Number < 0 {
			return Invalid("number", "LADR numbers start at 0")
		}
		if err := checkLADRLinks(ctx, tx, l); err != nil {
			return err
		}
		l.ID = LADRID(s.newID())
		now := formatTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO ladrs (id, number, slug, title, state, date, authors, context, specification, decision,
			consequences, extra, meeting_id, agenda_id, pr_url, review_by, created_at, updated_at, revision)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
			l.ID, l.Number, l.Slug, l.Title, l.State, l.Date.String(), jsonText(l.Authors), l.Context, l.Specification, l.Decision,
			l.Consequences, jsonText(l.Extra), nullString(string(l.MeetingID)), nullString(string(l.AgendaID)), l.PRURL,
			nullDate(l.ReviewBy), now, now); err != nil {
			return fmt.Errorf("insert LADR: %w", err)
		}
		if _, err := s.journal(ctx, tx, EntityLADR, string(l.ID), "create"); err != nil {
			return err
		}
		if err := s.saveLADRRelations(ctx, tx, l); err != nil {
			return err
		}
		if err := s.claim(ctx, tx, EntityLADR, string(l.ID)); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityLADR, string(l.ID), &l.Meta)
	})
}

// UpdateLADR saves an LADR. Its number never changes.
func (s *Store) UpdateLADR(ctx context.Context, l *LADR) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRevision(ctx, tx, EntityLADR, string(l.ID), l.Revision); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT number FROM ladrs WHERE id = ?`, l.ID).Scan(&l.Number); err != nil {
			return fmt.Errorf("read LADR: %w", err)
		}
		if err := checkLADRLinks(ctx, tx, l); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ladrs SET slug = ?, title = ?, state = ?, date = ?, authors = ?, context = ?, specification = ?,
			decision = ?, consequences = ?, extra = ?, meeting_id = ?, agenda_id = ?, pr_url = ?, review_by = ? WHERE id = ?`,
			l.Slug, l.Title, l.State, l.Date.String(), jsonText(l.Authors), l.Context, l.Specification, l.Decision, l.Consequences,
			jsonText(l.Extra), nullString(string(l.MeetingID)), nullString(string(l.AgendaID)), l.PRURL, nullDate(l.ReviewBy), l.ID); err != nil {
			return fmt.Errorf("update LADR: %w", err)
		}
		if _, err := s.journal(ctx, tx, EntityLADR, string(l.ID), "update"); err != nil {
			return err
		}
		if err := s.saveLADRRelations(ctx, tx, l); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntityLADR, string(l.ID), &l.Meta)
	})
}

func checkLADRLinks(ctx context.Context, tx *sql.Tx, l *LADR) error {
	if err := refKept(ctx, tx, EntityMeeting, string(l.MeetingID), "meeting_id"); err != nil {
		return err
	}
	if err := refKept(ctx, tx, EntityAgenda, string(l.AgendaID), "agenda_id"); err != nil {
		return err
	}
	for _, id := range l.Supersedes {
		if err := refKept(ctx, tx, EntityLADR, string(id), "supersedes"); err != nil {
			return err
		}
	}
	return nil
}

// saveLADRRelations stores what l supersedes and marks the superseded
// records as such, so both sides of the link agree.
func (s *Store) saveLADRRelations(ctx context.Context, tx *sql.Tx, l *LADR) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM ladr_supersedes WHERE ladr_id = ?`, l.ID); err != nil {
		return fmt.Errorf("clear supersedes: %w", err)
	}
	for _, old := range l.Supersedes {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO ladr_supersedes (ladr_id, supersedes_id) VALUES (?, ?)`, l.ID, old); err != nil {
			return fmt.Errorf("save supersedes: %w", err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE ladrs SET state = 'superseded' WHERE id = ? AND state <> 'superseded'`, old)
		if err != nil {
			return fmt.Errorf("mark superseded: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if _, err := s.journal(ctx, tx, EntityLADR, string(old), "update"); err != nil {
				return err
			}
		}
	}
	return s.index(ctx, tx, ladrDoc(*l))
}

// LADR returns one LADR with its derived links.
func (s *Store) LADR(ctx context.Context, id LADRID) (LADR, error) {
	l, err := scanLADR(s.reads.QueryRowContext(ctx, `SELECT `+ladrColumns+` FROM ladrs WHERE id = ?`, id))
	if err != nil {
		return l, notFound(err, "LADR", id)
	}
	return l, s.loadLADRLinks(ctx, &l)
}

// LADRByNumber returns the LADR with a number.
func (s *Store) LADRByNumber(ctx context.Context, number int) (LADR, error) {
	l, err := scanLADR(s.reads.QueryRowContext(ctx, `SELECT `+ladrColumns+` FROM ladrs WHERE number = ?`, number))
	if err != nil {
		return l, notFound(err, "LADR number", number)
	}
	return l, s.loadLADRLinks(ctx, &l)
}

func (s *Store) loadLADRLinks(ctx context.Context, l *LADR) error {
	var err error
	if l.Supersedes, err = queryIDs[LADRID](ctx, s.reads, `SELECT supersedes_id FROM ladr_supersedes WHERE ladr_id = ? ORDER BY supersedes_id`, l.ID); err != nil {
		return err
	}
	if l.SupersededBy, err = queryIDs[LADRID](ctx, s.reads, `SELECT ladr_id FROM ladr_supersedes WHERE supersedes_id = ? ORDER BY ladr_id`, l.ID); err != nil {
		return err
	}
	l.DecisionIDs, err = queryIDs[DecisionID](ctx, s.reads, `SELECT id FROM decisions WHERE ladr_id = ? AND deleted_at IS NULL ORDER BY id`, l.ID)
	return err
}

// LADRFilter selects LADRs; empty fields match everything.
type LADRFilter struct {
	State LADRState
	Page
}

// LADRs lists live LADRs by number, with their links.
func (s *Store) LADRs(ctx context.Context, f LADRFilter) ([]LADR, error) {
	out, err := list(ctx, s, ladrList(f), f.Page, func(r *sql.Rows) (LADR, error) { return scanLADR(r) })
	if err != nil {
		return nil, fmt.Errorf("list LADRs: %w", err)
	}
	return out, s.loadPageLinks(ctx, out)
}

func ladrList(f LADRFilter) *listQuery {
	q := newList("ladrs", ladrColumns, "number", false)
	if f.State != "" {
		q.and("state = ?", f.State)
	}
	return q
}

// loadPageLinks fills the links of a page of LADRs with two queries in
// all rather than three per record, reading only the page's own links.
func (s *Store) loadPageLinks(ctx context.Context, page []LADR) error {
	if len(page) == 0 {
		return nil
	}
	at := make(map[LADRID]*LADR, len(page))
	ids := make([]LADRID, len(page))
	for i := range page {
		at[page[i].ID] = &page[i]
		ids[i] = page[i].ID
	}
	idList := jsonText(ids)
	rows, err := s.reads.QueryContext(ctx, ladrLinksSQL, idList)
	if err != nil {
		return fmt.Errorf("read supersedes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var newer, older LADRID
		if err := rows.Scan(&newer, &older); err != nil {
			return fmt.Errorf("scan supersedes: %w", err)
		}
		if l := at[newer]; l != nil {
			l.Supersedes = append(l.Supersedes, older)
		}
		if l := at[older]; l != nil {
			l.SupersededBy = append(l.SupersededBy, newer)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range page {
		slices.Sort(page[i].Supersedes)
		slices.Sort(page[i].SupersededBy)
	}
	decided, err := s.reads.QueryContext(ctx, ladrDecisionsSQL, idList)
	if err != nil {
		return fmt.Errorf("read LADR decisions: %w", err)
	}
	defer decided.Close()
	for decided.Next() {
		var ladr LADRID
		var id DecisionID
		if err := decided.Scan(&ladr, &id); err != nil {
			return fmt.Errorf("scan LADR decision: %w", err)
		}
		if l := at[ladr]; l != nil {
			l.DecisionIDs = append(l.DecisionIDs, id)
		}
	}
	for i := range page {
		slices.Sort(page[i].DecisionIDs)
	}
	return decided.Err()
}

// The links of a page of LADRs, given their IDs as a JSON array; a link
// between two records of the page comes once.
const (
	ladrLinksSQL = `SELECT ladr_id, supersedes_id FROM ladr_supersedes WHERE ladr_id IN (SELECT value FROM json_each(?1))
		UNION ALL SELECT ladr_id, supersedes_id FROM ladr_supersedes WHERE supersedes_id IN (SELECT value FROM json_each(?1))
		AND ladr_id NOT IN (SELECT value FROM json_each(?1))`
	ladrDecisionsSQL = `SELECT ladr_id, id FROM decisions WHERE ladr_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`
)

// NextLADRNumber is the number CreateLADR gives the next record made
// without one: one more than any number ever used, deleted records
// included.
func (s *Store) NextLADRNumber(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM ladrs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("next LADR number: %w", err)
	}
	return n, nil
}

// LADRNumbers maps every number ever used, deleted records included, to
// its record.
func (s *Store) LADRNumbers(ctx context.Context) (map[int]LADRID, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT number, id FROM ladrs`)
	if err != nil {
		return nil, fmt.Errorf("list LADR numbers: %w", err)
	}
	defer rows.Close()
	out := map[int]LADRID{}
	for rows.Next() {
		var n int
		var id LADRID
		if err := rows.Scan(&n, &id); err != nil {
			return nil, fmt.Errorf("scan LADR number: %w", err)
		}
		out[n] = id
	}
	return out, rows.Err()
}
