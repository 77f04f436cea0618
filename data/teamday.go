package data

import (
	"context"
	"fmt"
	"time"
)

// The team's day. Every "today" kaigi computes (an LADR's or a decision's
// date, overdue tasks, digests, the date in a record's file) is a date in a
// time zone, never UTC by accident: 07:40 on 12-08 in Tokyo is 12-08 there
// although it is still 12-07 in UTC. The zone is the series' when the
// thing belongs to one, else the person's, else the server's (KAIGI_TZ).

// TeamZone is the first of zones (IANA names, most specific first: the
// series', the person's) that names a zone, else fallback, else UTC.
func TeamZone(fallback *time.Location, zones ...string) *time.Location {
	for _, z := range zones {
		if z == "" {
			continue
		}
		if loc, err := time.LoadLocation(z); err == nil {
			return loc
		}
	}
	if fallback == nil {
		return time.UTC
	}
	return fallback
}

// TeamDay is the date of t in TeamZone(fallback, zones...).
func TeamDay(t time.Time, fallback *time.Location, zones ...string) Date {
	return DateOf(t.In(TeamZone(fallback, zones...)))
}

// Zone is the server's time zone (Options.Zone, else UTC).
func (s *Store) Zone() *time.Location { return TeamZone(s.zone) }

// Today is the team's date now for something in series (may be empty)
// done by person (may be empty): the series' zone, else the person's, else
// the server's.
func (s *Store) Today(ctx context.Context, series SeriesID, person PersonID) (Date, error) {
	return s.DayAt(ctx, s.now(), series, person)
}

// DayAt is Today for another moment: the team's date at t (a Notion page's
// creation, say).
func (s *Store) DayAt(ctx context.Context, t time.Time, series SeriesID, person PersonID) (Date, error) {
	var seriesZone string
	if series != "" {
		if err := s.reads.QueryRowContext(ctx, `SELECT coalesce((SELECT time_zone FROM series WHERE id = ?), '')`, series).Scan(&seriesZone); err != nil {
			return Date{}, fmt.Errorf("read series time zone: %w", err)
		}
	}
	personZone, err := s.personZone(ctx, person)
	if err != nil {
		return Date{}, err
	}
	return TeamDay(t, s.zone, seriesZone, personZone), nil
}

// TodayOfEach is Today of each of the series for one person, reading the
// person's zone once however many series there are (home has a card per
// series; the series carry their own zones).
func (s *Store) TodayOfEach(ctx context.Context, series []Series, person PersonID) (map[SeriesID]Date, error) {
	personZone, err := s.personZone(ctx, person)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make(map[SeriesID]Date, len(series))
	for _, sr := range series {
		out[sr.ID] = TeamDay(now, s.zone, sr.TimeZone, personZone)
	}
	return out, nil
}

// personZone is the zone a person set in their settings ("" for none, or
// for no person).
func (s *Store) personZone(ctx context.Context, person PersonID) (string, error) {
	var zone string
	if person == "" {
		return "", nil
	}
	if err := s.reads.QueryRowContext(ctx, `SELECT coalesce((SELECT time_zone FROM users WHERE person_id = ?), '')`, person).Scan(&zone); err != nil {
		return "", fmt.Errorf("read person's time zone: %w", err)
	}
	return zone, nil
}
