package notion

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// fieldNames are the property names, English and Japanese, that adopt
// accepts for each kaigi field besides the names init gives it, compared
// after codec.NormalizeName.
var fieldNames = map[string][]string{
	"kaigi_id":   {"kaigi ID", "kaigi_id", "kaigi id"},
	"state":      {"State", "Status", "ステータス", "状態", "状況"},
	"priority":   {"Priority", "優先度", "重要度"},
	"owner":      {"Owner", "担当者", "オーナー", "起票者", "提案者"},
	"assignee":   {"Assignee", "担当者", "担当", "Owner"},
	"starts_at":  {"Date", "When", "開催日", "日付", "日時", "開催日時"},
	"date":       {"Date", "日付", "作成日"},
	"due":        {"Due", "Due date", "期限", "締切", "締め切り", "期日"},
	"decided_on": {"Decided on", "Date", "決定日", "日付"},
	"review_by":  {"Review by", "見直し日", "レビュー期限", "再評価日"},
	"number":     {"Number", "No", "番号"},
	"agendas":    {"Agendas", "Agenda", "議題", "アジェンダ"},
	"agenda":     {"Agenda", "Agendas", "議題", "アジェンダ"},
	"meeting":    {"Meeting", "Meetings", "会議", "ミーティング"},
	"series":     {"Series", "定例", "シリーズ", "定例会"},
	"attendees":  {"Attendees", "参加者", "出席者", "メンバー"},
	"schedule":   {"Schedule", "スケジュール"},
	"time_zone":  {"Time zone", "Timezone", "タイムゾーン"},
	"ladr":       {"LADR", "LADRs", "ADR"},
}

// resolvedNames are checkbox names that mean an agenda is resolved.
var resolvedNames = []string{"Resolved", "Done", "解決済み", "解決", "完了"}

// AdoptReport says what adopt mapped, changed and could not map.
type AdoptReport struct {
	Mapped   []string // "Tasks: due → 期限 (date)"
	Values   []string // each option map whole: "Tasks: state → ステータス: todo = 未着手, …"
	Added    []string // properties adopt created
	Unmapped []string // kaigi fields left out of the sync, with the reason
	Notes    []string // values that will not travel exactly, options kaigi will add
	// Sources lists the data sources of each adopted database that has
	// several, the synced one marked; Chosen is the synced source of each
	// such database with its list, for the sync state (KeepAdoptedSources).
	Sources []string
	Chosen  map[data.Entity]AdoptedSources
}

// AdoptOptions configure Adopt.
type AdoptOptions struct {
	Databases map[data.Entity]string // database IDs of the entities to adopt
	// Into is an existing configuration whose other databases and settings
	// are kept; nil starts a new one.
	Into   *Config
	Winner merge.Winner
	Lang   Lang // the team's language, for options kaigi may have to add
	DryRun bool // propose only: change no schema
	// DataSources are the data sources to sync of databases that have
	// several (each is matched to the database that lists it).
	DataSources []string
}

