package codec

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// Decoded is a page's mapped properties in kaigi's terms.
type Decoded struct {
	Fields  merge.Fields
	Issues  map[string]FieldIssue // fields kaigi cannot read, by name
	Waiting []string              // related pages that have no record yet
}

// Decode reads a page's mapped properties as Fields in kaigi's terms:
// options through the value map, people by email, relations by link. An
// empty value reads as the field's default, so kaigi never writes one into
// a page that left it empty. The body is filled in by the caller.
func (c Codec) Decode(ctx context.Context, spec EntitySpec, fields []FieldSpec, pg api.Page) (Decoded, error) {
	m := c.Resolver.Mapping(spec.Entity)
	d := Decoded{Fields: merge.Fields{}, Issues: map[string]FieldIssue{}}
	for _, f := range fields {
		if f.Kind == KindBody {
			continue
		}
		name := m.Properties[f.Name]
		v, ok := pg.Properties[name]
		if !ok {
			return d, &api.ConfigError{Field: "mapping", Message: fmt.Sprintf("property %q (kaigi field %s) is missing from the %s database in Notion; it was renamed or deleted — map it again with 'kaigi notion adopt' or restore it", name, f.Name, spec.Title)}
		}
		if err := c.decodeField(ctx, spec, f, pg, v, &d); err != nil {
			return d, err
		}
	}
	if pg.Trashed() {
		d.Fields[merge.Deleted] = "true"
	}
	return d, nil
}

// DecodeHeld reads the named fields of a page kaigi just made: what Notion
// made of the fields kaigi could not write (a status starts at its first
// option).
func (c Codec) DecodeHeld(ctx context.Context, spec EntitySpec, pg api.Page, fields []string) (merge.Fields, error) {
	m := c.Resolver.Mapping(spec.Entity)
	d := Decoded{Fields: merge.Fields{}, Issues: map[string]FieldIssue{}}
	for _, name := range fields {
		fs, _ := spec.Field(name)
		if err := c.decodeField(ctx, spec, fs, pg, pg.Properties[m.Properties[name]], &d); err != nil {
			return nil, err
		}
	}
	return d.Fields, nil
}

func (c Codec) decodeField(ctx context.Context, spec EntitySpec, f FieldSpec, pg api.Page, v api.PropValue, d *Decoded) error {
	switch f.Kind {
	case KindID, KindText:
		d.Fields[f.Name] = orDefault(api.PlainText(v.RichText), f.Default)
	case KindTitle:
		d.Fields[f.Name] = api.PlainText(v.Title)
	case KindSelect:
		return c.decodeOption(ctx, spec, f, pg, v, d)
	case KindDate, KindDateTime, KindEnd:
		d.Fields[f.Name] = dateField(f, v, pg.CreatedTime)
	case KindNumber:
		d.Fields[f.Name] = ""
		if v.Number != nil {
			d.Fields[f.Name] = strconv.FormatFloat(*v.Number, 'f', -1, 64)
		}
	case KindPeople:
		var ids []string
		for _, u := range v.People {
			email := ""
			if u.Person != nil {
				email = u.Person.Email
			}
			id, err := c.Resolver.Person(ctx, u.ID, email, pg.ID)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		d.Fields[f.Name] = JoinList(ids)
	case KindRelation:
		return c.decodeRelation(ctx, f, pg, v, d)
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" && def != PageCreated {
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
	case start == "" && f.Default == PageCreated && f.Kind == KindDate:
		return data.DateOf(created).String()
	case start == "" && f.Default == PageCreated:
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

// decodeRelation reads a relation's members as records. A related page kaigi
// cannot take yet holds the field: it waits for that page.
func (c Codec) decodeRelation(ctx context.Context, f FieldSpec, pg api.Page, v api.PropValue, d *Decoded) error {
	pageIDs := make([]string, 0, len(v.Relation))
	for _, r := range v.Relation {
		pageIDs = append(pageIDs, r.ID)
	}
	if v.HasMore {
		all, err := c.Resolver.RelationIDs(ctx, pg.ID, v.ID)
		if err != nil {
			return err
		}
		pageIDs = all
	}
	var ids []string
	for _, pid := range pageIDs {
		id, waits, err := c.Resolver.Record(ctx, f.Target, pid, pg.ID)
		if err != nil {
			return err
		}
		if waits {
			d.Waiting = append(d.Waiting, pid)
			d.Issues[f.Name] = FieldIssue{Kind: "waits",
				Message: fmt.Sprintf("%s of page %q names a page kaigi cannot take yet (%s)", f.Name, pg.ID, pid),
				Fix:     "fix that page (it has a problem of its own); this relation syncs once it does"}
			continue
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	d.Fields[f.Name] = JoinList(ids)
	return nil
}
