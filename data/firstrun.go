package data

import (
	"context"
	"database/sql"
	"fmt"
)

// CreateFirstAdmin makes p the first user, an admin, in one transaction
// that refuses once anyone can log in: the setup address of an empty
// database works for one person only, even when two browsers send it at
// the same moment.
func (s *Store) CreateFirstAdmin(ctx context.Context, p *Person, passwordHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
			return fmt.Errorf("count users: %w", err)
		}
		if n > 0 {
			return ErrSetupDone()
		}
		return s.createUser(ctx, tx, p, passwordHash, RoleAdmin)
	})
}

// ErrSetupDone is what the setup address answers once a user exists.
func ErrSetupDone() error {
	return &Error{Code: ENOTFOUND, Field: "setup", Message: "kaigi is set up already: this setup address worked once; log in instead"}
}

// SetPassword stores a user's new password hash and ends their sessions
// except keepSession (the browser that changed it; "" ends them all).
func (s *Store) SetPassword(ctx context.Context, id PersonID, passwordHash, keepSession string) error {
	if passwordHash == "" {
		return Invalid("password", "a password is required")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, "active user", id, `UPDATE users SET password_hash = ? WHERE person_id = ? AND deactivated_at IS NULL`,
			passwordHash, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = ? AND token_hash <> ?`, id, keepSession); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return nil
	})
}
