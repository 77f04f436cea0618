package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// LinkKind is what a one-time account link does.
type LinkKind string

const (
	LinkInvite LinkKind = "invite" // makes a new user
	LinkReset  LinkKind = "reset"  // sets a new password for a user
)

// AccountLink is an invite or password-reset link. The link carries a
// random secret; only its SHA-256 (TokenHash) is stored. It works once,
// until ExpiresAt, unless revoked or replaced by a newer link.
type AccountLink struct {
	ID        string
	Kind      LinkKind
	TokenHash string
	Email     string
	Name      string
	Role      Role
	PersonID  PersonID // a reset's user
	CreatedBy PersonID
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
	RevokedAt time.Time
}

const linkColumns = `id, kind, token_hash, email, name, role, coalesce(person_id, ''), created_by, created_at, expires_at,
	coalesce(used_at, ''), coalesce(revoked_at, '')`

func scanLink(sc interface{ Scan(...any) error }) (AccountLink, error) {
	var l AccountLink
	var created, expires, used, revoked string
	if err := sc.Scan(&l.ID, &l.Kind, &l.TokenHash, &l.Email, &l.Name, &l.Role, &l.PersonID, &l.CreatedBy,
		&created, &expires, &used, &revoked); err != nil {
		return l, err
	}
	var err error
	for _, f := range []struct {
		s  string
		to *time.Time
	}{{created, &l.CreatedAt}, {expires, &l.ExpiresAt}, {used, &l.UsedAt}, {revoked, &l.RevokedAt}} {
		if *f.to, err = parseOptionalTime(f.s); err != nil {
			return l, err
		}
	}
	return l, nil
}

// CreateInvite stores an invite for someone who is not a user yet. A
// second invite for the same email replaces the first, whose link stops
// working.
func (s *Store) CreateInvite(ctx context.Context, l *AccountLink) error {
	p := Person{Name: l.Name, Email: l.Email}
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Email == "" {
		return Invalid("email", "an invite needs the email address the person will log in with")
	}
	role, err := ParseRole(string(l.Role))
	if err != nil {
		return err
	}
	l.Kind, l.Role = LinkInvite, role
	l.Kind, l.Email, l.Name = LinkInvite, p.Email, p.Name
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users u JOIN people p ON p.id = u.person_id
			WHERE p.email = ? AND p.deleted_at IS NULL`, l.Email).Scan(&n); err != nil {
			return fmt.Errorf("check user: %w", err)
		}
		if n > 0 {
			return &Error{Code: ECONFLICT, Field: "email", Message: fmt.Sprintf("%s is already a user", l.Email)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE account_links SET revoked_at = ? WHERE kind = 'invite' AND email = ?
			AND used_at IS NULL AND revoked_at IS NULL`, formatTime(s.now()), l.Email); err != nil {
			return fmt.Errorf("replace invite: %w", err)
		}
		return s.insertLink(ctx, tx, l)
	})
}

// CreateReset stores a password-reset link for a user. The user's password
// stops working at once and their sessions end (a reset is for a password
// that may be known to someone else); an older reset link stops working.
func (s *Store) CreateReset(ctx context.Context, l *AccountLink) error {
	a, err := s.Account(ctx, l.PersonID)
	if err != nil {
		return err
	}
	if !a.Active() {
		return &Error{Code: ECONFLICT, Field: "person_id", Message: "the user is deactivated; activate them first"}
	}
	l.Kind, l.Email, l.Name, l.Role = LinkReset, a.Person.Email, a.Person.Name, a.Role
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := formatTime(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE account_links SET revoked_at = ? WHERE kind = 'reset' AND person_id = ?
			AND used_at IS NULL AND revoked_at IS NULL`, now, l.PersonID); err != nil {
			return fmt.Errorf("replace reset: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = '!' WHERE person_id = ?`, l.PersonID); err != nil {
			return fmt.Errorf("disable password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = ?`, l.PersonID); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return s.insertLink(ctx, tx, l)
	})
}

