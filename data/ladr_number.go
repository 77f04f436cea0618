package data

import (
	"context"
	"database/sql"
	"fmt"
)

// MoveLADRNumber gives a record another number that no record has ever
// used: the number it had was only kaigi's (its file carries none, or
// another), and the folder's next record takes it. It returns the new
// number.
func (s *Store) MoveLADRNumber(ctx context.Context, id LADRID) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM ladrs`).Scan(&n); err != nil {
			return fmt.Errorf("next LADR number: %w", err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE ladrs SET number = ? WHERE id = ?`, n, id)
		if err != nil {
			return fmt.Errorf("renumber LADR: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return Errorf(ENOTFOUND, "no LADR %s", id)
		}
		_, err = s.journal(ctx, tx, EntityLADR, string(id), "update")
		return err
	})
	return n, err
}
