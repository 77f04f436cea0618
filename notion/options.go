package notion

import (
	"context"
	"fmt"
	"slices"

	"github.com/kaigi-dev/kaigi/notion/api"
)

// Options travel through the field's value map (see ValueMap): by option
// ID, so a renamed option keeps syncing; by name; a status option a person
// added is learned when its name is a known word for a kaigi value, else it
// reads as its group's value. A value nothing maps is a problem of that
// page's field only. kaigi adds an option to a team's select only when one
// of its values has none, and says so; it cannot add one to a status.

// decodeOption reads a select, status or checkbox.
func (e *Engine) decodeOption(ctx context.Context, spec EntitySpec, f FieldSpec, pg api.Page, v api.PropValue, d *decoded) error {
	opt := v.Option()
	if opt.Name == "" && opt.ID == "" {
		d.fields[f.Name] = f.Default
		return nil
	}
	prop, _ := e.property(spec, f.Name)
	known, ok := prop.Option(opt.ID, opt.Name)
	if !ok && v.Type != "checkbox" {
		// An option kaigi has not seen: a person added or renamed one.
		if _, err := e.readSchema(ctx, spec); err != nil && stop(err) {
			return err
		}
		prop, _ = e.property(spec, f.Name)
		known, _ = prop.Option(opt.ID, opt.Name)
	}
	if k, ok := e.readOption(spec, f, opt, known.Group); ok {
		d.fields[f.Name] = k
		return nil
	}
	dc := e.cfg.Databases[spec.Entity]
	d.issues[f.Name] = fieldIssue{kind: "value",
		message: fmt.Sprintf("%s page %q: %s is %q, which kaigi cannot map to a %s %s", spec.Title, pageTitle(pg, dc), dc.Properties[f.Name], opt.Name, singular(spec), f.Name),
		fix: fmt.Sprintf("pick another option in Notion, or map it in the Notion configuration (values → %s, e.g. {\"kaigi\": %q, \"notion\": %q})",
			f.Name, f.Options[0], opt.Name)}
	return nil
}

// readOption maps an option to kaigi's value, learning a status or select
// option whose name is a known word for one of the field's values.
func (e *Engine) readOption(spec EntitySpec, f FieldSpec, opt api.OptionRef, group string) (string, bool) {
	dc := e.cfg.Databases[spec.Entity]
	vm := dc.Values[f.Name]
	if k, ok := vm.byOption(opt); ok {
		return k, true
	}
	if opt.ID != "" {
		if k, ok := knownWord(spec, f, opt.Name); ok {
			e.setValues(spec, f, append(vm, OptionMap{Kaigi: k, Notion: opt.Name, ID: opt.ID}))
			return k, true
		}
	}
	if k, ok := vm.byGroup(group); ok {
		return k, true
	}
	return legacyOption(f.Options, opt.Name)
}

// knownWord finds the kaigi value an option name is a word for.
func knownWord(spec EntitySpec, f FieldSpec, name string) (string, bool) {
	for _, k := range f.Options {
		words := append(slices.Clone(optionNames[k]), nativeOption(LangEnglish, spec, f, k), nativeOption(LangJapanese, spec, f, k))
		if f.Name == "priority" {
			words = priorityWords[k]
		}
		if slices.ContainsFunc(words, func(w string) bool { return w != "" && normalizeName(w) == normalizeName(name) }) {
			return k, true
		}
	}
	return "", false
}

func (e *Engine) setValues(spec EntitySpec, f FieldSpec, vm ValueMap) {
	dc := e.cfg.Databases[spec.Entity]
	if dc.Values == nil {
		dc.Values = map[string]ValueMap{}
	}
	dc.Values[f.Name] = vm
	e.cfgChanged = true
}

