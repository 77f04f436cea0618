package codec

import (
	"context"
	"fmt"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// tables is a Resolver over in-memory tables: what the engine would answer
// from its configuration, sync state and store, without Notion.
type tables struct {
	mappings map[data.Entity]*Mapping
	schemas  map[data.Entity]api.Database
	fresh    map[data.Entity]api.Database // what a reread finds (nil: the kept schema)
	users    map[string]string            // Notion user ID → email
	persons  map[string]string            // email → kaigi person ID
	pages    map[string]string            // "entity:id" → page ID
	trashed  map[string]bool              // "entity:id" of records in the kaigi trash without a page
	waits    map[string]bool              // page IDs kaigi cannot take yet
	zones    map[string]string            // series ID → time zone
	priority data.PriorityWords
	learned  int
	rereads  int
}

func newTables() *tables {
	return &tables{mappings: map[data.Entity]*Mapping{}, schemas: map[data.Entity]api.Database{}, fresh: map[data.Entity]api.Database{},
		users: map[string]string{}, persons: map[string]string{}, pages: map[string]string{}, trashed: map[string]bool{},
		waits: map[string]bool{}, zones: map[string]string{}}
}

func (t *tables) Mapping(e data.Entity) Mapping {
	if m := t.mappings[e]; m != nil {
		return *m
	}
	return Mapping{}
}

func (t *tables) Learn(e data.Entity, field string, vm ValueMap) {
	m := t.mappings[e]
	if m.Values == nil {
		m.Values = map[string]ValueMap{}
	}
	m.Values[field] = vm
	t.learned++
}

func (t *tables) Property(spec EntitySpec, field string) (api.Property, bool) {
	p, ok := t.schemas[spec.Entity].Properties[t.Mapping(spec.Entity).Properties[field]]
	return p, ok
}

func (t *tables) Reread(_ context.Context, spec EntitySpec) (bool, error) {
	t.rereads++
	if db, ok := t.fresh[spec.Entity]; ok {
		t.schemas[spec.Entity] = db
	}
	return true, nil
}

func (t *tables) Person(_ context.Context, userID, email, _ string) (string, error) {
	if email == "" {
		email = t.users[userID]
	}
	return t.persons[email], nil
}

func (t *tables) NotionUser(_ context.Context, person string, _ data.Entity, _ string) (string, error) {
	for email, p := range t.persons {
		if p != person {
			continue
		}
		for uid, e := range t.users {
			if e == email {
				return uid, nil
			}
		}
	}
	return "", nil
}

func (t *tables) RelationIDs(context.Context, string, string) ([]string, error) {
	return nil, fmt.Errorf("no relation in these tables is cut short")
}

func (t *tables) Record(_ context.Context, target data.Entity, page, _ string) (string, bool, error) {
	if t.waits[page] {
		return "", true, nil
	}
	for key, p := range t.pages {
		if p == page && len(key) > len(target) && key[:len(target)+1] == string(target)+":" {
			return key[len(target)+1:], false, nil
		}
	}
	return "", false, nil
}

func (t *tables) Page(_ context.Context, target data.Entity, id string) (string, bool, error) {
	p, ok := t.pages[string(target)+":"+id]
	return p, ok, nil
}

func (t *tables) Reachable(_ context.Context, target data.Entity, id string) (bool, error) {
	return !t.trashed[string(target)+":"+id], nil
}

func (t *tables) PriorityWords(context.Context) (data.PriorityWords, error) { return t.priority, nil }

func (t *tables) Zone(_ context.Context, series string) (*time.Location, error) {
	if z, ok := t.zones[series]; ok {
		return time.LoadLocation(z)
	}
	return time.UTC, nil
}
