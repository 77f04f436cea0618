package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

const personColumns = "id, name, email, " + metaColumns

func scanPerson(sc interface{ Scan(...any) error }) (Person, error) {
	var p Person
	var email sql.NullString
	var m metaCols
	if err := sc.Scan(append([]any{&p.ID, &p.Name, &email}, m.dest()...)...); err != nil {
		return p, err
	}
	p.Email = email.String
	var err error
	p.Meta, err = m.meta()
	return p, err
}

// CreatePerson adds a person. An email already used by someone else is a
// conflict, since email is how Notion people are matched.
func (s *Store) CreatePerson(ctx context.Context, p *Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := emailFree(ctx, tx, p.Email, ""); err != nil {
			return err
		}
		p.ID = PersonID(s.newID())
		now := formatTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO people (id, name, email, created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, 0)`,
			p.ID, p.Name, nullString(p.Email), now, now); err != nil {
			return fmt.Errorf("insert person: %w", err)
		}
		rev, err := s.journal(ctx, tx, EntityPerson, string(p.ID), "create")
		p.Revision = rev
		return err
	})
}

// UpdatePerson saves a changed name or email.
func (s *Store) UpdatePerson(ctx context.Context, p *Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRevision(ctx, tx, EntityPerson, string(p.ID), p.Revision); err != nil {
			return err
		}
		if err := emailFree(ctx, tx, p.Email, p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET name = ?, email = ? WHERE id = ?`, p.Name, nullString(p.Email), p.ID); err != nil {
			return fmt.Errorf("update person: %w", err)
		}
		rev, err := s.journal(ctx, tx, EntityPerson, string(p.ID), "update")
		p.Revision = rev
		return err
	})
}

func emailFree(ctx context.Context, tx *sql.Tx, email string, self PersonID) error {
	if email == "" {
		return nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE email = ? AND id <> ? AND deleted_at IS NULL`, email, self).Scan(&n)
	if err != nil {
		return fmt.Errorf("check email: %w", err)
	}
	if n > 0 {
		return &Error{Code: ECONFLICT, Field: "email", Message: fmt.Sprintf("%s is already used by another person", email)}
	}
	return nil
}

// Person returns one person, including one in the trash.
func (s *Store) Person(ctx context.Context, id PersonID) (Person, error) {
	p, err := scanPerson(s.reads.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE id = ?`, id))
	return p, notFound(err, "person", id)
}

// PersonByEmail finds a live person by email, case-insensitively.
func (s *Store) PersonByEmail(ctx context.Context, email string) (Person, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	p, err := scanPerson(s.reads.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE email = ? AND deleted_at IS NULL`, email))
	return p, notFound(err, "person with email", email)
}

// People lists live people by name.
func (s *Store) People(ctx context.Context) ([]Person, error) {
	rows, err := s.reads.QueryContext(ctx, `SELECT `+personColumns+` FROM people WHERE deleted_at IS NULL ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("scan person: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// replacePeople rewrites a join table of person IDs for one owner row,
// checking that every person exists.
func replacePeople(ctx context.Context, tx *sql.Tx, table, ownerCol, owner, field string, ids []PersonID) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+ownerCol+` = ?`, owner); err != nil {
		return fmt.Errorf("clear %s: %w", field, err)
	}
	for _, id := range ids {
		if err := refExists(ctx, tx, EntityPerson, string(id), field); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO `+table+` (`+ownerCol+`, person_id) VALUES (?, ?)`, owner, id); err != nil {
			return fmt.Errorf("add %s: %w", field, err)
		}
	}
	return nil
}

// PersonName is who a person is on a page: enough to name them and to
// offer them in a list.
type PersonName struct {
	ID   PersonID
	Name string
}

// PersonNames lists live people by name, read from the name index alone.
func (s *Store) PersonNames(ctx context.Context) ([]PersonName, error) {
	rows, err := s.reads.QueryContext(ctx, personNamesSQL)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	defer rows.Close()
	var out []PersonName
	for rows.Next() {
		var p PersonName
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			return nil, fmt.Errorf("scan person: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

const personNamesSQL = `SELECT id, name FROM people WHERE deleted_at IS NULL ORDER BY name, id`
