package codec

import (
	"context"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// Mapping is what the codec reads of one database's configuration: kaigi
// fields to property names, each select field's value map, each mapped
// property's Notion type.
type Mapping struct {
	Properties map[string]string
	Values     map[string]ValueMap
	Types      map[string]string
}

// Resolver is what the codec asks of the sync engine: who people are on the
// other side, which page a record has (and which record a page is), the
// databases' schemas and mappings, and a series' time zone. Its errors stop
// the call they come from.
type Resolver interface {
	// Mapping is the mapping of an entity's database.
	Mapping(e data.Entity) Mapping
	// Learn keeps a field's value map after the codec learned or added an option.
	Learn(e data.Entity, field string, vm ValueMap)
	// Property is a mapped field's property in the kept schema.
	Property(spec EntitySpec, field string) (api.Property, bool)
	// Reread reads the database's schema again (once a cycle); ok is false
	// when Notion could not answer and the kept schema stands.
	Reread(ctx context.Context, spec EntitySpec) (ok bool, err error)

	// Person is the kaigi person of a Notion user ("" for one kaigi cannot
	// match, which the resolver keeps as a problem naming page).
	Person(ctx context.Context, userID, email, page string) (string, error)
	// NotionUser is the Notion user of a kaigi person ("" for one without,
	// whose record waits for them).
	NotionUser(ctx context.Context, person string, record data.Entity, recordID string) (string, error)

	// RelationIDs lists every page of a relation Notion cut short (has_more).
	RelationIDs(ctx context.Context, page, property string) ([]string, error)
	// Record is the record of target that a related page is; waits is true
	// when the page cannot be taken yet (it has a problem of its own; the
	// resolver remembers that from waits for it).
	Record(ctx context.Context, target data.Entity, page, from string) (id string, waits bool, err error)
	// Page is the page of a record, if it has one.
	Page(ctx context.Context, target data.Entity, id string) (page string, ok bool, err error)
	// Reachable reports a record that has a page, or may get one (it is
	// not in the kaigi trash without one).
	Reachable(ctx context.Context, target data.Entity, id string) (bool, error)

	// PriorityWords are the team's words for priorities, in which kaigi
	// names a priority option it must add.
	PriorityWords(ctx context.Context) (data.PriorityWords, error)
	// Zone is a series' time zone ("" names the default series).
	Zone(ctx context.Context, series string) (*time.Location, error)
}

// Codec translates between one configuration's pages and kaigi's fields.
type Codec struct {
	Lang     Lang // in which kaigi names an option it must add
	Resolver Resolver
}

// FieldIssue is why kaigi cannot take one field of a page (or cannot write
// one field of a record): the field is held, the rest syncs.
type FieldIssue struct {
	Kind    string // "value", "invalid", "option", "waits"
	Message string
	Fix     string
}
