package notion

import (
	"context"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// createdDay is the team's day a page was made on, for a required date
// the page leaves empty (an LADR's date, a decision's): the day in the
// zone of the series its agenda or meeting belongs to, else the server's
// (KAIGI_TZ), never UTC's by accident. Who made the page in Notion is not
// a kaigi person, so no person's zone takes part.
func (l localRecords) createdDay(ctx context.Context, created time.Time, f merge.Fields) (data.Date, error) {
	var series data.SeriesID
	if a, err := l.store.Agenda(ctx, data.AgendaID(f["agenda"])); f["agenda"] != "" && err == nil {
		series = a.SeriesID
	} else if m, err := l.store.Meeting(ctx, data.MeetingID(f["meeting"])); f["meeting"] != "" && err == nil {
		series = m.SeriesID
	}
	return l.store.DayAt(ctx, created, series, "")
}

// createdDays redates the date-only fields of a decoded page that read
// as the day it was made (see codec's dateField) by the team's day of that moment.
func (e *Engine) createdDays(ctx context.Context, spec EntitySpec, fields []FieldSpec, pg api.Page, d *codec.Decoded) error {
	dc := e.cfg.Databases[spec.Entity]
	for _, f := range fields {
		if f.Kind != KindDate || f.Default != codec.PageCreated {
			continue
		}
		if v, ok := pg.Properties[dc.Properties[f.Name]]; !ok || v.Date != nil && v.Date.Start != "" {
			continue
		}
		day, err := e.records.createdDay(ctx, pg.CreatedTime, d.Fields)
		if err != nil {
			return err
		}
		d.Fields[f.Name] = day.String()
	}
	return nil
}
