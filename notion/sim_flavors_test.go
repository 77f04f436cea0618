package notion

import (
	"slices"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// The simulation runs on three kinds of workspace, by seed: databases made
// by init in English, made by init in Japanese, and a team's own Japanese
// databases (the Timee-style ones) adopted with their values. Besides edits
// and faults it makes per-page failures the sync must ride out: an option
// nothing maps, a page without a title, a page Notion refuses for a cycle,
// a task state with no option in a status (until a person adds one), and a
// kaigi person without a Notion account.

type simFlavor int

const (
	flavorInitEnglish simFlavor = iota
	flavorInitJapanese
	flavorTimee
)

func (f simFlavor) String() string {
	return [...]string{"init-en", "init-ja", "timee"}[f]
}

// setUpWorkspace makes the seed's databases and the configuration that maps them.
func (s *sim) setUpWorkspace(parent string) *Config {
	var cfg *Config
	var err error
	switch s.flavor {
	case flavorTimee:
		ws := buildTimee(s.t, s.fake, s.person, parent)
		cfg, _, err = Adopt(s.ctx, s.engine.client, AdoptOptions{Databases: ws.databases(), Lang: LangJapanese})
	case flavorInitJapanese:
		cfg, err = Init(s.ctx, s.engine.client, parent, merge.WinnerNotion, LangJapanese, data.PriorityLevels)
	default:
		cfg, err = Init(s.ctx, s.engine.client, parent, merge.WinnerNotion, LangEnglish, data.PriorityLevels)
	}
	if err != nil {
		s.t.Fatalf("set up %s: %v", s.flavor, err)
	}
	return cfg
}

// entities are the simulation's entities that this workspace maps, weighted.
func (s *sim) entities() []data.Entity {
	return slices.DeleteFunc(slices.Clone(simEntities), func(e data.Entity) bool { return s.cfg.Databases[e] == nil })
}

// editableOf are the fields the simulation edits that this workspace maps.
func (s *sim) editableOf(e data.Entity) []string {
	dc := s.cfg.Databases[e]
	var out []string
	for _, f := range editable[e] {
		if _, ok := dc.Properties[f]; ok || f == "body" || f == "notes" || f == "sections" {
			out = append(out, f)
		}
	}
	return out
}

// optionValue picks a value of a select field: any of kaigi's for kaigi;
// for a person in Notion, one of the property's options that maps.
func (s *sim) optionValue(e data.Entity, field string, notion bool) string {
	spec, _ := codec.SpecOf(e)
	fs, _ := spec.Field(field)
	opts := slices.DeleteFunc(slices.Clone(fs.Options), func(o string) bool { return o == "superseded" && e == data.EntityDecision })
	if notion {
		// A person picks options: a value with none (or one a checkbox
		// cannot hold: dropped reads back as open) cannot be picked.
		opts = slices.DeleteFunc(opts, func(o string) bool {
			return s.optionOf(e, field, o) == nil || s.engine.codec().RoundTrip(spec, fs, o) != o
		})
	}
	o, _ := pick(s.rng, opts)
	return o
}

// optionOf is the write form of kaigi's value v as a person picks it in
// Notion, nil when the property has no option for it.
func (s *sim) optionOf(e data.Entity, field, v string) map[string]any {
	dc := s.cfg.Databases[e]
	prop := dc.Properties[field]
	typ := dc.Types[prop]
	if typ == "checkbox" {
		entry, _ := dc.Values[field].Write(v)
		return api.OptionValue(typ, entry.Notion)
	}
	for _, o := range s.schemaOptions(e, field) {
		if k, ok := s.readOption(e, field, o); ok && k == v {
			return api.OptionByID(typ, o.ID, "")
		}
	}
	return nil
}

// schemaOptions are the property's options as the fake holds them now.
func (s *sim) schemaOptions(e data.Entity, field string) []api.Option {
	dc := s.cfg.Databases[e]
	db, _ := s.fake.Database(dc.ID)
	props, _ := db["properties"].(map[string]any)
	p, _ := props[dc.Properties[field]].(map[string]any)
	cfg, _ := p[dc.Types[dc.Properties[field]]].(map[string]any)
	var out []api.Option
	groups, _ := cfg["groups"].([]any)
	options, _ := cfg["options"].([]any)
	for _, o := range options {
		om := o.(map[string]any)
		opt := api.Option{ID: om["id"].(string), Name: om["name"].(string)}
		for _, g := range groups {
			gm := g.(map[string]any)
			if slices.Contains(gm["option_ids"].([]any), any(opt.ID)) {
				opt.Group = gm["name"].(string)
			}
		}
		out = append(out, opt)
	}
	return out
}

// readOption maps an option as the configuration says (the engine's map
// may have grown: it learns options and adds them).
func (s *sim) readOption(e data.Entity, field string, o api.Option) (string, bool) {
	spec, _ := codec.SpecOf(e)
	fs, _ := spec.Field(field)
	vm := s.cfg.Databases[e].Values[field]
	if k, ok := vm.ByOption(api.OptionRef{ID: o.ID, Name: o.Name}); ok {
		return k, true
	}
	if k, ok := codec.KnownWord(spec, fs, o.Name); ok && s.cfg.Databases[e].Types[s.cfg.Databases[e].Properties[field]] == "status" {
		return k, true // the engine learns it the first time it meets it
	}
	if k, ok := vm.ByGroup(o.Group); ok {
		return k, true
	}
	return codec.LegacyOption(fs.Options, o.Name)
}

// decodeOption reads a page's option for the model; "\x00unmapped:NAME"
// for one nothing maps.
func (s *sim) decodeOption(e data.Entity, field string, v api.PropValue) string {
	spec, _ := codec.SpecOf(e)
	fs, _ := spec.Field(field)
	opt := v.Option()
	if opt.Name == "" && opt.ID == "" {
		return fs.Default
	}
	if v.Type == "checkbox" {
		k, _ := s.cfg.Databases[e].Values[field].ByOption(opt)
		return k
	}
	for _, o := range s.schemaOptions(e, field) {
		if o.ID == opt.ID {
			if k, ok := s.readOption(e, field, o); ok {
				return k
			}
		}
	}
	return "\x00unmapped:" + opt.Name
}

// kaigiValues are a record's fields for the model: people without a Notion
// account, and options a checkbox cannot hold, as Notion shows them (what
// kaigi can make hold there); relations as kaigi keeps them.
func (s *sim) kaigiValues(e data.Entity, id string) (merge.Fields, error) {
	spec, _ := codec.SpecOf(e)
	f, err := s.engine.records.read(s.ctx, e, id)
	if err != nil {
		return nil, err
	}
	for _, fs := range spec.Fields {
		switch fs.Kind {
		case KindPeople:
			var kept []string
			for _, p := range codec.SplitList(f[fs.Name]) {
				uid, err := s.engine.notionUserOf(s.ctx, data.PersonID(p), "")
				if err != nil {
					s.t.Fatal(err)
				}
				if uid != "" {
					kept = append(kept, p)
				}
			}
			f[fs.Name] = codec.JoinList(kept)
		case KindSelect:
			if _, ok := s.cfg.Databases[e].Properties[fs.Name]; ok {
				f[fs.Name] = s.engine.codec().RoundTrip(spec, fs, f[fs.Name])
			}
		}
	}
	return f, nil
}

// --- per-page failures ---

// poison makes a person pick, in Notion, a value kaigi cannot take: an
// option nothing maps, or no title. The model does not count it as an edit;
// a later fix is one.
func (s *sim) poison() {
	e, _ := pick(s.rng, s.entities())
	p, ok := pick(s.rng, s.pages(e, false))
	if !ok {
		return
	}
	pageID := p["id"].(string)
	dc := s.cfg.Databases[e]
	var field string
	var v map[string]any
	if s.rng.IntN(2) == 0 {
		field, v = "title", map[string]any{"title": []any{}}
	} else {
		for _, f := range []string{"priority", "state"} {
			if t := dc.Types[dc.Properties[f]]; t == "select" && slices.Contains(s.editableOf(e), f) {
				field, v = f, map[string]any{"select": map[string]any{"name": "要確認"}}
			}
		}
	}
	if field == "" {
		return
	}
	if err := s.fake.As(s.person).UpdateProperties(pageID, map[string]any{dc.Properties[field]: v}); err != nil {
		s.t.Fatalf("poison %s: %v", pageID, err)
	}
	s.poisoned[pageID+" "+field] = e
	// The person replaced their own value, maybe before kaigi read it: the
	// field's unsettled edits in Notion are gone with it (a fix is an edit).
	s.unify()
	if w := s.writes[s.key(pageID)]; w != nil {
		w[field] = slices.DeleteFunc(w[field], func(x write) bool { return x.side == "notion" })
	}
	if s.totals != nil {
		s.totals.poisoned.Add(1)
	}
	s.logf("notion poison %s page %s (%s) %s", e, pageID, s.key(pageID), field)
}

// fixPoisoned has people correct the values kaigi could not take (all of
// them when all is true, else one).
func (s *sim) fixPoisoned(all bool) {
	for _, k := range sortedPoison(s.poisoned) {
		pageID, field, _ := strings.Cut(k, " ")
		e := s.poisoned[k]
		if p, ok := s.fake.Page(pageID); !ok || p["in_trash"] == true {
			continue // no edits in the trash; fixed if it comes back
		}
		v := s.value(e, field, true)
		if err := s.fake.As(s.person).UpdateProperties(pageID, map[string]any{s.cfg.Databases[e].Properties[field]: s.propWrite(e, field, v)}); err != nil {
			s.t.Fatalf("fix %s: %v", pageID, err)
		}
		delete(s.poisoned, k)
		s.entity[s.key(pageID)] = e
		s.record(s.key(pageID), field, "notion", v)
		s.logf("notion fix %s page %s (%s) %s=%q", e, pageID, s.key(pageID), field, v)
		if !all {
			return
		}
	}
}

func sortedPoison(m map[string]data.Entity) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// refuse makes Notion refuse every write to one page for the next cycle.
func (s *sim) refuse() {
	e, _ := pick(s.rng, s.entities())
	p, ok := pick(s.rng, s.pages(e, false))
	if !ok {
		return
	}
	s.refused = append(s.refused, p["id"].(string))
	if s.totals != nil {
		s.totals.refused.Add(1)
	}
	s.logf("notion refuses writes to %s page %s (%s) for a cycle", e, p["id"], s.key(p["id"].(string)))
}

// addCancelled has a person add the option for cancelled tasks to the
// status's Complete group, which the API cannot do.
func (s *sim) addCancelled() {
	dc := s.cfg.Databases[data.EntityTask]
	if dc == nil || dc.Types[dc.Properties["state"]] != "status" || s.optionOf(data.EntityTask, "state", "cancelled") != nil {
		return
	}
	name := map[bool]string{true: "中止", false: "Canceled"}[s.flavor != flavorInitEnglish]
	if err := s.fake.As(s.person).AddStatusOption(dc.ID, dc.Properties["state"], name, "Complete"); err != nil {
		s.t.Fatal(err)
	}
	s.logf("notion adds the status option %q for cancelled tasks", name)
}

// assigneeValue picks an assignee: for kaigi one of its people (田中 has no
// Notion account), for Notion a member or no one.
func (s *sim) assigneeValue(notion bool) string {
	if notion {
		return []string{"", s.aiko}[s.rng.IntN(2)]
	}
	return []string{"", s.aiko, s.tanaka}[s.rng.IntN(3)]
}

func (s *sim) peopleWrite(v string) map[string]any {
	var ids []string
	for _, id := range codec.SplitList(v) {
		if id == s.aiko {
			ids = append(ids, s.person)
		}
	}
	return api.RefsValue("people", ids)
}