// encodeOption writes a select, status or checkbox value.
func (e *Engine) encodeOption(ctx context.Context, spec EntitySpec, f FieldSpec, v string, out *encoded) error {
	dc := e.cfg.Databases[spec.Entity]
	propName := dc.Properties[f.Name]
	typ := dc.Types[propName]
	if typ == "" {
		typ = "select"
	}
	entry, ok := dc.Values[f.Name].write(v)
	if !ok && typ == "status" && v != "" {
		// A person may have added the option since: learn it by its name.
		if err := e.learnOption(ctx, spec, f, v); err != nil {
			return err
		}
		entry, ok = dc.Values[f.Name].write(v)
	}
	prop, schemaKnown := e.property(spec, f.Name)
	vm := dc.Values[f.Name]
	if ok && entry.ID != "" && schemaKnown {
		if _, exists := prop.Option(entry.ID, ""); !exists {
			entry.ID = "" // gone from Notion: name it, so a select gets it back
		}
	}
	switch {
	case typ == "checkbox" || v == "":
		out.props[propName] = api.OptionValue(typ, entry.Notion)
	case ok && (entry.ID != "" || typ == "select" || !schemaKnown || slices.Contains(prop.Names(), entry.Notion)):
		out.props[propName] = api.OptionByID(typ, entry.ID, entry.Notion)
	case typ == "status":
		delete(out.written, f.Name)
		out.issues[f.Name] = fieldIssue{kind: "option",
			message: fmt.Sprintf("%s: kaigi's %s %s %q has no option in the status %s, and the Notion API cannot add one", spec.Title, singular(spec), f.Name, v, propName),
			fix:     fmt.Sprintf("add an option for it (e.g. %q) to the %s group of %s in Notion; kaigi picks it up by its name", statusSuggestion(e.cfg.Lang, v), statusGroups[v], propName)}
		return nil
	default:
		name := suggestOption(e.cfg.Lang, spec, f, v)
		out.props[propName] = api.OptionValue(typ, name)
		e.setValues(spec, f, append(vm, OptionMap{Kaigi: v, Notion: name}))
		out.notes = append(out.notes, fmt.Sprintf("%s: kaigi added the option %q to the select %s, for %s %q, which had none", spec.Title, name, propName, f.Name, v))
	}
	out.written[f.Name] = e.roundTrip(spec, f, v)
	return nil
}

// learnOption reads a status's schema again (once a cycle) and maps an
// option whose name is a known word for kaigi's value v.
func (e *Engine) learnOption(ctx context.Context, spec EntitySpec, f FieldSpec, v string) error {
	if _, err := e.readSchema(ctx, spec); err != nil {
		if stop(err) {
			return err
		}
		return nil // the write is held; a later retry reads it again
	}
	prop, _ := e.property(spec, f.Name)
	vm := e.cfg.Databases[spec.Entity].Values[f.Name]
	for _, o := range prop.Options {
		if _, mapped := vm.byOption(api.OptionRef{ID: o.ID, Name: o.Name}); mapped {
			continue
		}
		if k, ok := knownWord(spec, f, o.Name); ok && k == v {
			e.setValues(spec, f, append(vm, OptionMap{Kaigi: v, Notion: o.Name, ID: o.ID}))
			return nil
		}
	}
	return nil
}

// statusSuggestion names an option a person could add for a task state.
func statusSuggestion(lang Lang, v string) string {
	words := optionNames[v]
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

// suggestOption is the name kaigi gives an option for value v.
func suggestOption(lang Lang, spec EntitySpec, f FieldSpec, v string) string {
	if lang == "" {
		lang = LangEnglish
	}
	if n := nativeOption(lang, spec, f, v); n != "" {
		return n
	}
	return v
}

// roundTrip is the value Notion shows back for v: v itself, unless the map
// writes it as an option that reads as another value (a checkbox holds two:
// a dropped agenda shows unchecked, which reads as open).
func (e *Engine) roundTrip(spec EntitySpec, f FieldSpec, v string) string {
	vm := e.cfg.Databases[spec.Entity].Values[f.Name]
	entry, ok := vm.write(v)
	if !ok || v == "" {
		return v
	}
	if k, ok := vm.byOption(api.OptionRef{ID: entry.ID, Name: entry.Notion}); ok {
		return k
	}
	return v
}

func singular(spec EntitySpec) string {
	switch spec.Entity {
	case "series":
		return "series"
	case "ladr":
		return "LADR"
	}
	return string(spec.Entity)
}

// pageTitle is a page's title for messages.
func pageTitle(pg api.Page, dc *DatabaseConfig) string {
	return api.PlainText(pg.Properties[dc.Properties["title"]].Title)
}
