package notionfake

import (
	"errors"
	"slices"
)

// User describes a workspace member or integration bot for seeding.
type User struct {
	ID        string // empty: generated
	Name      string
	Email     string // persons only
	AvatarURL string
	Bot       bool
}

// AddUser adds a person or bot and returns its dashed ID.
func (f *Fake) AddUser(u User) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ws.addUser(u)
}

func (w *workspace) addUser(u User) string {
	id, ok := normalizeID(u.ID)
	if !ok {
		id = w.IDs.newID()
	}
	typ := "person"
	if u.Bot {
		typ = "bot"
	}
	w.Users = append(w.Users, &user{ID: id, Type: typ, Name: u.Name, Email: u.Email, AvatarURL: u.AvatarURL})
	return id
}

// AddPerson adds a workspace member who can edit pages through As.
func (f *Fake) AddPerson(name, email string) string {
	return f.AddUser(User{Name: name, Email: email})
}

// AddIntegration creates an integration (a bot user) and returns a bearer token for it.
func (f *Fake) AddIntegration(name string) (token, botID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	botID = f.ws.addUser(User{Name: name, Bot: true})
	token = f.ws.IDs.newToken()
	f.ws.Tokens[token] = botID
	return token, botID
}

// AddToken makes token authenticate as the existing bot botID (e.g. a recorded token).
func (f *Fake) AddToken(token, botID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ws.Tokens[token] = mustNormalize(botID)
}

// CreateSharedPage creates a top-level page shared with every integration that exists at
// the time (see Share for later ones), e.g. the parent under which `kaigi notion init`
// creates databases. id may be empty (generated).
func (f *Fake) CreateSharedPage(id, title, creatorID string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	pageID, ok := normalizeID(id)
	if !ok {
		pageID = f.ws.IDs.newID()
	}
	p := &page{Props: map[string]any{}}
	f.ws.stamp(&p.record, pageID, mustNormalize(creatorID), f.clock.Now(), parentRef{Type: "workspace"})
	p.Props["title"] = []any{}
	if title != "" {
		p.Props["title"], _ = f.ws.normalizeRichText([]any{map[string]any{"text": map[string]any{"content": title}}}, "title")
	}
	f.ws.Pages[pageID] = p
	f.ws.shareWithAllBots(pageID)
	return pageID
}

// SetDataSourceCount adds data sources to a database until it has n (see
// AddDataSource); a database loses none.
func (f *Fake) SetDataSourceCount(databaseID string, n int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.ws.Databases[mustNormalize(databaseID)]
	if !ok {
		return errors.New("notionfake: no such database " + databaseID)
	}
	if n < len(d.Sources) {
		return errors.New("notionfake: a database keeps its data sources")
	}
	for len(d.Sources) < n {
		f.ws.addSource(d, "Source "+itoa(len(d.Sources)+1), d.EditedBy, f.clock.Now())
	}
	return nil
}

// AddDataSource adds a data source to a database, as a person does in
// Notion's UI, and returns its ID. From then on API version 2022-06-28 can
// no longer use the database (see datasources.go).
func (f *Fake) AddDataSource(databaseID, name, personID string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.ws.Databases[mustNormalize(databaseID)]
	if !ok {
		return "", errors.New("notionfake: no such database " + databaseID)
	}
	return f.ws.addSource(d, name, mustNormalize(personID), f.clock.Now()).ID, nil
}

// CopyDataSource adds a data source with the first one's properties (none
// of its pages), as a person duplicating a data source does, and returns
// its ID.
func (f *Fake) CopyDataSource(databaseID, name, personID string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.ws.Databases[mustNormalize(databaseID)]
	if !ok {
		return "", errors.New("notionfake: no such database " + databaseID)
	}
	src := f.ws.addSource(d, name, mustNormalize(personID), f.clock.Now())
	src.Schema = nil
	for _, s := range d.Schema {
		cfg, _ := asObject(cloneJSON(s.Config))
		src.Schema = append(src.Schema, &propSchema{ID: s.ID, Name: s.Name, Type: s.Type, Config: cfg})
	}
	return src.ID, nil
}

