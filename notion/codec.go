package notion

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// fieldIssue is why kaigi cannot take one field of a page (or cannot write
// one field of a record): the field is held, the rest syncs.
type fieldIssue struct {
	kind    string // "value", "invalid", "option", "waits"
	message string
	fix     string
}

// decoded is a page's mapped properties in kaigi's terms.
type decoded struct {
	fields  merge.Fields
	issues  map[string]fieldIssue // fields kaigi cannot read, by name
	waiting []string              // related pages that have no record yet
}

// decode reads a page's mapped properties as Fields in kaigi's terms:
// options through the value map, people by email, relations by link. An
// empty value reads as the field's default, so kaigi never writes one into
// a page that left it empty. The body is filled in by the caller.
func (e *Engine) decode(ctx context.Context, spec EntitySpec, fields []FieldSpec, pg api.Page) (decoded, error) {
	dc := e.cfg.Databases[spec.Entity]
	d := decoded{fields: merge.Fields{}, issues: map[string]fieldIssue{}}
	for _, f := range fields {
		if f.Kind == KindBody {
			continue
		}
		name := dc.Properties[f.Name]
		v, ok := pg.Properties[name]
		if !ok {
			return d, &api.ConfigError{Field: "mapping", Message: fmt.Sprintf("property %q (kaigi field %s) is missing from the %s database in Notion; it was renamed or deleted — map it again with 'kaigi notion adopt' or restore it", name, f.Name, spec.Title)}
		}
		if err := e.decodeField(ctx, spec, f, pg, v, &d); err != nil {
			return d, err
		}
	}
	if err := e.createdDays(ctx, spec, fields, pg, &d); err != nil {
		return d, err
	}
	if pg.Trashed() {
		d.fields[merge.Deleted] = "true"
	}
	return d, nil
}

