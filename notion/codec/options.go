package codec

import (
	"context"
	"fmt"
	"slices"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// Options travel through the field's value map (see ValueMap): by option
// ID, so a renamed option keeps syncing; by name; a status option a person
// added is learned when its name is a known word for a kaigi value, else it
// reads as its group's value. A value nothing maps is a problem of that
// page's field only. kaigi adds an option to a team's select only when one
// of its values has none, and says so; it cannot add one to a status.

// decodeOption reads a select, status or checkbox.
func (c Codec) decodeOption(ctx context.Context, spec EntitySpec, f FieldSpec, pg api.Page, v api.PropValue, d *Decoded) error {
	opt := v.Option()
	if opt.Name == "" && opt.ID == "" {
		d.Fields[f.Name] = f.Default
		return nil
	}
	prop, _ := c.Resolver.Property(spec, f.Name)
	known, ok := prop.Option(opt.ID, opt.Name)
	if !ok && v.Type != "checkbox" {
		// An option kaigi has not seen: a person added or renamed one.
		if _, err := c.Resolver.Reread(ctx, spec); err != nil {
			return err
		}
		prop, _ = c.Resolver.Property(spec, f.Name)
		known, _ = prop.Option(opt.ID, opt.Name)
	}
	if k, ok := c.readOption(spec, f, opt, known.Group); ok {
		d.Fields[f.Name] = k
		return nil
	}
	m := c.Resolver.Mapping(spec.Entity)
	d.Issues[f.Name] = FieldIssue{Kind: "value",
		Message: fmt.Sprintf("%s page %q: %s is %q, which kaigi cannot map to a %s %s", spec.Title, PageTitle(pg, m), m.Properties[f.Name], opt.Name, spec.Singular(), f.Name),
		Fix: fmt.Sprintf("pick another option in Notion, or map it in the Notion configuration (values → %s, e.g. {\"kaigi\": %q, \"notion\": %q})",
			f.Name, f.Options[0], opt.Name)}
	return nil
}

// readOption maps an option to kaigi's value, learning a status or select
// option whose name is a known word for one of the field's values.
func (c Codec) readOption(spec EntitySpec, f FieldSpec, opt api.OptionRef, group string) (string, bool) {
	vm := c.Resolver.Mapping(spec.Entity).Values[f.Name]
	if k, ok := vm.ByOption(opt); ok {
		return k, true
	}
	if opt.ID != "" {
		if k, ok := KnownWord(spec, f, opt.Name); ok {
			c.Resolver.Learn(spec.Entity, f.Name, append(vm, OptionMap{Kaigi: k, Notion: opt.Name, ID: opt.ID}))
			return k, true
		}
	}
	if k, ok := vm.ByGroup(group); ok {
		return k, true
	}
	return LegacyOption(f.Options, opt.Name)
}

// encodeOption writes a select, status or checkbox value.
func (c Codec) encodeOption(ctx context.Context, spec EntitySpec, f FieldSpec, v string, out *Encoded) error {
	m := c.Resolver.Mapping(spec.Entity)
	propName := m.Properties[f.Name]
	typ := m.Types[propName]
	if typ == "" {
		typ = "select"
	}
	entry, ok := m.Values[f.Name].Write(v)
	if !ok && typ == "status" && v != "" {
		// A person may have added the option since: learn it by its name.
		if err := c.learnOption(ctx, spec, f, v); err != nil {
			return err
		}
		entry, ok = c.Resolver.Mapping(spec.Entity).Values[f.Name].Write(v)
	}
	prop, schemaKnown := c.Resolver.Property(spec, f.Name)
	vm := c.Resolver.Mapping(spec.Entity).Values[f.Name]
	if ok && entry.ID != "" && schemaKnown {
		if _, exists := prop.Option(entry.ID, ""); !exists {
			entry.ID = "" // gone from Notion: name it, so a select gets it back
		}
	}
	switch {
	case typ == "checkbox" || v == "":
		out.Props[propName] = api.OptionValue(typ, entry.Notion)
	case ok && (entry.ID != "" || typ == "select" || !schemaKnown || slices.Contains(prop.Names(), entry.Notion)):
		out.Props[propName] = api.OptionByID(typ, entry.ID, entry.Notion)
	case typ == "status":
		delete(out.Written, f.Name)
		out.Issues[f.Name] = FieldIssue{Kind: "option",
			Message: fmt.Sprintf("%s: kaigi's %s %s %q has no option in the status %s, and the Notion API cannot add one", spec.Title, spec.Singular(), f.Name, v, propName),
			Fix:     fmt.Sprintf("add an option for it (e.g. %q) to the %s group of %s in Notion; kaigi picks it up by its name", StatusSuggestion(c.Lang, v), statusGroups[v], propName)}
		return nil
	default:
		priority, err := c.Resolver.PriorityWords(ctx)
		if err != nil {
			return err
		}
		name := SuggestOption(c.Lang, priority, spec, f, v)
		out.Props[propName] = api.OptionValue(typ, name)
		c.Resolver.Learn(spec.Entity, f.Name, append(vm, OptionMap{Kaigi: v, Notion: name}))
		out.Notes = append(out.Notes, fmt.Sprintf("%s: kaigi added the option %q to the select %s, for %s %q, which had none", spec.Title, name, propName, f.Name, v))
	}
	out.Written[f.Name] = c.RoundTrip(spec, f, v)
	return nil
}

// learnOption reads a status's schema again (once a cycle) and maps an
// option whose name is a known word for kaigi's value v.
func (c Codec) learnOption(ctx context.Context, spec EntitySpec, f FieldSpec, v string) error {
	if read, err := c.Resolver.Reread(ctx, spec); err != nil || !read {
		return err // not read: the write is held; a later retry reads it again
	}
	prop, _ := c.Resolver.Property(spec, f.Name)
	vm := c.Resolver.Mapping(spec.Entity).Values[f.Name]
	for _, o := range prop.Options {
		if _, mapped := vm.ByOption(api.OptionRef{ID: o.ID, Name: o.Name}); mapped {
			continue
		}
		if k, ok := KnownWord(spec, f, o.Name); ok && k == v {
			c.Resolver.Learn(spec.Entity, f.Name, append(vm, OptionMap{Kaigi: v, Notion: o.Name, ID: o.ID}))
			return nil
		}
	}
	return nil
}

// StatusSuggestion names an option a person could add for a task state.
func StatusSuggestion(lang Lang, v string) string {
	words := OptionNames[v]
	if lang == LangJapanese && len(words) > 0 {
		return words[0]
	}
	for _, w := range words {
		if w != "" && w[0] < 0x80 {
			return w
		}
	}
	return v
}

// SuggestOption is the name kaigi gives an option for value v: init's name
// for it in the team's language, and for a priority the team's words
// (P1–P4 where the team says priorities in numbers; see
// data.Store.TeamPriorityWords).
func SuggestOption(lang Lang, priority data.PriorityWords, spec EntitySpec, f FieldSpec, v string) string {
	if spec.Entity == data.EntityAgenda && f.Name == "priority" && priority == data.PriorityNumbers {
		return "P" + v
	}
	if lang == "" {
		lang = LangEnglish
	}
	if n := NativeOption(lang, spec, f, v); n != "" {
		return n
	}
	return v
}

// RoundTrip is the value Notion shows back for v: v itself, unless the map
// writes it as an option that reads as another value (a checkbox holds two:
// a dropped agenda shows unchecked, which reads as open).
func (c Codec) RoundTrip(spec EntitySpec, f FieldSpec, v string) string {
	vm := c.Resolver.Mapping(spec.Entity).Values[f.Name]
	entry, ok := vm.Write(v)
	if !ok || v == "" {
		return v
	}
	if k, ok := vm.ByOption(api.OptionRef{ID: entry.ID, Name: entry.Notion}); ok {
		return k
	}
	return v
}

// PageTitle is a page's title for messages.
func PageTitle(pg api.Page, m Mapping) string {
	return api.PlainText(pg.Properties[m.Properties["title"]].Title)
}