func (s *Store) insertLink(ctx context.Context, tx *sql.Tx, l *AccountLink) error {
	if l.TokenHash == "" || l.ExpiresAt.IsZero() || l.CreatedBy == "" {
		return fmt.Errorf("account link: token hash, expiry and creator are required")
	}
	l.ID, l.CreatedAt = s.newID(), s.now()
	_, err := tx.ExecContext(ctx, `INSERT INTO account_links (id, kind, token_hash, email, name, role, person_id, created_by,
		created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.ID, l.Kind, l.TokenHash, l.Email, l.Name, l.Role,
		nullString(string(l.PersonID)), l.CreatedBy, formatTime(l.CreatedAt), formatTime(l.ExpiresAt))
	if err != nil {
		return fmt.Errorf("insert account link: %w", err)
	}
	return nil
}

// RotateLink gives a pending link a new secret and expiry: the old link
// stops working at once.
func (s *Store) RotateLink(ctx context.Context, id, tokenHash string, expires time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, "pending link", id, `UPDATE account_links SET token_hash = ?, expires_at = ?
			WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL`, tokenHash, formatTime(expires), id)
	})
}

// RevokeLink stops a pending link.
func (s *Store) RevokeLink(ctx context.Context, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, "pending link", id, `UPDATE account_links SET revoked_at = ?
			WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL`, formatTime(s.now()), id)
	})
}

// PendingLinks lists links not used or revoked yet (expired ones too, so
// that an admin sees them and makes a new one), newest first.
func (s *Store) PendingLinks(ctx context.Context) ([]AccountLink, error) {
	rows, err := s.reads.QueryContext(ctx, `SELECT `+linkColumns+` FROM account_links
		WHERE used_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("list account links: %w", err)
	}
	defer rows.Close()
	var out []AccountLink
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, fmt.Errorf("scan account link: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// errBadLink is what every unusable link gets, so that a guesser learns
// nothing about which links exist.
func errBadLink() error {
	return &Error{Code: ENOTFOUND, Field: "token", Message: "this link is unknown, used or expired; ask an admin for a new one"}
}

// LinkByToken returns the usable link whose secret hashes to tokenHash.
func (s *Store) LinkByToken(ctx context.Context, kind LinkKind, tokenHash string) (AccountLink, error) {
	l, err := scanLink(s.reads.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM account_links
		WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`,
		tokenHash, kind, formatTime(s.now())))
	if errNoRows(err) {
		return AccountLink{}, errBadLink()
	}
	if err != nil {
		return AccountLink{}, fmt.Errorf("read account link: %w", err)
	}
	return l, nil
}

// useLink marks the link used inside tx; only one caller can, so a link
// works once even when two browsers send it at the same moment.
func (s *Store) useLink(ctx context.Context, tx *sql.Tx, kind LinkKind, tokenHash string) (AccountLink, error) {
	l, err := scanLink(tx.QueryRowContext(ctx, `UPDATE account_links SET used_at = ?
		WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
		RETURNING `+linkColumns, formatTime(s.now()), tokenHash, kind, formatTime(s.now())))
	if errNoRows(err) {
		return AccountLink{}, errBadLink()
	}
	if err != nil {
		return AccountLink{}, fmt.Errorf("use account link: %w", err)
	}
	return l, nil
}

// AcceptInvite uses an invite: the person becomes a user with the invite's
// role and the given name and password hash, in one transaction.
func (s *Store) AcceptInvite(ctx context.Context, tokenHash, name, passwordHash string) (Person, error) {
	var p Person
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		l, err := s.useLink(ctx, tx, LinkInvite, tokenHash)
		if err != nil {
			return err
		}
		if strings.TrimSpace(name) == "" {
			name = l.Name
		}
		p = Person{Name: name, Email: l.Email}
		return s.createUser(ctx, tx, &p, passwordHash, l.Role)
	})
	return p, err
}

// AcceptReset uses a reset link: the user's new password hash is stored
// and every session of theirs ends.
func (s *Store) AcceptReset(ctx context.Context, tokenHash, passwordHash string) (Person, error) {
	if passwordHash == "" {
		return Person{}, Invalid("password", "a password is required")
	}
	var id PersonID
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		l, err := s.useLink(ctx, tx, LinkReset, tokenHash)
		if err != nil {
			return err
		}
		id = l.PersonID
		if err := execOne(ctx, tx, "active user", id, `UPDATE users SET password_hash = ? WHERE person_id = ? AND deactivated_at IS NULL`,
			passwordHash, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = ?`, id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return nil
	})
	if err != nil {
		return Person{}, err
	}
	return s.Person(ctx, id)
}
