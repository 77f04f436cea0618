package notionfake

import (
	"slices"
	"time"
)

// workspace is everything the fake knows. It is guarded by Fake.mu and is what the state
// file persists, hence the exported fields.
type workspace struct {
	Name      string
	ID        string
	IDs       idSource
	NextSeq   int64
	Users     []*user
	Tokens    map[string]string // bearer token -> bot user ID
	Pages     map[string]*page
	Databases map[string]*database
	Blocks    map[string]*block
	Children  map[string][]string // parent (page or block) ID -> child IDs in order
	Shares    map[string][]string // page or database ID -> bot IDs a person shared it with
	Webhook   *webhookSubscription
	Pending   []WebhookEvent

	// sourcesAPI is true while a request at 2025-09-03 (or a person in
	// Notion's UI) is being handled: it is not refused a database's several
	// data sources.
	sourcesAPI bool
}

type user struct {
	ID        string
	Type      string // "person" or "bot"
	Name      string
	Email     string
	AvatarURL string
}

type parentRef struct {
	Type string // "workspace", "page_id", "database_id" or "block_id"
	ID   string
}

// record holds what pages, databases and blocks share.
type record struct {
	ID        string
	Seq       int64 // creation order
	EditSeq   int64 // last edit order; breaks ties between minute-rounded times
	Created   time.Time
	Edited    time.Time
	CreatedBy string
	EditedBy  string
	InTrash   bool
	Parent    parentRef
}

type page struct {
	record
	Icon  any
	Cover any
	Props map[string]any // property ID -> stored value (see properties.go)
	// Source is the data source of a database page; empty: its database's first.
	Source string `json:",omitempty"`
}

type database struct {
	record
	Title       []any
	Description []any
	Icon        any
	Cover       any
	IsInline    bool
	Schema      []*propSchema
	// Sources are the database's data sources, the first made with it; its
	// schema is the database's own (Schema), the others have their own.
	Sources      []*dataSource
	NextUniqueID int64
}

type propSchema struct {
	ID     string
	Name   string
	Type   string
	Config map[string]any
}

type block struct {
	record
	Type    string
	Content map[string]any
}

func newWorkspace(seed int64, name string) *workspace {
	w := &workspace{
		Name:      name,
		IDs:       idSource{Seed: uint64(seed)},
		Tokens:    map[string]string{},
		Pages:     map[string]*page{},
		Databases: map[string]*database{},
		Blocks:    map[string]*block{},
		Children:  map[string][]string{},
		Shares:    map[string][]string{},
	}
	w.ID = w.IDs.newID()
	return w
}

// stamp fills a new record's identity and times, rounded down to the minute like Notion.
func (w *workspace) stamp(r *record, id, actor string, now time.Time, parent parentRef) {
	w.NextSeq++
	t := now.UTC().Truncate(time.Minute)
	*r = record{ID: id, Seq: w.NextSeq, EditSeq: w.NextSeq, Created: t, Edited: t,
		CreatedBy: actor, EditedBy: actor, Parent: parent}
}

func (w *workspace) touch(r *record, actor string, now time.Time) {
	w.NextSeq++
	r.EditSeq = w.NextSeq
	r.Edited = now.UTC().Truncate(time.Minute)
	r.EditedBy = actor
}

func (w *workspace) userByID(id string) *user {
	for _, u := range w.Users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

func (w *workspace) addChild(parentID, childID string) {
	w.Children[parentID] = append(w.Children[parentID], childID)
}

// recordOf finds any page, database or block by ID.
func (w *workspace) recordOf(id string) *record {
	if p, ok := w.Pages[id]; ok {
		return &p.record
	}
	if d, ok := w.Databases[id]; ok {
		return &d.record
	}
	if b, ok := w.Blocks[id]; ok {
		return &b.record
	}
	return nil
}

func (w *workspace) hasLiveChildren(id string) bool {
	return slices.ContainsFunc(w.Children[id], func(c string) bool {
		r := w.recordOf(c)
		return r != nil && !r.InTrash
	})
}

// owningPage walks up from a block to the page whose content it is.
func (w *workspace) owningPage(id string) *page {
	for range 1000 {
		if p, ok := w.Pages[id]; ok {
			return p
		}
		b, ok := w.Blocks[id]
		if !ok {
			return nil
		}
		id = b.Parent.ID
	}
	return nil
}

func (w *workspace) schemaByName(d *database, nameOrID string) *propSchema {
	for _, s := range d.Schema {
		if s.Name == nameOrID {
			return s
		}
	}
	for _, s := range d.Schema {
		if s.ID == nameOrID {
			return s
		}
	}
	return nil
}

// pageSchema is the schema a page's properties follow: its database's, or just a title.
func (w *workspace) pageSchema(p *page) []*propSchema {
	if p.Parent.Type == "database_id" {
		if d, ok := w.Databases[p.Parent.ID]; ok {
			return w.sourceView(d, w.sourceOf(p)).Schema
		}
	}
	return []*propSchema{{ID: "title", Name: "title", Type: "title", Config: map[string]any{}}}
}
