package data

import (
	"context"
	"fmt"
)

// SeriesCounts is what the home page says of a series beside its next
// meeting: the agendas on that meeting's list and the backlog's size (the
// open agendas no planned meeting holds, as Backlog lists them).
type SeriesCounts struct {
	NextAgendas int
	Backlog     int
}

// HomeCounts counts, for every live series, its next meeting's agendas
// (the next meeting as NextMeetings reads it) and its backlog, in one query.
func (s *Store) HomeCounts(ctx context.Context) (map[SeriesID]SeriesCounts, error) {
	rows, err := s.reads.QueryContext(ctx, homeCountsSQL)
	if err != nil {
		return nil, fmt.Errorf("home counts: %w", err)
	}
	defer rows.Close()
	out := map[SeriesID]SeriesCounts{}
	for rows.Next() {
		var id SeriesID
		var c SeriesCounts
		if err := rows.Scan(&id, &c.NextAgendas, &c.Backlog); err != nil {
			return nil, fmt.Errorf("scan home counts: %w", err)
		}
		out[id] = c
	}
	return out, rows.Err()
}

const homeCountsSQL = `SELECT s.id,
	(SELECT count(*) FROM discussions d JOIN agendas a ON a.id = d.agenda_id AND a.deleted_at IS NULL
		WHERE d.meeting_id = (SELECT m.id FROM meetings m WHERE m.series_id = s.id AND m.state = 'planned' AND m.deleted_at IS NULL
			ORDER BY m.starts_at LIMIT 1)),
	(SELECT count(*) FROM agendas a
		WHERE a.series_id = s.id AND a.list_key < '1' AND a.deleted_at IS NULL
		  AND NOT EXISTS (SELECT 1 FROM discussions d JOIN meetings o ON o.id = d.meeting_id
			WHERE d.agenda_id = a.id AND o.state = 'planned' AND o.deleted_at IS NULL))
	FROM series s WHERE s.deleted_at IS NULL`
