package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// User is a person who can log in. The store keeps only the password hash;
// hashing and checking happen in the caller.
type User struct {
	Person       Person
	PasswordHash string
	CreatedAt    time.Time
}

// Session is a logged-in browser. TokenHash is the SHA-256 of the cookie
// value; CSRFToken is shown in forms and checked on every unsafe request.
type Session struct {
	TokenHash string
	PersonID  PersonID
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
	// Role and Lang are the user's, read with the session so that a
	// request costs one query.
	Role Role
	Lang string
}

// APIToken is a credential for the JSON API; only its hash is stored.
type APIToken struct {
	ID         string
	PersonID   PersonID
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// CreateUser makes p a user with the given password hash. A person with the
// same email becomes the user; otherwise the person is created, in the same
// transaction, so a failure leaves neither row behind. The first user is
// an admin, later ones members.
func (s *Store) CreateUser(ctx context.Context, p *Person, passwordHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
			return fmt.Errorf("count users: %w", err)
		}
		role := RoleMember
		if n == 0 {
			role = RoleAdmin
		}
		return s.createUser(ctx, tx, p, passwordHash, role)
	})
}

// createUser is CreateUser with a role, inside tx.
func (s *Store) createUser(ctx context.Context, tx *sql.Tx, p *Person, passwordHash string, role Role) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Email == "" {
		return Invalid("email", "a user needs an email address to log in with")
	}
	if passwordHash == "" {
		return Invalid("password", "a password is required")
	}
	existing, err := scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE email = ? AND deleted_at IS NULL`, p.Email))
	switch {
	case err == nil:
		*p = existing
	case errors.Is(err, sql.ErrNoRows):
		p.ID = PersonID(s.newID())
		now := formatTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO people (id, name, email, created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, 0)`,
			p.ID, p.Name, p.Email, now, now); err != nil {
			return fmt.Errorf("insert person: %w", err)
		}
		if p.Revision, err = s.journal(ctx, tx, EntityPerson, string(p.ID), "create"); err != nil {
			return err
		}
	default:
		return fmt.Errorf("find person by email: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE person_id = ?`, p.ID).Scan(&n); err != nil {
		return fmt.Errorf("check user: %w", err)
	}
	if n > 0 {
		return &Error{Code: ECONFLICT, Field: "email", Message: fmt.Sprintf("%s is already a user", p.Email)}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (person_id, password_hash, created_at, role) VALUES (?, ?, ?, ?)`,
		p.ID, passwordHash, formatTime(s.now()), role); err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
}

// UserByEmail returns the user who logs in with email.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	var u User
	var created string
	var m metaCols
	var mail sql.NullString
	dest := append([]any{&u.Person.ID, &u.Person.Name, &mail}, m.dest()...)
	dest = append(dest, &u.PasswordHash, &created)
	err := s.reads.QueryRowContext(ctx, `SELECT p.id, p.name, p.email, p.created_at, p.updated_at, p.deleted_at, p.revision,
		u.password_hash, u.created_at FROM users u JOIN people p ON p.id = u.person_id
		WHERE p.email = ? AND p.deleted_at IS NULL AND u.deactivated_at IS NULL`, strings.ToLower(strings.TrimSpace(email))).Scan(dest...)
	if err != nil {
		return User{}, notFound(err, "user", email)
	}
	u.Person.Email = mail.String
	if u.Person.Meta, err = m.meta(); err != nil {
		return User{}, err
	}
	if u.CreatedAt, err = parseTime(created); err != nil {
		return User{}, err
	}
	return u, nil
}

// HasUsers reports whether anyone can log in yet.
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	var n int
	if err := s.reads.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return false, fmt.Errorf("count users: %w", err)
	}
	return n > 0, nil
}

// CreateSession stores a new login session.
func (s *Store) CreateSession(ctx context.Context, sess Session) error {
	if sess.CreatedAt.IsZero() {
		sess.CreatedAt = s.now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		sess.TokenHash, sess.PersonID, sess.CSRFToken, formatTime(sess.CreatedAt), formatTime(sess.ExpiresAt))
	if err != nil {
		return fmt.Errorf("insert session: %w", err)
	}
	return nil
}

// SessionByHash returns the unexpired session whose token hashes to hash,
// with the person it belongs to.
func (s *Store) SessionByHash(ctx context.Context, hash string) (Session, Person, error) {
	var sess Session
	var created, expires string
	var m metaCols
	var mail sql.NullString
	var p Person
	dest := []any{&sess.TokenHash, &sess.PersonID, &sess.CSRFToken, &created, &expires, &sess.Role, &sess.Lang, &p.ID, &p.Name, &mail}
	err := s.reads.QueryRowContext(ctx, `SELECT s.token_hash, s.person_id, s.csrf_token, s.created_at, s.expires_at, u.role, u.lang,
		p.id, p.name, p.email, p.created_at, p.updated_at, p.deleted_at, p.revision
		FROM sessions s JOIN people p ON p.id = s.person_id JOIN users u ON u.person_id = s.person_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND p.deleted_at IS NULL AND u.deactivated_at IS NULL`,
		hash, formatTime(s.now())).Scan(append(dest, m.dest()...)...)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Session{}, Person{}, Errorf(EUNAUTHORIZED, "your session has ended; log in again")
		}
		return Session{}, Person{}, fmt.Errorf("read session: %w", err)
	}
	p.Email = mail.String
	if p.Meta, err = m.meta(); err != nil {
		return Session{}, Person{}, err
	}
	if sess.CreatedAt, err = parseTime(created); err != nil {
		return Session{}, Person{}, err
	}
	if sess.ExpiresAt, err = parseTime(expires); err != nil {
		return Session{}, Person{}, err
	}
	return sess, p, nil
}

// DeleteSession ends a session (logout). Ending one that is gone is fine.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, formatTime(s.now()))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// CreateAPIToken stores a token for the person with the given email.
func (s *Store) CreateAPIToken(ctx context.Context, email, name, hash string) (APIToken, error) {
	name = strings.TrimSpace(name)
	if err := checkTitle("name", name); err != nil {
		return APIToken{}, err
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		if ErrorCode(err) == ENOTFOUND {
			return APIToken{}, Invalid("email", "no user with email %s; create one with 'kaigi user add'", email)
		}
		return APIToken{}, err
	}
	t := APIToken{ID: s.newID(), PersonID: u.Person.ID, Name: name, TokenHash: hash, CreatedAt: s.now()}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO api_tokens (id, person_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		t.ID, t.PersonID, t.Name, t.TokenHash, formatTime(t.CreatedAt)); err != nil {
		return APIToken{}, fmt.Errorf("insert API token: %w", err)
	}
	return t, nil
}

// PersonByAPIToken returns the owner of an unrevoked token of an active
// user, and records the token's use (to the minute, so that a busy client
// costs one write a minute, not one per request).
func (s *Store) PersonByAPIToken(ctx context.Context, hash string) (Person, error) {
	var id, lastUsed string
	row := s.reads.QueryRowContext(ctx, `SELECT t.id, coalesce(t.last_used_at, ''),
		p.id, p.name, p.email, p.created_at, p.updated_at, p.deleted_at, p.revision
		FROM api_tokens t JOIN people p ON p.id = t.person_id JOIN users u ON u.person_id = t.person_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND p.deleted_at IS NULL AND u.deactivated_at IS NULL`, hash)
	p, err := scanPerson(prefixScan{row, []any{&id, &lastUsed}})
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Person{}, Errorf(EUNAUTHORIZED, "the API token is unknown or revoked")
		}
		return Person{}, fmt.Errorf("read API token: %w", err)
	}
	if err := s.touch(ctx, "api_tokens", "id", id, lastUsed); err != nil {
		return Person{}, err
	}
	return p, nil
}

// prefixScan scans a row whose first columns go to dest, the rest to the
// caller's Scan.
type prefixScan struct {
	row  interface{ Scan(...any) error }
	dest []any
}

func (p prefixScan) Scan(rest ...any) error { return p.row.Scan(append(p.dest, rest...)...) }

// touch records that a credential was used now, at most once a minute.
func (s *Store) touch(ctx context.Context, table, key, id, lastUsed string) error {
	now := s.now().UTC()
	if lastUsed != "" {
		if t, err := parseTime(lastUsed); err == nil && now.Sub(t) < time.Minute {
			return nil
		}
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE `+table+` SET last_used_at = ? WHERE `+key+` = ?`, formatTime(now), id); err != nil {
		return fmt.Errorf("record use of %s: %w", table, err)
	}
	return nil
}
