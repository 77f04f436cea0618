package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Role is what a user may do: admins also manage users and API tokens.
type Role string

const (
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
)

// ParseRole reads a role from a form.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.TrimSpace(s)); r {
	case RoleAdmin, RoleMember:
		return r, nil
	case "":
		return RoleMember, nil
	}
	return "", Invalid("role", "the role must be admin or member, not %q", s)
}

// Settings are a user's own choices.
type Settings struct {
	Lang        string // "en" or "ja"; "" follows the browser's Accept-Language
	TimeZone    string // an IANA zone; "" is the server's
	DigestMail  bool   // a daily digest of overdue and due-soon tasks by mail
	DigestSlack bool   // the same posted to the team's Slack-compatible webhook
	DigestHour  int    // the hour of the day (in TimeZone) the digest goes out
}

// Validate checks the settings a person sent.
func (st Settings) Validate() error {
	switch st.Lang {
	case "", "en", "ja":
	default:
		return Invalid("lang", "the language must be ja, en or empty (the browser's), not %q", st.Lang)
	}
	if st.TimeZone != "" {
		if _, err := time.LoadLocation(st.TimeZone); err != nil || strings.EqualFold(st.TimeZone, "local") {
			return Invalid("time_zone", "unknown time zone %q (use a name like Asia/Tokyo)", st.TimeZone)
		}
	}
	if st.DigestHour < 0 || st.DigestHour > 23 {
		return Invalid("digest_hour", "the digest hour must be 0 to 23")
	}
	return nil
}

// Account is a user as the admin pages and the digest job see them.
type Account struct {
	Person        Person
	Role          Role
	Settings      Settings
	CreatedAt     time.Time
	DeactivatedAt time.Time // zero while the user may log in
	LastLoginAt   time.Time // the newest live session's start; zero if none
}

// Active reports whether the user may log in.
func (a Account) Active() bool { return a.DeactivatedAt.IsZero() }

const accountSelect = `SELECT p.id, p.name, p.email, p.created_at, p.updated_at, p.deleted_at, p.revision,
	u.role, u.lang, u.time_zone, u.digest_mail, u.digest_slack, u.digest_hour, u.created_at, coalesce(u.deactivated_at, ''),
	coalesce((SELECT max(s.created_at) FROM sessions s WHERE s.person_id = u.person_id), '')
	FROM users u JOIN people p ON p.id = u.person_id`

func scanAccount(sc interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var created, deactivated, login string
	var email sql.NullString
	var m metaCols
	dest := append([]any{&a.Person.ID, &a.Person.Name, &email}, m.dest()...)
	dest = append(dest, &a.Role, &a.Settings.Lang, &a.Settings.TimeZone, &a.Settings.DigestMail, &a.Settings.DigestSlack,
		&a.Settings.DigestHour, &created, &deactivated, &login)
	if err := sc.Scan(dest...); err != nil {
		return a, err
	}
	a.Person.Email = email.String
	var err error
	if a.Person.Meta, err = m.meta(); err != nil {
		return a, err
	}
	if a.CreatedAt, err = parseTime(created); err != nil {
		return a, err
	}
	for _, f := range []struct {
		s  string
		to *time.Time
	}{{deactivated, &a.DeactivatedAt}, {login, &a.LastLoginAt}} {
		if f.s != "" {
			if *f.to, err = parseTime(f.s); err != nil {
				return a, err
			}
		}
	}
	return a, nil
}

// Accounts lists every user, active ones first, by name.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	return s.accounts(ctx, accountSelect+` ORDER BY u.deactivated_at IS NOT NULL, p.name, p.id`)
}

