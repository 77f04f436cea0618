package data

import (
	"context"
	"database/sql"
	"strings"
)

// listQuery is one list's statement: a table, the filters of the request,
// and the key the list is ordered by (a column that an index of every
// filter ends with, see migration 0008). A page continues after a cursor
// record by comparing keys, so the database starts reading where the page
// starts and stops where it ends; an offset is turned into the key it
// lands on by a walk of the same index, without reading the rows.
type listQuery struct {
	table   string
	columns string
	key     string // what is compared with the cursor: a column or a row value like (name, id)
	keyCols string // the key's columns, as the cursor's subquery selects them
	order   string // the ORDER BY of the key
	after   string // " > " or " < " (descending lists)
	where   []string
	args    []any
}

// newList starts a list of the live rows of table, ordered by a key
// column, descending when desc.
func newList(table, columns, key string, desc bool) *listQuery {
	q := &listQuery{table: table, columns: columns, key: key, keyCols: key, order: key, after: " > ",
		where: []string{"deleted_at IS NULL"}}
	if desc {
		q.order, q.after = key+" DESC", " < "
	}
	return q
}

func (q *listQuery) and(cond string, args ...any) *listQuery {
	q.where, q.args = append(q.where, cond), append(q.args, args...)
	return q
}

// statement returns the SQL and arguments of one page.
func (q *listQuery) statement(p Page) (string, []any) {
	where := strings.Join(q.where, " AND ")
	args := append([]any(nil), q.args...)
	var b strings.Builder
	b.WriteString("SELECT " + q.columns + " FROM " + q.table + " WHERE " + where)
	switch {
	case p.After != "":
		b.WriteString(" AND " + q.key + q.after + "(SELECT " + q.keyCols + " FROM " + q.table + " WHERE id = ?)")
		args = append(args, p.After)
	case p.Offset > 0:
		b.WriteString(" AND " + q.key + q.after + "(SELECT " + q.keyCols + " FROM " + q.table + " WHERE " + where +
			" ORDER BY " + q.order + " LIMIT 1 OFFSET ?)")
		args = append(args, q.args...)
		args = append(args, int64(p.Offset)-1)
	}
	b.WriteString(" ORDER BY " + q.order + " LIMIT ?")
	args = append(args, p.limit())
	return b.String(), args
}

// list runs the page query and scans each row with scan.
func list[T any](ctx context.Context, s *Store, q *listQuery, p Page, scan func(*sql.Rows) (T, error)) ([]T, error) {
	query, args := q.statement(p)
	rows, err := s.reads.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 && p.After != "" {
		return nil, s.checkCursor(ctx, q.table, p.After)
	}
	return out, nil
}

// checkCursor explains an empty page that continued after a record that
// does not exist: the cursor was not one this list gave out.
func (s *Store) checkCursor(ctx context.Context, table, id string) error {
	var n int
	if err := s.reads.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return BadRequest("cursor", "cursor %q is not a record of this list; use the next_cursor of a page", id)
	}
	return nil
}
