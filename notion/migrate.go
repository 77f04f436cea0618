package notion

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Migrate brings databases made by an older `kaigi notion init` (English
// names, options spelled as kaigi's values: todo, open, "1"…) to what init
// makes now, in place, as far as the API allows: properties renamed to the
// team's language, options renamed (a new option added, its pages moved to
// it, the old one removed: the API cannot rename an option), the Series
// database and the new properties and relations added, meeting dates
// written in their series' time zone. It cannot turn a select into a status
// (tasks keep a select) nor move the kaigi ID to the end (drag it there in
// Notion). With DryRun it lists every change and makes none.
func Migrate(ctx context.Context, c *api.Client, st *data.Store, cfg *Config, opts MigrateOptions) (*Config, MigratePlan, error) {
	m := &migration{c: c, st: st, cfg: cfg, lang: opts.Lang, dry: opts.DryRun, schemas: map[data.Entity]api.Database{}}
	if m.lang == "" {
		m.lang = LangEnglish
	}
	if cfg.Lang != "" {
		return cfg, m.plan, nil // made or migrated by this version already
	}
	if cfg.Parent == "" {
		return nil, m.plan, data.Invalid("config", "these databases were adopted, not made by 'kaigi notion init': run 'kaigi notion adopt' again to map their options")
	}
	if _, err := c.Me(ctx); err != nil {
		return nil, m.plan, err
	}
	words, err := st.TeamPriorityWords(ctx)
	if err != nil {
		return nil, m.plan, err
	}
	m.words = words
	for _, step := range []func(context.Context) error{m.readSchemas, m.addSeries, m.renameProperties, m.addProperties, m.renameOptions, m.zoneDates, m.queueNewFields} {
		if err := step(ctx); err != nil {
			return nil, m.plan, err
		}
	}
	m.plan.Notes = append(m.plan.Notes,
		"Tasks keep their state in a select: the API cannot turn a select into a status (make a new database with 'kaigi notion init' for a status)",
		fmt.Sprintf("the %q property stays where it is: the API cannot reorder properties; drag it to the end of each view in Notion", codec.IDProperty))
	if m.dry {
		return cfg, m.plan, nil
	}
	cfg.Lang = m.lang
	return cfg, m.plan, initValues(ctx, c, cfg)
}

// MigrateOptions configure Migrate.
type MigrateOptions struct {
	Lang   Lang // the team's language
	DryRun bool
}

// MigratePlan is what a migration changes (or, on a dry run, would change).
type MigratePlan struct {
	Changes []string
	Notes   []string
}

type migration struct {
	c       *api.Client
	st      *data.Store
	cfg     *Config
	lang    Lang
	words   data.PriorityWords // the team's, for priority options
	dry     bool
	plan    MigratePlan
	schemas map[data.Entity]api.Database
}

func (m *migration) change(format string, args ...any) {
	m.plan.Changes = append(m.plan.Changes, fmt.Sprintf(format, args...))
}

func (m *migration) readSchemas(ctx context.Context) error {
	for _, spec := range codec.Specs {
		if dc := m.cfg.Databases[spec.Entity]; dc != nil && dc.ID != "" {
			db, err := m.c.Database(ctx, dc.ID)
			if err != nil {
				return fmt.Errorf("%s: %w", spec.Title, err)
			}
			m.schemas[spec.Entity] = db
		}
	}
	return nil
}

// addSeries makes the Series database the older init did not.
func (m *migration) addSeries(ctx context.Context) error {
	if m.cfg.Databases[data.EntitySeries] != nil {
		return nil
	}
	spec, _ := codec.SpecOf(data.EntitySeries)
	names := codec.NamesOf(m.lang, spec.Entity)
	m.change("add the %s database (%s) under the parent page", names.Title, strings.Join(sortedValues(names.Props), ", "))
	if m.dry {
		return nil
	}
	props := map[string]any{}
	dc := &DatabaseConfig{Properties: map[string]string{}, Types: map[string]string{}}
	for _, f := range spec.Fields {
		if f.Kind == KindID {
			continue
		}
		def, typ := propertySchema(m.lang, m.words, spec, f, m.cfg)
		props[names.Props[f.Name]], dc.Properties[f.Name], dc.Types[names.Props[f.Name]] = def, names.Props[f.Name], typ
	}
	id, err := m.c.CreateDatabase(ctx, m.cfg.Parent, blocks.TextItems(names.Title), props)
	if err != nil {
		return api.Explain(err, "page", m.cfg.Parent)
	}
	if err := addIDProperty(ctx, m.c, id); err != nil {
		return err
	}
	dc.ID, dc.Properties[codec.IDField.Name], dc.Types[codec.IDProperty] = id, codec.IDProperty, "rich_text"
	m.cfg.Databases[spec.Entity] = dc
	return nil
}

func sortedValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// renameProperties gives mapped properties the team's names.
func (m *migration) renameProperties(ctx context.Context) error {
	for _, spec := range codec.Specs {
		dc, db := m.cfg.Databases[spec.Entity], m.schemas[spec.Entity]
		if dc == nil || db.ID == "" {
			continue
		}
		names := codec.NamesOf(m.lang, spec.Entity)
		for _, f := range spec.Fields {
			old, want := dc.Properties[f.Name], names.Props[f.Name]
			if old == "" || want == "" || old == want || f.Kind == KindEnd {
				continue
			}
			if _, taken := db.Properties[want]; taken {
				m.plan.Notes = append(m.plan.Notes, fmt.Sprintf("%s: %q keeps its name: the database has another property called %q", spec.Title, old, want))
				continue
			}
			m.change("%s: rename %q to %q", spec.Title, old, want)
			if m.dry {
				continue
			}
			if err := m.c.UpdateProperties(ctx, dc.ID, map[string]any{old: map[string]any{"name": want}}); err != nil {
				return api.Explain(err, "database", dc.ID)
			}
			m.renamed(dc, f, old, want)
		}
	}
	return nil
}

// renamed follows a property's new name in the configuration.
func (m *migration) renamed(dc *DatabaseConfig, f FieldSpec, old, want string) {
	for field, name := range dc.Properties {
		if name == old {
			dc.Properties[field] = want
		}
	}
	dc.Types[want] = dc.Types[old]
	delete(dc.Types, old)
}

// addProperties adds the fields the older init did not make: attendees, the
// meeting's series, the decision's meeting.
func (m *migration) addProperties(ctx context.Context) error {
	for _, spec := range codec.Specs {
		dc := m.cfg.Databases[spec.Entity]
		if dc == nil || spec.Entity == data.EntitySeries {
			continue
		}
		names := codec.NamesOf(m.lang, spec.Entity)
		for _, f := range spec.Fields {
			if _, mapped := dc.Properties[f.Name]; mapped || f.Kind == KindBody || f.Kind == KindID {
				continue
			}
			name := names.Props[f.Name]
			if f.Kind == KindEnd {
				dc.Properties[f.Name] = dc.Properties[f.Pair]
				m.change("%s: %s is the end of %q", spec.Title, f.Name, dc.Properties[f.Pair])
				continue
			}
			m.change("%s: add %q (%s)", spec.Title, name, f.Kind)
			if m.dry {
				continue
			}
			def, typ := propertySchema(m.lang, m.words, spec, f, m.cfg)
			if err := m.c.UpdateProperties(ctx, dc.ID, map[string]any{name: def}); err != nil {
				return api.Explain(err, "database", dc.ID)
			}
			dc.Properties[f.Name], dc.Types[name] = name, typ
		}
		if !m.dry {
			if err := nameSyncedProperties(ctx, m.c, m.cfgWithLang(), spec); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *migration) cfgWithLang() *Config {
	c := *m.cfg
	c.Lang = m.lang
	return &c
}

// renameOptions moves every select spelled in kaigi's values to the team's
// names: the new option is added, each page holding the old one is moved to
// it, and the old one removed.
func (m *migration) renameOptions(ctx context.Context) error {
	if !m.dry {
		if err := m.readSchemas(ctx); err != nil { // properties were renamed
			return err
		}
	}
	for _, spec := range codec.Specs {
		dc, db := m.cfg.Databases[spec.Entity], m.schemas[spec.Entity]
		if dc == nil || db.ID == "" {
			continue
		}
		for _, f := range spec.Fields {
			if f.Kind != KindSelect || len(dc.Values[f.Name]) > 0 {
				continue
			}
			p, ok := db.Properties[renamedName(dc, f)]
			if !ok || p.Type != "select" {
				continue
			}
			if err := m.renameSelect(ctx, spec, f, dc, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func renamedName(dc *DatabaseConfig, f FieldSpec) string { return dc.Properties[f.Name] }

// migratedName is the option name a kaigi value gets.
func (m *migration) migratedName(spec EntitySpec, f FieldSpec, v string) string {
	if codec.StatusField(spec.Entity, f.Name) {
		return codec.StatusSuggestion(m.lang, v)
	}
	return codec.SuggestOption(m.lang, m.words, spec, f, v)
}

func (m *migration) renameSelect(ctx context.Context, spec EntitySpec, f FieldSpec, dc *DatabaseConfig, p api.Property) error {
	renames := map[string]string{} // old option → new name
	for _, o := range p.Options {
		if k, ok := codec.LegacyOption(f.Options, o.Name); ok && m.migratedName(spec, f, k) != o.Name {
			renames[o.Name] = m.migratedName(spec, f, k)
		}
	}
	if len(renames) == 0 {
		return nil
	}
	prop := dc.Properties[f.Name]
	var pages []api.Page
	if err := m.c.Query(ctx, dc.ID, nil, func(pg api.Page) error {
		if _, ok := renames[pg.Properties[prop].OptionName()]; ok {
			pages = append(pages, pg)
		}
		return nil
	}); err != nil {
		return err
	}
	var parts []string
	for _, v := range f.Options {
		if n, ok := renames[v]; ok {
			parts = append(parts, v+" → "+n)
		}
	}
	m.change("%s: options of %q: %s (%d pages move to the new names)", spec.Title, prop, strings.Join(parts, ", "), len(pages))
	if m.dry {
		return nil
	}
	return m.moveOptions(ctx, dc, prop, p, renames, pages)
}

func (m *migration) moveOptions(ctx context.Context, dc *DatabaseConfig, prop string, p api.Property, renames map[string]string, pages []api.Page) error {
	var both, after []any
	for _, o := range p.Options {
		both = append(both, map[string]any{"id": o.ID})
		if n, ok := renames[o.Name]; ok {
			after = append(after, map[string]any{"name": n})
		} else {
			after = append(after, map[string]any{"id": o.ID})
		}
	}
	for _, n := range renames {
		both = append(both, map[string]any{"name": n})
	}
	if err := m.c.UpdateProperties(ctx, dc.ID, map[string]any{prop: map[string]any{"select": map[string]any{"options": both}}}); err != nil {
		return api.Explain(err, "database", dc.ID)
	}
	for _, pg := range pages {
		v := api.OptionValue("select", renames[pg.Properties[prop].OptionName()])
		if _, err := m.c.UpdatePage(ctx, pg.ID, map[string]any{"properties": map[string]any{prop: v}}); err != nil {
			return api.Explain(err, "page", pg.ID)
		}
	}
	if err := m.c.UpdateProperties(ctx, dc.ID, map[string]any{prop: map[string]any{"select": map[string]any{"options": after}}}); err != nil {
		return api.Explain(err, "database", dc.ID)
	}
	return nil
}

// zoneDates writes each meeting's date in its series' time zone, with its end.
func (m *migration) zoneDates(ctx context.Context) error {
	dc := m.cfg.Databases[data.EntityMeeting]
	if dc == nil || dc.ID == "" {
		return nil
	}
	pages, err := syncdb.New(m.st).PageIDs(ctx, data.EntityMeeting)
	if err != nil {
		return err
	}
	m.change("Meetings: write the dates of %d meetings in their series' time zone, with their end", len(pages))
	if m.dry {
		return nil
	}
	for id, page := range pages {
		mt, err := m.st.Meeting(ctx, data.MeetingID(id))
		if err != nil || mt.Deleted() {
			continue
		}
		zone := time.UTC
		if sr, err := m.st.Series(ctx, mt.SeriesID); err == nil {
			if loc, err := time.LoadLocation(sr.TimeZone); err == nil {
				zone = loc
			}
		}
		body := map[string]any{"properties": map[string]any{dc.Properties["starts_at"]: api.DateRange(mt.StartsAt, mt.EndsAt, zone)}}
		if _, err := m.c.UpdatePage(ctx, page, body); err != nil {
			return api.Explain(err, "page", page)
		}
	}
	return nil
}

// queueNewFields has the next sync write what the new properties hold: the
// series get their pages, meetings their series and attendees, decisions
// their meeting (each push writes only what differs from the base).
func (m *migration) queueNewFields(ctx context.Context) error {
	state := syncdb.New(m.st)
	for _, e := range []data.Entity{data.EntitySeries, data.EntityMeeting, data.EntityDecision} {
		spec, _ := codec.SpecOf(e)
		ids, err := m.st.RecordIDs(ctx, e, false)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			continue
		}
		m.change("%s: the next sync writes the new properties of %d records", spec.Title, len(ids))
		if m.dry {
			continue
		}
		for _, id := range ids {
			if err := state.QueuePush(ctx, e, id, "migrated", m.st.Now()); err != nil {
				return err
			}
		}
	}
	return nil
}