// Adopt maps a team's existing Notion databases to kaigi's fields by
// property type and name, maps every option to kaigi's values by name and
// language, adds the "kaigi ID" property where it is missing (last, after
// the team's own), and returns the configuration with a report. The
// mapping is checked against the schemas; one that does not fit is refused.
func Adopt(ctx context.Context, c *api.Client, opts AdoptOptions) (*Config, AdoptReport, error) {
	var rep AdoptReport
	if len(opts.Databases) == 0 {
		return nil, rep, data.Invalid("databases", "name at least one database to adopt, e.g. --tasks DATABASE_ID")
	}
	if _, err := c.Me(ctx); err != nil {
		return nil, rep, err
	}
	cfg := adoptInto(opts)
	schemas := map[data.Entity]api.Database{}
	rep.Chosen = map[data.Entity]AdoptedSources{}
	used := map[string]bool{}
	var undecided []string
	for _, spec := range codec.Specs {
		id, ok := opts.Databases[spec.Entity]
		if !ok {
			continue
		}
		db, undecidedLine, err := adoptSchema(ctx, c, spec, id, opts.DataSources, &rep)
		if err != nil {
			return nil, rep, err
		}
		if undecidedLine != "" {
			undecided = append(undecided, undecidedLine)
			continue
		}
		if chosen, ok := rep.Chosen[spec.Entity]; ok {
			used[sourcesKey(chosen.Mapped)] = true
		}
		schemas[spec.Entity] = db
		cfg.Databases[spec.Entity] = &DatabaseConfig{ID: db.ID}
	}
	for _, src := range opts.DataSources {
		if !used[sourcesKey(src)] {
			return nil, rep, data.Invalid("data-source", "--data-source %s is not a data source of an adopted database with several", src)
		}
	}
	if len(undecided) > 0 {
		if !opts.DryRun {
			return nil, rep, data.Invalid("data-source", "%s", strings.Join(undecided, "; "))
		}
		rep.Notes = append(rep.Notes, undecided...)
		if len(schemas) == 0 {
			return cfg, rep, nil
		}
	}
	for _, spec := range codec.Specs {
		db, ok := schemas[spec.Entity]
		if !ok {
			continue
		}
		proposeMapping(spec, db, cfg, &rep)
		if _, ok := cfg.Databases[spec.Entity].Properties[codec.IDField.Name]; ok {
			continue
		}
		rep.Added = append(rep.Added, fmt.Sprintf("%s: rich_text property %q, where kaigi keeps each page's record ID", spec.Title, codec.IDProperty))
		if !opts.DryRun {
			if err := addAdoptedIDProperty(ctx, c, db); err != nil {
				return nil, rep, fmt.Errorf("%s: %w", spec.Title, err)
			}
		}
		db.Properties[codec.IDProperty] = api.Property{Name: codec.IDProperty, Type: "rich_text"}
		schemas[spec.Entity] = db
		dc := cfg.Databases[spec.Entity]
		dc.Properties[codec.IDField.Name] = codec.IDProperty
		dc.Types[codec.IDProperty] = "rich_text"
	}
	if err := cfg.CheckMapping(schemas); err != nil {
		return nil, rep, err
	}
	return cfg, rep, nil
}

func adoptInto(opts AdoptOptions) *Config {
	cfg := &Config{Winner: opts.Winner, Lang: opts.Lang, Databases: map[data.Entity]*DatabaseConfig{}}
	if opts.Into != nil {
		cfg.Parent, cfg.Series, cfg.Winner = opts.Into.Parent, opts.Into.Series, opts.Into.Winner
		if cfg.Lang == "" {
			cfg.Lang = opts.Into.Lang
		}
		for e, dc := range opts.Into.Databases {
			cfg.Databases[e] = dc
		}
		if opts.Winner != "" {
			cfg.Winner = opts.Winner
		}
	}
	if cfg.Winner == "" {
		cfg.Winner = merge.WinnerNotion
	}
	return cfg
}

func addIDProperty(ctx context.Context, c *api.Client, dbID string) error {
	if err := c.UpdateProperties(ctx, dbID, map[string]any{codec.IDProperty: map[string]any{"rich_text": map[string]any{}}}); err != nil {
		return api.Explain(err, "database", dbID)
	}
	return nil
}

// addAdoptedIDProperty adds the "kaigi ID" property to the data source
// kaigi syncs when the schema was read from one, else to the database.
func addAdoptedIDProperty(ctx context.Context, c *api.Client, db api.Database) error {
	if db.Source != "" {
		return c.UpdateSourceProperties(ctx, db.Source, map[string]any{codec.IDProperty: map[string]any{"rich_text": map[string]any{}}})
	}
	return addIDProperty(ctx, c, db.ID)
}

