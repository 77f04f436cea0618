package codec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// PropertyTypes lists the Notion property types each kind may map to.
var PropertyTypes = map[Kind][]string{
	KindID:       {"rich_text"},
	KindTitle:    {"title"},
	KindText:     {"rich_text"},
	KindSelect:   {"select", "status", "checkbox"},
	KindDate:     {"date"},
	KindDateTime: {"date"},
	KindEnd:      {"date"},
	KindPeople:   {"people"},
	KindRelation: {"relation"},
	KindNumber:   {"number"},
}

// CheckMapping lists what does not fit in one database's mapping: a missing
// property, a property of the wrong type, a relation into another database
// than its target's (target gives the mapped database of an entity, ok
// false when it has none), a checkbox without a value map.
func CheckMapping(spec EntitySpec, m Mapping, db api.Database, target func(data.Entity) (string, bool)) []string {
	var problems []string
	if _, ok := m.Properties[IDField.Name]; !ok {
		problems = append(problems, fmt.Sprintf("%s: the kaigi ID property is not mapped", spec.Title))
	}
	for field, name := range m.Properties {
		fs, ok := spec.Field(field)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: kaigi has no field %q", spec.Title, field))
			continue
		}
		p, ok := db.Properties[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: field %s is mapped to property %q, which the database does not have", spec.Title, field, name))
			continue
		}
		if !slices.Contains(PropertyTypes[fs.Kind], p.Type) {
			problems = append(problems, fmt.Sprintf("%s: property %q is a %s; field %s needs %s", spec.Title, name, p.Type, field, strings.Join(PropertyTypes[fs.Kind], " or ")))
			continue
		}
		if fs.Kind == KindRelation {
			if id, ok := target(fs.Target); ok && !api.SameID(id, p.RelationTo) {
				problems = append(problems, fmt.Sprintf("%s: relation %q points at another database than the %s database", spec.Title, name, fs.Target))
			}
		}
		if fs.Kind == KindEnd && m.Properties[fs.Pair] != name {
			problems = append(problems, fmt.Sprintf("%s: field %s must map to the property of %s (%q), the date whose end it is", spec.Title, field, fs.Pair, m.Properties[fs.Pair]))
		}
		if p.Type == "checkbox" && len(m.Values[field]) == 0 {
			problems = append(problems, fmt.Sprintf("%s: checkbox %q needs a value map for field %s (which values mean checked)", spec.Title, name, field))
		}
	}
	return problems
}
