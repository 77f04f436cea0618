package codec

import (
	"fmt"
	"slices"
	"sort"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// ProposeValues maps every option of a team's select, status or checkbox to
// kaigi's values, by name in either language (and for priorities, by rank:
// 高/中/低 are 1/2/3), and says what it could not map: a kaigi value without
// an option (kaigi adds one to a select when a record needs it; a status
// cannot get one through the API), and an option no kaigi value reads.
func ProposeValues(spec EntitySpec, f FieldSpec, p api.Property, lang Lang) (ValueMap, []string) {
	if p.Type == "checkbox" {
		return ValueMap{{Kaigi: "open", Notion: "false"}, {Kaigi: "resolved", Notion: "true"}, {Kaigi: "dropped", Notion: "false"}},
			[]string{fmt.Sprintf("%s: %s is the checkbox %q: checked means resolved; open and dropped both show unchecked, so an agenda dropped in kaigi shows open in Notion", spec.Title, f.Name, p.Name)}
	}
	var vm ValueMap
	if f.Name == "priority" {
		vm = priorityMap(p)
	} else {
		for _, o := range p.Options {
			k, ok := KnownWord(spec, f, o.Name)
			if !ok {
				k, ok = LegacyOption(f.Options, o.Name)
			}
			if ok {
				vm = append(vm, OptionMap{Kaigi: k, Notion: o.Name, ID: o.ID})
			}
		}
	}
	sort.SliceStable(vm, func(i, j int) bool {
		return slices.Index(f.Options, vm[i].Kaigi) < slices.Index(f.Options, vm[j].Kaigi)
	})
	if p.Type == "status" {
		vm = append(vm, groupEntries(spec, f, p, vm)...)
	}
	return vm, valueNotes(spec, f, p, vm, lang)
}

// groupEntries map the options of a status group without an entry of their
// own (ones a person adds later) to the group's kaigi value: the one value
// the group's mapped options read as, else the group's natural state.
func groupEntries(spec EntitySpec, f FieldSpec, p api.Property, vm ValueMap) ValueMap {
	var out ValueMap
	var groups []string
	for _, o := range p.Options {
		if o.Group != "" && !slices.Contains(groups, o.Group) {
			groups = append(groups, o.Group)
		}
	}
	for _, g := range groups {
		values := map[string]bool{}
		for _, o := range p.Options {
			if o.Group != g {
				continue
			}
			if k, ok := vm.ByOption(api.OptionRef{ID: o.ID, Name: o.Name}); ok {
				values[k] = true
			}
		}
		k := ""
		switch {
		case len(values) == 1:
			for v := range values {
				k = v
			}
		case len(values) == 0 && StatusField(spec.Entity, f.Name):
			for _, v := range f.Options {
				if statusGroups[v] == g && k == "" {
					k = v
				}
			}
		}
		if k != "" {
			out = append(out, OptionMap{Kaigi: k, Group: g})
		}
	}
	return out
}

// priorityMap maps priority words to kaigi's 1–4: by their own level when
// every level is one option, else in rank order.
func priorityMap(p api.Property) ValueMap {
	type known struct {
		opt   api.Option
		level int
	}
	var ks []known
	levels := map[int]bool{}
	for _, o := range p.Options {
		for lvl := 1; lvl <= 4; lvl++ {
			if slices.ContainsFunc(PriorityNames[fmt.Sprint(lvl)], func(w string) bool { return NormalizeName(w) == NormalizeName(o.Name) }) {
				ks = append(ks, known{o, lvl})
				levels[lvl] = true
				break
			}
		}
	}
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].level < ks[j].level })
	direct := len(levels) == len(ks)
	var vm ValueMap
	for i, k := range ks {
		v := k.level
		if !direct {
			v = min(i+1, 4)
		}
		vm = append(vm, OptionMap{Kaigi: fmt.Sprint(v), Notion: k.opt.Name, ID: k.opt.ID})
	}
	return vm
}

// valueNotes says what the map leaves out.
func valueNotes(spec EntitySpec, f FieldSpec, p api.Property, vm ValueMap, lang Lang) []string {
	var notes []string
	for _, v := range f.Options {
		if _, ok := vm.Write(v); ok && len(vm) > 0 {
			continue
		}
		switch p.Type {
		case "status":
			notes = append(notes, fmt.Sprintf("%s: %s %q has no option in the status %q; add one in Notion (e.g. %q), or records with it keep that %s in kaigi only",
				spec.Title, f.Name, v, p.Name, SuggestOption(lang, data.PriorityLevels, spec, f, v), f.Name))
		default:
			notes = append(notes, fmt.Sprintf("%s: %s %q has no option in the select %q; kaigi will add %q to it when a record needs it",
				spec.Title, f.Name, v, p.Name, SuggestOption(lang, data.PriorityLevels, spec, f, v)))
		}
	}
	for _, o := range p.Options {
		if _, ok := vm.ByOption(api.OptionRef{ID: o.ID, Name: o.Name}); ok {
			continue
		}
		if k, ok := vm.ByGroup(o.Group); ok {
			notes = append(notes, fmt.Sprintf("%s: option %q of %q reads as %s %q (its group, %s)", spec.Title, o.Name, p.Name, f.Name, k, o.Group))
			continue
		}
		notes = append(notes, fmt.Sprintf("%s: option %q of %q maps to no kaigi %s; a page with it is a problem until you map it in the configuration's values",
			spec.Title, o.Name, p.Name, f.Name))
	}
	return notes
}