// proposeMapping fills cfg's entry for spec from db's schema.
func proposeMapping(spec EntitySpec, db api.Database, cfg *Config, rep *AdoptReport) {
	dc := cfg.Databases[spec.Entity]
	dc.Properties, dc.Types, dc.Values = map[string]string{}, map[string]string{}, map[string]codec.ValueMap{}
	taken := map[string]bool{}
	for _, f := range spec.Fields {
		if f.Kind == KindBody {
			continue
		}
		if f.Kind == KindEnd {
			if start, ok := dc.Properties[f.Pair]; ok {
				dc.Properties[f.Name] = start // a meeting's end is its date's end
			}
			continue
		}
		p, why := pickProperty(spec, f, db, cfg, taken)
		if p == nil {
			if f.Kind != KindID {
				rep.Unmapped = append(rep.Unmapped, fmt.Sprintf("%s: %s (%s) — %s", spec.Title, f.Name, f.Kind, why))
			}
			continue
		}
		taken[p.Name] = true
		dc.Properties[f.Name] = p.Name
		dc.Types[p.Name] = p.Type
		rep.Mapped = append(rep.Mapped, fmt.Sprintf("%s: %s → %s (%s)", spec.Title, f.Name, p.Name, p.Type))
		if f.Kind == KindSelect {
			values, notes := codec.ProposeValues(spec, f, *p, cfg.Lang)
			dc.Values[f.Name] = values
			rep.Values = append(rep.Values, fmt.Sprintf("%s: %s → %s (%s): %s", spec.Title, f.Name, p.Name, p.Type, values))
			rep.Notes = append(rep.Notes, notes...)
		}
	}
	if len(dc.Values) == 0 {
		dc.Values = nil
	}
}

// pickProperty finds the property for one field: the title for the title,
// a relation into the target's database for a relation, else a property
// of a fitting type whose name is one of the field's known names.
func pickProperty(spec EntitySpec, f FieldSpec, db api.Database, cfg *Config, taken map[string]bool) (*api.Property, string) {
	fits := func(p api.Property) bool {
		if taken[p.Name] || !slices.Contains(codec.PropertyTypes[f.Kind], p.Type) {
			return false
		}
		if p.Type == "checkbox" {
			return spec.Entity == data.EntityAgenda && f.Name == "state"
		}
		return true
	}
	names := []string{codec.NamesOf(LangEnglish, spec.Entity).Props[f.Name], codec.NamesOf(LangJapanese, spec.Entity).Props[f.Name]}
	names = append(names, fieldNames[f.Name]...)
	if f.Kind == KindSelect && spec.Entity == data.EntityAgenda && f.Name == "state" {
		names = append(names, resolvedNames...)
	}
	var candidates []api.Property
	for _, p := range sortedProperties(db) {
		if !fits(p) {
			continue
		}
		switch f.Kind {
		case KindTitle:
			return &p, ""
		case KindRelation:
			target := cfg.Databases[f.Target]
			if target == nil {
				return nil, fmt.Sprintf("the %s database is not adopted, so the relation has nowhere to point", f.Target)
			}
			if api.SameID(p.RelationTo, target.ID) {
				candidates = append(candidates, p)
			}
			continue
		}
		if slices.ContainsFunc(names, func(n string) bool { return n != "" && codec.NormalizeName(n) == codec.NormalizeName(p.Name) }) {
			candidates = append(candidates, p)
		}
	}
	if len(candidates) == 0 {
		if f.Kind == KindRelation {
			return nil, fmt.Sprintf("no relation property points at the %s database", f.Target)
		}
		return nil, fmt.Sprintf("no %s property named %s", strings.Join(codec.PropertyTypes[f.Kind], "/"), strings.Join(uniqueNames(names), ", "))
	}
	// Prefer the best-named candidate: the order of names is the order of preference.
	rank := func(p api.Property) int {
		for i, n := range names {
			if n != "" && codec.NormalizeName(n) == codec.NormalizeName(p.Name) {
				return i
			}
		}
		return len(names)
	}
	best := candidates[0]
	for _, p := range candidates[1:] {
		if rank(p) < rank(best) {
			best = p
		}
	}
	return &best, ""
}

func sortedProperties(db api.Database) []api.Property {
	out := make([]api.Property, 0, len(db.Properties))
	for _, p := range db.Properties {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func uniqueNames(names []string) []string {
	var out []string
	for _, n := range names {
		if n != "" && !slices.ContainsFunc(out, func(o string) bool { return codec.NormalizeName(o) == codec.NormalizeName(n) }) {
			out = append(out, n)
		}
	}
	return out
}