func (s *Store) accounts(ctx context.Context, query string, args ...any) ([]Account, error) {
	rows, err := s.reads.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("scan user: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Account returns one user.
func (s *Store) Account(ctx context.Context, id PersonID) (Account, error) {
	a, err := scanAccount(s.reads.QueryRowContext(ctx, accountSelect+` WHERE u.person_id = ?`, id))
	return a, notFound(err, "user", id)
}

// SetRole makes a user an admin or a member. The last active admin stays
// one, so that someone can always manage users.
func (s *Store) SetRole(ctx context.Context, id PersonID, role Role) error {
	if _, err := ParseRole(string(role)); err != nil || role == "" {
		return Invalid("role", "the role must be admin or member, not %q", role)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if role == RoleMember {
			if err := keepAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		return execOne(ctx, tx, "user", id, `UPDATE users SET role = ? WHERE person_id = ?`, role, id)
	})
}

// SetActive deactivates a user (their sessions end at once; their API
// tokens and calendar address stop working while they are inactive) or
// lets them log in again.
func (s *Store) SetActive(ctx context.Context, id PersonID, active bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if active {
			return execOne(ctx, tx, "user", id, `UPDATE users SET deactivated_at = NULL WHERE person_id = ?`, id)
		}
		if err := keepAnAdmin(ctx, tx, id); err != nil {
			return err
		}
		if err := execOne(ctx, tx, "user", id, `UPDATE users SET deactivated_at = coalesce(deactivated_at, ?) WHERE person_id = ?`,
			formatTime(s.now()), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = ?`, id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return nil
	})
}

// keepAnAdmin refuses to take away the admin role or activity of id when id
// is the only active admin.
func keepAnAdmin(ctx context.Context, tx *sql.Tx, id PersonID) error {
	var others, self int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE person_id <> ?), count(*) FILTER (WHERE person_id = ?)
		FROM users WHERE role = 'admin' AND deactivated_at IS NULL`, id, id).Scan(&others, &self)
	if err != nil {
		return fmt.Errorf("count admins: %w", err)
	}
	if self > 0 && others == 0 {
		return &Error{Code: ECONFLICT, Field: "last_admin", Message: "this is the only active admin; make someone else an admin first"}
	}
	return nil
}

// UpdateSettings saves a user's own choices.
func (s *Store) UpdateSettings(ctx context.Context, id PersonID, st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, "user", id, `UPDATE users SET lang = ?, time_zone = ?, digest_mail = ?, digest_slack = ?, digest_hour = ?
			WHERE person_id = ?`, st.Lang, st.TimeZone, st.DigestMail, st.DigestSlack, st.DigestHour, id)
	})
}

// execOne runs an update that must change exactly one row of what.
func execOne(ctx context.Context, tx *sql.Tx, what string, id any, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("update %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update %s: %w", what, err)
	} else if n == 0 {
		return Errorf(ENOTFOUND, "%s %v not found", what, id)
	}
	return nil
}

// APITokenRow is a token as the admin page lists it.
type APITokenRow struct {
	APIToken
	Owner string
}

// APITokens lists every API token, live ones first, newest first.
func (s *Store) APITokens(ctx context.Context) ([]APITokenRow, error) {
	rows, err := s.reads.QueryContext(ctx, `SELECT t.id, t.person_id, t.name, t.created_at, coalesce(t.last_used_at, ''),
		coalesce(t.revoked_at, ''), p.name FROM api_tokens t JOIN people p ON p.id = t.person_id
		ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC, t.id`)
	if err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	defer rows.Close()
	var out []APITokenRow
	for rows.Next() {
		var r APITokenRow
		var created, used, revoked string
		if err := rows.Scan(&r.ID, &r.PersonID, &r.Name, &created, &used, &revoked, &r.Owner); err != nil {
			return nil, fmt.Errorf("scan API token: %w", err)
		}
		if r.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if r.LastUsedAt, err = parseOptionalTime(used); err != nil {
			return nil, err
		}
		if r.RevokedAt, err = parseOptionalTime(revoked); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RevokeAPIToken stops a token at once. Revoking a revoked one is fine.
func (s *Store) RevokeAPIToken(ctx context.Context, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, "API token", id, `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`,
			formatTime(s.now()), id)
	})
}

func parseOptionalTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseTime(s)
}

// errNoRows tells a missing row from a failure.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
