package codec

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// notionStatus are the options Notion gives every new status property.
var notionStatus = []api.Option{{ID: "st-1", Name: "Not started", Group: "To-do"}, {ID: "st-2", Name: "In progress", Group: "In progress"}, {ID: "st-3", Name: "Done", Group: "Complete"}}

// workspace maps every entity as init makes it in lang: init's property and
// option names, a status for tasks' state, option IDs, value maps as init
// proposes them.
func workspace(t *testing.T, lang Lang) *tables {
	t.Helper()
	tb := newTables()
	for _, spec := range Specs {
		names := NamesOf(lang, spec.Entity)
		m := &Mapping{Properties: map[string]string{}, Types: map[string]string{}, Values: map[string]ValueMap{}}
		db := api.Database{ID: "db-" + string(spec.Entity), Properties: map[string]api.Property{}}
		for i, f := range spec.Fields {
			if f.Kind == KindBody {
				continue
			}
			name := names.Props[f.Name]
			if f.Kind == KindID {
				name = IDProperty
			}
			m.Properties[f.Name] = name
			if f.Kind == KindEnd {
				continue
			}
			p := api.Property{ID: fmt.Sprintf("p%d", i), Name: name, Type: PropertyTypes[f.Kind][0]}
			switch {
			case f.Kind == KindSelect && StatusField(spec.Entity, f.Name):
				p.Type, p.Options = "status", notionStatus
			case f.Kind == KindSelect:
				for j, v := range f.Options {
					p.Options = append(p.Options, api.Option{ID: fmt.Sprintf("%s-%s-%d", spec.Entity, f.Name, j), Name: NativeOption(lang, spec, f, v)})
				}
			case f.Kind == KindRelation:
				p.RelationTo = "db-" + string(f.Target)
			}
			db.Properties[name] = p
			m.Types[name] = p.Type
			if f.Kind == KindSelect {
				m.Values[f.Name], _ = ProposeValues(spec, f, p, lang)
			}
		}
		tb.mappings[spec.Entity], tb.schemas[spec.Entity] = m, db
	}
	return tb
}

// pageOf is a page as Notion answers after a write of props: options
// named by ID or name carry both, a date with a time zone reads back with
// its offset.
func pageOf(t *testing.T, tb *tables, spec EntitySpec, props map[string]any) api.Page {
	t.Helper()
	pg := api.Page{ID: "page-1", CreatedTime: time.Date(2026, 12, 1, 9, 30, 15, 0, time.UTC), Properties: map[string]api.PropValue{}}
	for name, p := range tb.schemas[spec.Entity].Properties {
		pv := api.PropValue{ID: p.ID, Type: p.Type}
		if w, ok := props[name]; ok {
			b, err := json.Marshal(w)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &pv); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			pv.ID, pv.Type = p.ID, p.Type
			var zone struct {
				Date *struct {
					TimeZone string `json:"time_zone"`
				} `json:"date"`
			}
			_ = json.Unmarshal(b, &zone)
			if zone.Date != nil && zone.Date.TimeZone != "" {
				loc, err := time.LoadLocation(zone.Date.TimeZone)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range []*string{&pv.Date.Start, &pv.Date.End} {
					if *s != "" {
						at, err := time.ParseInLocation("2006-01-02T15:04:05", *s, loc)
						if err != nil {
							t.Fatal(err)
						}
						*s = at.Format("2006-01-02T15:04:05.000-07:00")
					}
				}
			}
		}
		for _, ref := range []*api.OptionRef{pv.Select, pv.Status} {
			if ref == nil {
				continue
			}
			o, ok := p.Option(ref.ID, ref.Name)
			if !ok {
				t.Fatalf("%s: Notion has no option %+v (it would refuse the write)", name, *ref)
			}
			ref.ID, ref.Name = o.ID, o.Name
		}
		pg.Properties[name] = pv
	}
	return pg
}

// optionName is the option a page holds for a field, by its name.
func optionName(tb *tables, spec EntitySpec, field string, pg api.Page) string {
	return pg.Properties[tb.mappings[spec.Entity].Properties[field]].Option().Name
}

// people and relations every workspace knows.
func withPeopleAndPages(tb *tables) {
	tb.users["u-aiko"], tb.users["u-ken"] = "aiko@example.com", "ken@example.com"
	tb.persons["aiko@example.com"], tb.persons["ken@example.com"] = "p-aiko", "p-ken"
	for _, e := range []data.Entity{data.EntitySeries, data.EntityAgenda, data.EntityMeeting, data.EntityLADR} {
		tb.pages[string(e)+":r1"], tb.pages[string(e)+":r2"] = "pg-"+string(e)+"-1", "pg-"+string(e)+"-2"
	}
	tb.zones["s-tokyo"] = "Asia/Tokyo"
}
