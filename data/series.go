package data

import (
	"context"
	"database/sql"
	"fmt"
)

const seriesColumns = "id, name, schedule, time_zone, priority_words, " + metaColumns

func scanSeries(sc interface{ Scan(...any) error }) (Series, error) {
	var s Series
	var m metaCols
	if err := sc.Scan(append([]any{&s.ID, &s.Name, &s.Schedule, &s.TimeZone, &s.PriorityWords}, m.dest()...)...); err != nil {
		return s, err
	}
	var err error
	s.Meta, err = m.meta()
	return s, err
}

// CreateSeries adds a recurring meeting.
func (s *Store) CreateSeries(ctx context.Context, sr *Series) error {
	if err := sr.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if id, err := s.replayed(ctx, tx, EntitySeries); err != nil || id != "" {
			if err == nil {
				*sr, err = seriesIn(ctx, tx, SeriesID(id))
			}
			return err
		}
		sr.ID = SeriesID(s.newID())
		now := formatTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO series (id, name, schedule, time_zone, priority_words, created_at, updated_at, revision)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0)`, sr.ID, sr.Name, sr.Schedule, sr.TimeZone, sr.PriorityWords, now, now); err != nil {
			return fmt.Errorf("insert series: %w", err)
		}
		if err := replacePeople(ctx, tx, "series_attendees", "series_id", string(sr.ID), "default_attendees", sr.DefaultAttendees); err != nil {
			return err
		}
		if err := saveStandingItems(ctx, tx, sr); err != nil {
			return err
		}
		if _, err := s.journal(ctx, tx, EntitySeries, string(sr.ID), "create"); err != nil {
			return err
		}
		if err := s.claim(ctx, tx, EntitySeries, string(sr.ID)); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntitySeries, string(sr.ID), &sr.Meta)
	})
}

// seriesIn reads a series with its attendees inside a transaction.
func seriesIn(ctx context.Context, q Queryer, id SeriesID) (Series, error) {
	sr, err := scanSeries(q.QueryRowContext(ctx, `SELECT `+seriesColumns+` FROM series WHERE id = ?`, id))
	if err != nil {
		return sr, notFound(err, "series", id)
	}
	if sr.DefaultAttendees, err = queryIDs[PersonID](ctx, q, `SELECT person_id FROM series_attendees WHERE series_id = ? ORDER BY person_id`, id); err != nil {
		return sr, err
	}
	sr.StandingItems, err = standingItems(ctx, q, id)
	return sr, err
}

// UpdateSeries saves a changed name, schedule, time zone or attendees.
func (s *Store) UpdateSeries(ctx context.Context, sr *Series) error {
	if err := sr.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkRevision(ctx, tx, EntitySeries, string(sr.ID), sr.Revision); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE series SET name = ?, schedule = ?, time_zone = ?, priority_words = ? WHERE id = ?`,
			sr.Name, sr.Schedule, sr.TimeZone, sr.PriorityWords, sr.ID); err != nil {
			return fmt.Errorf("update series: %w", err)
		}
		if err := replacePeople(ctx, tx, "series_attendees", "series_id", string(sr.ID), "default_attendees", sr.DefaultAttendees); err != nil {
			return err
		}
		if err := saveStandingItems(ctx, tx, sr); err != nil {
			return err
		}
		if _, err := s.journal(ctx, tx, EntitySeries, string(sr.ID), "update"); err != nil {
			return err
		}
		return stampMeta(ctx, tx, EntitySeries, string(sr.ID), &sr.Meta)
	})
}

// Series returns one series with its default attendees and standing items.
func (s *Store) Series(ctx context.Context, id SeriesID) (Series, error) {
	return seriesIn(ctx, s.reads, id)
}

// saveStandingItems replaces a series' standing items, unless the write
// left them nil (a sync or an API client that does not know them).
func saveStandingItems(ctx context.Context, tx *sql.Tx, sr *Series) error {
	if sr.StandingItems == nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM series_standing_items WHERE series_id = ?`, sr.ID); err != nil {
		return fmt.Errorf("clear standing items: %w", err)
	}
	for i, title := range sr.StandingItems {
		if _, err := tx.ExecContext(ctx, `INSERT INTO series_standing_items (series_id, position, title) VALUES (?, ?, ?)`,
			sr.ID, i+1, title); err != nil {
			return fmt.Errorf("save standing item: %w", err)
		}
	}
	return nil
}

func standingItems(ctx context.Context, q Queryer, id SeriesID) ([]string, error) {
	return queryIDs[string](ctx, q, `SELECT title FROM series_standing_items WHERE series_id = ? ORDER BY position`, id)
}

// ListSeries lists live series by name.
func (s *Store) ListSeries(ctx context.Context) ([]Series, error) {
	query, args := seriesList().statement(Page{Limit: maxPageSize})
	rows, err := s.reads.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	defer rows.Close()
	var out []Series
	for rows.Next() {
		sr, err := scanSeries(rows)
		if err != nil {
			return nil, fmt.Errorf("scan series: %w", err)
		}
		out = append(out, sr)
	}
	return out, rows.Err()
}

// SeriesPage lists one page of live series by name (without attendees).
func (s *Store) SeriesPage(ctx context.Context, p Page) ([]Series, error) {
	out, err := list(ctx, s, seriesList(), p, func(r *sql.Rows) (Series, error) { return scanSeries(r) })
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	return out, nil
}

// seriesList is every live series by name. Teams have a handful; the list
// is paged only for the API.
func seriesList() *listQuery {
	q := newList("series", seriesColumns, "(name, id)", false)
	q.keyCols, q.order = "name, id", "name, id"
	return q
}
