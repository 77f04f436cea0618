package codec

import "github.com/kaigi-dev/kaigi/data"

// Kind is how a kaigi field is kept in Notion.
type Kind string

const (
	KindID       Kind = "id"       // the kaigi ID: rich_text
	KindTitle    Kind = "title"    // the page title
	KindText     Kind = "text"     // rich_text
	KindSelect   Kind = "select"   // select, status, or checkbox with a value map
	KindDate     Kind = "date"     // date-only
	KindDateTime Kind = "datetime" // date with time: a meeting's start, in its series' time zone
	KindEnd      Kind = "end"      // the end of the date-time field it pairs with (same property)
	KindPeople   Kind = "people"
	KindRelation Kind = "relation"
	KindNumber   Kind = "number"
	KindBody     Kind = "body" // the page's blocks, not a property
)

// FieldSpec describes one synced field of an entity. Its property name, and
// the names of its options, in Notion come from the configuration (a team's
// own, or what init made in the team's language: see names.go).
type FieldSpec struct {
	Name    string // kaigi's name, the key of mappings and base values
	Kind    Kind
	Options []string // select options, kaigi's values
	// Default is what an empty value in Notion reads as: kaigi's default for
	// the field, so that kaigi never writes a value into a page just because
	// the page left it empty. Required dates read as the page's creation.
	Default  string
	Target   data.Entity
	TwoWay   bool   // init makes the relation two-way; kaigi writes this side
	Pair     string // KindEnd: the date-time field whose property it shares
	PushOnly bool   // kaigi owns the value (LADR numbers); edits in Notion are not pulled
}

// EntitySpec is one synced database.
type EntitySpec struct {
	Entity data.Entity
	Title  string // how messages name the database (English; the database's own title is the team's)
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

// IDField is the hidden-by-convention identity property of every database,
// made last so that it is the last column people see.
var IDField = FieldSpec{Name: "kaigi_id", Kind: KindID}

// IDProperty is the name of the identity property in every language.
const IDProperty = "kaigi ID"

// Strs turns a list of typed values (data.AgendaStates…) into strings.
func Strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// PageCreated is the Default of required dates: the day (or minute) the page was made.
const PageCreated = "\x00created"

// Specs lists the synced entities in dependency order: a record's relations
// point only at entities listed before it, so creating pages in this order
// sets relations at creation (the meeting ↔ agenda relation is written from
// the meeting side, after its agendas exist).
var Specs = []EntitySpec{
	{Entity: data.EntitySeries, Title: "Series", Fields: []FieldSpec{
		IDField,
		{Name: "title", Kind: KindTitle},
		{Name: "schedule", Kind: KindText, Default: "0 10 * * MON"},
		{Name: "time_zone", Kind: KindText, Default: "UTC"},
		{Name: "attendees", Kind: KindPeople},
	}},
	{Entity: data.EntityAgenda, Title: "Agendas", Fields: []FieldSpec{
		IDField,
		{Name: "title", Kind: KindTitle},
		{Name: "state", Kind: KindSelect, Options: Strs(data.AgendaStates), Default: string(data.AgendaOpen)},
		{Name: "priority", Kind: KindSelect, Options: []string{"1", "2", "3", "4"}, Default: "2"},
		{Name: "owner", Kind: KindPeople},
		{Name: "body", Kind: KindBody},
	}},
	{Entity: data.EntityMeeting, Title: "Meetings", Fields: []FieldSpec{
		IDField,
		{Name: "title", Kind: KindTitle},
		{Name: "starts_at", Kind: KindDateTime, Default: PageCreated},
		{Name: "ends_at", Kind: KindEnd, Pair: "starts_at"},
		{Name: "state", Kind: KindSelect, Options: Strs(data.MeetingStates), Default: string(data.MeetingPlanned)},
		{Name: "series", Kind: KindRelation, Target: data.EntitySeries, TwoWay: true},
		{Name: "agendas", Kind: KindRelation, Target: data.EntityAgenda, TwoWay: true},
		{Name: "attendees", Kind: KindPeople},
		{Name: "notes", Kind: KindBody},
	}},
	{Entity: data.EntityLADR, Title: "LADRs", Fields: []FieldSpec{
		IDField,
		{Name: "title", Kind: KindTitle},
		{Name: "number", Kind: KindNumber, PushOnly: true},
		{Name: "state", Kind: KindSelect, Options: Strs(data.LADRStates), Default: string(data.LADRDraft)},
		{Name: "date", Kind: KindDate, Default: PageCreated},
		{Name: "review_by", Kind: KindDate},
		{Name: "sections", Kind: KindBody},
	}},
	{Entity: data.EntityTask, Title: "Tasks", Fields: []FieldSpec{
		IDField,
		{Name: "title", Kind: KindTitle},
		{Name: "state", Kind: KindSelect, Options: Strs(data.TaskStates), Default: string(data.TaskTodo)},
		{Name: "due", Kind: KindDate},
		{Name: "assignee", Kind: KindPeople},
		{Name: "agenda", Kind: KindRelation, Target: data.EntityAgenda, TwoWay: true},
		{Name: "meeting", Kind: KindRelation, Target: data.EntityMeeting, TwoWay: true},
	}},
	{Entity: data.EntityDecision, Title: "Decisions", Fields: []FieldSpec{
		IDField,
		{Name: "title", Kind: KindTitle},
		{Name: "state", Kind: KindSelect, Options: Strs(data.DecisionStates), Default: string(data.DecisionActive)},
		{Name: "decided_on", Kind: KindDate, Default: PageCreated},
		{Name: "review_by", Kind: KindDate},
		{Name: "agenda", Kind: KindRelation, Target: data.EntityAgenda, TwoWay: true},
		{Name: "meeting", Kind: KindRelation, Target: data.EntityMeeting, TwoWay: true},
		{Name: "ladr", Kind: KindRelation, Target: data.EntityLADR, TwoWay: true},
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

// Singular is how messages name one record of the entity.
func (e EntitySpec) Singular() string {
	switch e.Entity {
	case data.EntitySeries:
		return "series"
	case data.EntityLADR:
		return "LADR"
	}
	return string(e.Entity)
}