// DataSources lists a database's data source IDs, the first made with it first.
func (f *Fake) DataSources(databaseID string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.ws.Databases[mustNormalize(databaseID)]
	if !ok {
		return nil
	}
	out := make([]string, len(d.Sources))
	for i, s := range d.Sources {
		out[i] = s.ID
	}
	return out
}

// SourcePages returns the live pages of one data source in creation order.
func (f *Fake) SourcePages(sourceID string) []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, src := f.ws.findSource(mustNormalize(sourceID))
	if d == nil {
		return nil
	}
	var pages []*page
	for _, p := range f.ws.Pages {
		if p.Parent.Type == "database_id" && p.Parent.ID == d.ID && f.ws.sourceOf(p) == src && !p.InTrash {
			pages = append(pages, p)
		}
	}
	slices.SortFunc(pages, func(a, b *page) int { return int(a.Seq - b.Seq) })
	out := make([]map[string]any, len(pages))
	for i, p := range pages {
		out[i] = f.ws.renderPage(p)
	}
	return out
}

// Page returns a page as GET /v1/pages/{id} would (trashed pages included).
func (f *Fake) Page(id string) (map[string]any, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.ws.Pages[mustNormalize(id)]
	if !ok {
		return nil, false
	}
	return f.ws.renderPage(p), true
}

// Database returns a database as GET /v1/databases/{id} would.
func (f *Fake) Database(id string) (map[string]any, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.ws.Databases[mustNormalize(id)]
	if !ok {
		return nil, false
	}
	return f.ws.renderDatabase(d), true
}

// DatabasePages returns the pages of a database in creation order, relations untruncated
// in RelationIDs; trashed pages only when includeTrashed.
func (f *Fake) DatabasePages(databaseID string, includeTrashed bool) []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := mustNormalize(databaseID)
	var pages []*page
	for _, p := range f.ws.Pages {
		if p.Parent.Type == "database_id" && p.Parent.ID == id && (includeTrashed || !p.InTrash) {
			pages = append(pages, p)
		}
	}
	slices.SortFunc(pages, func(a, b *page) int { return int(a.Seq - b.Seq) })
	out := make([]map[string]any, len(pages))
	for i, p := range pages {
		out[i] = f.ws.renderPage(p)
	}
	return out
}

// RelationIDs returns every page ID of a page's relation property (by name), untruncated.
func (f *Fake) RelationIDs(pageID, property string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.ws.Pages[mustNormalize(pageID)]
	if !ok {
		return nil
	}
	s := findSchema(f.ws.pageSchema(p), property)
	if s == nil {
		return nil
	}
	ids, _ := asArray(p.Props[s.ID])
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if str, ok := asString(id); ok {
			out = append(out, str)
		}
	}
	return out
}

// Blocks returns the live (untrashed) blocks under a page or block, as block objects in
// order, each with its own live children under the extra key "children".
func (f *Fake) Blocks(parentID string) []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ws.blockTree(mustNormalize(parentID))
}

func (w *workspace) blockTree(parentID string) []map[string]any {
	var out []map[string]any
	for _, it := range w.listChildren(parentID) {
		if it.Hidden {
			continue
		}
		b := it.Render()
		if _, isBlock := w.Blocks[it.ID]; isBlock {
			b["children"] = w.blockTree(it.ID)
		}
		out = append(out, b)
	}
	return out
}

// PropertyNames lists a database's properties in the order they were made,
// which is the order Notion's default view shows them in.
func (f *Fake) PropertyNames(databaseID string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.ws.Databases[mustNormalize(databaseID)]
	if !ok {
		return nil
	}
	out := make([]string, 0, len(d.Schema))
	for _, s := range d.Schema {
		out = append(out, s.Name)
	}
	return out
}
