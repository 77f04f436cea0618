package codec

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// Encoded is what a create or update request writes.
type Encoded struct {
	Props   map[string]any
	Written merge.Fields          // what Notion will hold, in kaigi's terms
	Issues  map[string]FieldIssue // fields kaigi cannot write
	Notes   []string              // options kaigi added to a team's select
}

// Encode builds the properties of a create or update request for the
// changed fields of local, the record as it can reach Notion. Written leaves
// out relations to records without a page yet and people without a Notion
// account (Sendable left them out already).
func (c Codec) Encode(ctx context.Context, spec EntitySpec, changed, local merge.Fields) (Encoded, error) {
	m := c.Resolver.Mapping(spec.Entity)
	out := Encoded{Props: map[string]any{}, Written: merge.Fields{}, Issues: map[string]FieldIssue{}}
	for _, name := range sortedFieldNames(changed) {
		v := changed[name]
		fs, ok := spec.Field(name)
		prop, mapped := m.Properties[name]
		if !ok || !mapped || fs.Kind == KindBody {
			continue
		}
		out.Written[name] = v
		switch fs.Kind {
		case KindID, KindText:
			out.Props[prop] = map[string]any{"rich_text": blocks.TextItems(v)}
		case KindTitle:
			out.Props[prop] = map[string]any{"title": blocks.TextItems(v)}
		case KindSelect:
			if err := c.encodeOption(ctx, spec, fs, v, &out); err != nil {
				return out, err
			}
		case KindDate:
			out.Props[prop] = api.DateValue(v)
		case KindDateTime, KindEnd:
			if err := c.encodeSpan(ctx, spec, fs, local, &out); err != nil {
				return out, err
			}
		case KindNumber:
			out.Props[prop] = api.NumberValue(v)
		case KindPeople:
			users, kept, err := c.notionPeople(ctx, spec, v, local[IDField.Name])
			if err != nil {
				return out, err
			}
			out.Props[prop] = api.RefsValue("people", users)
			out.Written[name] = JoinList(kept)
		case KindRelation:
			pages, kept, err := c.relationPages(ctx, fs, v)
			if err != nil {
				return out, err
			}
			out.Props[prop] = api.RefsValue("relation", pages)
			out.Written[name] = JoinList(kept)
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
func (c Codec) encodeSpan(ctx context.Context, spec EntitySpec, fs FieldSpec, local merge.Fields, out *Encoded) error {
	m := c.Resolver.Mapping(spec.Entity)
	startField, endField := fs.Name, ""
	if fs.Kind == KindEnd {
		startField = fs.Pair
	}
	for _, f := range spec.Fields {
		if f.Kind == KindEnd && f.Pair == startField {
			if _, ok := m.Properties[f.Name]; ok {
				endField = f.Name
			}
		}
	}
	start, _ := TimeOf(local[startField])
	var end time.Time
	if endField != "" {
		end, _ = TimeOf(local[endField])
		out.Written[endField] = local[endField]
	}
	out.Written[startField] = local[startField]
	zone, err := c.Resolver.Zone(ctx, local["series"])
	if err != nil {
		return err
	}
	out.Props[m.Properties[startField]] = api.DateRange(start, end, zone)
	return nil
}

// TimeOf reads a date-time field's value (RFC 3339; "" is the zero time).
func TimeOf(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, v)
}

// notionPeople is a people field's value as it can reach Notion: the
// Notion users of the persons that have one, and those persons. The record
// (spec's, id) waits for the persons who have none.
func (c Codec) notionPeople(ctx context.Context, spec EntitySpec, v, id string) (users, kept []string, err error) {
	for _, person := range SplitList(v) {
		uid, err := c.Resolver.NotionUser(ctx, person, spec.Entity, id)
		if err != nil {
			return nil, nil, err
		}
		if uid != "" {
			users, kept = append(users, uid), append(kept, person)
		}
	}
	return users, kept, nil
}

// relationPages maps relation members to their pages; members without a
// page yet are left out.
func (c Codec) relationPages(ctx context.Context, fs FieldSpec, v string) (pages, kept []string, err error) {
	for _, id := range SplitList(v) {
		page, ok, err := c.Resolver.Page(ctx, fs.Target, id)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			pages, kept = append(pages, page), append(kept, id)
		}
	}
	return pages, kept, nil
}

// SplitList and JoinList keep multi-valued fields (people, relations) as
// one sorted, comma-separated string, so that equal sets compare equal.
func SplitList(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// JoinList is SplitList's inverse: sorted, without repeats or empty IDs.
func JoinList(ids []string) string {
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
