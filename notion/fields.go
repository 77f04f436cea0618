package notion

import "github.com/kaigi-dev/kaigi/data"

// Kind is how a kaigi field is kept in Notion.
type Kind string

const (
	KindID       Kind = "id"       // the kaigi ID: rich_text
	KindTitle    Kind = "title"    // the page title
	KindText     Kind = "text"     // rich_text
	KindSelect   Kind = "select"   // select, status, or checkbox with a value map
	KindDate     Kind = "date"     // date-only
	KindDateTime Kind = "datetime" // date with time
	KindPeople   Kind = "people"
	KindRelation Kind = "relation"
	KindNumber   Kind = "number"
	KindBody     Kind = "body" // the page's blocks, not a property
)

// FieldSpec describes one synced field of an entity.
type FieldSpec struct {
	Name     string // kaigi's name, the key of mappings and base values
	Kind     Kind
	Property string   // the property name `kaigi notion init` creates
	Options  []string // select options, kaigi's values
	Target   data.Entity
	Synced   string // for a two-way relation made by init: the name on the target's side
	PushOnly bool   // kaigi owns the value (LADR numbers); edits in Notion are not pulled
}

// EntitySpec is one synced database.
type EntitySpec struct {
	Entity data.Entity
	Title  string // database title made by init
	Fields []FieldSpec
}

// Field returns the spec of a field by name.
func (e EntitySpec) Field(name string) (FieldSpec, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldSpec{}, false
}

// idField is the hidden-by-convention identity property of every database.
var idField = FieldSpec{Name: "kaigi_id", Kind: KindID, Property: "kaigi ID"}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Specs lists the synced entities in dependency order: a record's relations
// point only at entities listed before it, so creating pages in this order
// sets relations at creation (the meeting ↔ agenda relation is written from
// the meeting side, after its agendas exist).
var Specs = []EntitySpec{
	{Entity: data.EntityAgenda, Title: "Agendas", Fields: []FieldSpec{
		idField,
		{Name: "title", Kind: KindTitle, Property: "Name"},
		{Name: "state", Kind: KindSelect, Property: "State", Options: strs(data.AgendaStates)},
		{Name: "priority", Kind: KindSelect, Property: "Priority", Options: []string{"1", "2", "3", "4"}},
		{Name: "owner", Kind: KindPeople, Property: "Owner"},
		{Name: "body", Kind: KindBody},
	}},
	{Entity: data.EntityMeeting, Title: "Meetings", Fields: []FieldSpec{
		idField,
		{Name: "title", Kind: KindTitle, Property: "Name"},
		{Name: "starts_at", Kind: KindDateTime, Property: "Date"},
		{Name: "state", Kind: KindSelect, Property: "State", Options: strs(data.MeetingStates)},
		{Name: "agendas", Kind: KindRelation, Property: "Agendas", Target: data.EntityAgenda, Synced: "Meetings"},
		{Name: "notes", Kind: KindBody},
	}},
	{Entity: data.EntityLADR, Title: "LADRs", Fields: []FieldSpec{
		idField,
		{Name: "title", Kind: KindTitle, Property: "Name"},
		{Name: "number", Kind: KindNumber, Property: "Number", PushOnly: true},
		{Name: "state", Kind: KindSelect, Property: "Status", Options: strs(data.LADRStates)},
		{Name: "date", Kind: KindDate, Property: "Date"},
		{Name: "review_by", Kind: KindDate, Property: "Review by"},
		{Name: "sections", Kind: KindBody},
	}},
	{Entity: data.EntityTask, Title: "Tasks", Fields: []FieldSpec{
		idField,
		{Name: "title", Kind: KindTitle, Property: "Name"},
		{Name: "state", Kind: KindSelect, Property: "Status", Options: strs(data.TaskStates)},
		{Name: "due", Kind: KindDate, Property: "Due"},
		{Name: "assignee", Kind: KindPeople, Property: "Assignee"},
		{Name: "agenda", Kind: KindRelation, Property: "Agenda", Target: data.EntityAgenda, Synced: "Tasks"},
		{Name: "meeting", Kind: KindRelation, Property: "Meeting", Target: data.EntityMeeting, Synced: "Tasks"},
	}},
	{Entity: data.EntityDecision, Title: "Decisions", Fields: []FieldSpec{
		idField,
		{Name: "title", Kind: KindTitle, Property: "Name"},
		{Name: "state", Kind: KindSelect, Property: "State", Options: strs(data.DecisionStates)},
		{Name: "decided_on", Kind: KindDate, Property: "Decided on"},
		{Name: "review_by", Kind: KindDate, Property: "Review by"},
		{Name: "agenda", Kind: KindRelation, Property: "Agenda", Target: data.EntityAgenda, Synced: "Decisions"},
		{Name: "ladr", Kind: KindRelation, Property: "LADR", Target: data.EntityLADR, Synced: "Decisions"},
		{Name: "body", Kind: KindBody},
	}},
}

// SpecOf returns the spec of an entity; ok is false for entities that are not synced.
func SpecOf(e data.Entity) (EntitySpec, bool) {
	for _, s := range Specs {
		if s.Entity == e {
			return s, true
		}
	}
	return EntitySpec{}, false
}