func (e *Engine) decodeField(ctx context.Context, spec EntitySpec, f FieldSpec, pg api.Page, v api.PropValue, d *decoded) error {
	switch f.Kind {
	case KindID, KindText:
		d.fields[f.Name] = orDefault(api.PlainText(v.RichText), f.Default)
	case KindTitle:
		d.fields[f.Name] = api.PlainText(v.Title)
	case KindSelect:
		return e.decodeOption(ctx, spec, f, pg, v, d)
	case KindDate, KindDateTime, KindEnd:
		d.fields[f.Name] = dateField(f, v, pg.CreatedTime)
	case KindNumber:
		d.fields[f.Name] = ""
		if v.Number != nil {
			d.fields[f.Name] = strconv.FormatFloat(*v.Number, 'f', -1, 64)
		}
	case KindPeople:
		var ids []string
		for _, u := range v.People {
			email := ""
			if u.Person != nil {
				email = u.Person.Email
			}
			id, err := e.personByNotionUser(ctx, u.ID, email, pg.ID)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		d.fields[f.Name] = joinList(ids)
	case KindRelation:
		return e.decodeRelation(ctx, f, pg, v, d)
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" && def != pageCreated {
		return def
	}
	return v
}

// dateField normalizes a date: date-only stays YYYY-MM-DD, a date with time
// becomes UTC RFC 3339 with seconds; an end is the date's end. A required
// date left empty reads as when the page was made.
func dateField(f FieldSpec, v api.PropValue, created time.Time) string {
	start, end := "", ""
	if v.Date != nil {
		start, end = v.Date.Start, v.Date.End
	}
	switch {
	case f.Kind == KindEnd:
		return dateValue(KindDateTime, end)
	case start == "" && f.Default == pageCreated && f.Kind == KindDate:
		return data.DateOf(created).String()
	case start == "" && f.Default == pageCreated:
		return created.UTC().Truncate(time.Minute).Format(time.RFC3339)
	}
	return dateValue(f.Kind, start)
}

// dateValue normalizes a Notion date start: date-only stays YYYY-MM-DD,
// a date with time becomes UTC RFC 3339 with seconds.
func dateValue(kind Kind, start string) string {
	if start == "" {
		return ""
	}
	if kind == KindDate {
		if len(start) >= 10 {
			return start[:10]
		}
		return start
	}
	if t, err := time.Parse(time.RFC3339Nano, start); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	if t, err := time.Parse(time.DateOnly, start); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return start
}

// encoded is what a create or update request writes.
type encoded struct {
	props   map[string]any
	written merge.Fields          // what Notion will hold, in kaigi's terms
	issues  map[string]fieldIssue // fields kaigi cannot write
	notes   []string              // options kaigi added to a team's select
}

// encode builds the properties of a create or update request for the
// changed fields of local, the record as it can reach Notion. written leaves
// out relations to records without a page yet and people without a Notion
// account (sendable left them out already).
func (e *Engine) encode(ctx context.Context, spec EntitySpec, changed, local merge.Fields) (encoded, error) {
	dc := e.cfg.Databases[spec.Entity]
	out := encoded{props: map[string]any{}, written: merge.Fields{}, issues: map[string]fieldIssue{}}
	for _, name := range sortedFieldNames(changed) {
		v := changed[name]
		fs, ok := spec.Field(name)
		prop, mapped := dc.Properties[name]
		if !ok || !mapped || fs.Kind == KindBody {
			continue
		}
		out.written[name] = v
		switch fs.Kind {
		case KindID, KindText:
			out.props[prop] = map[string]any{"rich_text": blocks.TextItems(v)}
		case KindTitle:
			out.props[prop] = map[string]any{"title": blocks.TextItems(v)}
		case KindSelect:
			if err := e.encodeOption(ctx, spec, fs, v, &out); err != nil {
				return out, err
			}
		case KindDate:
			out.props[prop] = api.DateValue(v)
		case KindDateTime, KindEnd:
			if err := e.encodeSpan(ctx, spec, fs, local, &out); err != nil {
				return out, err
			}
		case KindNumber:
			out.props[prop] = api.NumberValue(v)
		case KindPeople:
			users, kept, err := e.notionPeople(ctx, v, pushKey(spec.Entity, local[idField.Name]))
			if err != nil {
				return out, err
			}
			out.props[prop] = api.RefsValue("people", users)
			out.written[name] = joinList(kept)
		case KindRelation:
			pages, kept, err := e.relationPages(ctx, fs, v)
			if err != nil {
				return out, err
			}
			out.props[prop] = api.RefsValue("relation", pages)
			out.written[name] = joinList(kept)
		}
	}
	return out, nil
}

func sortedFieldNames(f merge.Fields) []string {
	out := make([]string, 0, len(f))
	for k := range f {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// encodeSpan writes a meeting's start and end as one date in its series'
// time zone; either field changing writes both.
func (e *Engine) encodeSpan(ctx context.Context, spec EntitySpec, fs FieldSpec, local merge.Fields, out *encoded) error {
	dc := e.cfg.Databases[spec.Entity]
	startField, endField := fs.Name, ""
	if fs.Kind == KindEnd {
		startField = fs.Pair
	}
	for _, f := range spec.Fields {
		if f.Kind == KindEnd && f.Pair == startField {
			if _, ok := dc.Properties[f.Name]; ok {
				endField = f.Name
			}
		}
	}
	start, _ := timeOf(local[startField])
	var end time.Time
	if endField != "" {
		end, _ = timeOf(local[endField])
		out.written[endField] = local[endField]
	}
	out.written[startField] = local[startField]
	zone, err := e.zoneOf(ctx, local["series"])
	if err != nil {
		return err
	}
	out.props[dc.Properties[startField]] = api.DateRange(start, end, zone)
	return nil
}

// zoneOf is the time zone of a series (UTC when unknown).
func (e *Engine) zoneOf(ctx context.Context, series string) (*time.Location, error) {
	if series == "" {
		id, err := e.defaultSeries(ctx)
		if err != nil {
			return nil, err
		}
		series = string(id)
	}
	sr, err := e.store.Series(ctx, data.SeriesID(series))
	if data.ErrorCode(err) == data.ENOTFOUND {
		return time.UTC, nil
	}
	if err != nil {
		return nil, err
	}
	if loc, err := time.LoadLocation(sr.TimeZone); err == nil {
		return loc, nil
	}
	return time.UTC, nil
}

// relationPages maps relation members to their pages; members without a
// page yet are left out.
func (e *Engine) relationPages(ctx context.Context, fs FieldSpec, v string) (pages, kept []string, err error) {
	for _, id := range splitList(v) {
		l, ok, err := e.state.LinkByLocal(ctx, fs.Target, id)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			pages, kept = append(pages, l.PageID), append(kept, id)
		}
	}
	return pages, kept, nil
}

// splitList and joinList keep multi-valued fields (people, relations) as
// one sorted, comma-separated string, so that equal sets compare equal.
func splitList(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

func joinList(ids []string) string {
	seen := map[string]bool{}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
