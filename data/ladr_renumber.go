package data

import (
	"context"
	"database/sql"
	"fmt"
)

// RenumberLADR gives a record another number: the number its file took
// when the one it had was used meanwhile on another branch. The new number
// must be free.
func (s *Store) RenumberLADR(ctx context.Context, id LADRID, number int) error {
	if number < 0 {
		return Invalid("number", "LADR numbers start at 0")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var other LADRID
		err := tx.QueryRowContext(ctx, `SELECT id FROM ladrs WHERE number = ?`, number).Scan(&other)
		switch {
		case err == nil && other != id:
			return &Error{Code: ECONFLICT, Field: "number", Message: fmt.Sprintf("LADR number %d is already taken", number)}
		case err != nil && err != sql.ErrNoRows:
			return fmt.Errorf("check LADR number: %w", err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE ladrs SET number = ? WHERE id = ? AND deleted_at IS NULL`, number, id)
		if err != nil {
			return fmt.Errorf("renumber LADR: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(ENOTFOUND, "LADR %s not found", id)
		}
		_, err = s.journal(ctx, tx, EntityLADR, string(id), "update")
		return err
	})
}
