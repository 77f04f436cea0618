package notion

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// A Notion database holds one or more data sources (API 2025-09-03); kaigi
// syncs one, the mapped source, kept in the sync state. It costs no request
// of its own: page writes go at 2025-09-03, whose answers name the page's
// data source (noteSource); adopt keeps the source a person chose; and when
// Notion refuses 2022-06-28 because a person added a source, the sync lists
// the sources and keeps its own. Queries and schema reads of a database of
// one source stay on 2022-06-28 exactly as before, request for request;
// once it has several they go to the mapped source at 2025-09-03. Pages are
// created in the mapped source once it is known (a data_source_id parent).

const unknownSource = "kaigi does not know which one it syncs"

// sourcesKey is how the sync state names a database.
func sourcesKey(dbID string) string { return strings.ToLower(api.CompactID(dbID)) }

// sourcesOf is what is kept of an entity's database's data sources.
func (e *Engine) sourcesOf(ent data.Entity) syncdb.Sources {
	dc := e.cfg.Databases[ent]
	if dc == nil {
		return syncdb.Sources{}
	}
	return e.sources[sourcesKey(dc.ID)]
}

// table is what the entity's queries read: its mapped data source once the
// database has several, else the database.
func (e *Engine) table(spec EntitySpec) api.Table {
	dc := e.cfg.Databases[spec.Entity]
	if s := e.sourcesOf(spec.Entity); s.Several() && s.Mapped != "" {
		return api.Table{Database: dc.ID, Source: s.Mapped}
	}
	return api.Table{Database: dc.ID}
}

// noteSource keeps the data source of a page kaigi wrote, from Notion's
// answer (page writes go at 2025-09-03, whose answers name the page's data
// source): it is the mapped one, learned without a request of its own.
func (e *Engine) noteSource(ctx context.Context, ent data.Entity, pg api.Page) error {
	dc := e.cfg.Databases[ent]
	src := pg.Parent.DataSourceID
	if dc == nil || src == "" || !api.SameID(pg.Parent.DatabaseID, dc.ID) {
		return nil
	}
	key := sourcesKey(dc.ID)
	old, known := e.sources[key]
	if known && old.Mapped != "" {
		return nil
	}
	s := syncdb.Sources{Database: key, List: []syncdb.Source{{ID: src}}, Mapped: src}
	if old.Has(src) {
		s.List = old.List
	}
	if err := e.state.SetSources(ctx, s, e.clock.Now()); err != nil {
		return err
	}
	e.sources[key] = s
	return nil
}

// learnSources lists an entity's database's data sources and keeps them
// with the one kaigi syncs: the one it synced, else the only one, else the
// one kaigi's pages are in. A database of several sources none of which is
// known to be kaigi's is a problem naming them.
func (e *Engine) learnSources(ctx context.Context, spec EntitySpec) error {
	dc := e.cfg.Databases[spec.Entity]
	list, err := e.client.DataSources(ctx, dc.ID)
	if err != nil {
		return err
	}
	key := sourcesKey(dc.ID)
	s := syncdb.Sources{Database: key}
	for _, src := range list {
		s.List = append(s.List, syncdb.Source{ID: src.ID, Name: src.Name})
	}
	switch old := e.sources[key]; {
	case old.Mapped != "" && s.Has(old.Mapped):
		s.Mapped = old.Mapped
	case len(s.List) == 1:
		s.Mapped = s.List[0].ID
	default:
		if s.Mapped, err = e.sourceOfPages(ctx, spec, s); err != nil {
			return err
		}
	}
	if err := e.state.SetSources(ctx, s, e.clock.Now()); err != nil {
		return err
	}
	e.sources[key] = s
	if s.Mapped == "" {
		return &api.ConfigError{Field: "database", Message: fmt.Sprintf("%s: the database %s has several data sources (%s) and %s",
			spec.Title, dc.ID, describeSources(s.List), unknownSource)}
	}
	return nil
}

// sourceOfPages is the data source holding a page kaigi linked, "" when
// kaigi has linked none.
func (e *Engine) sourceOfPages(ctx context.Context, spec EntitySpec, s syncdb.Sources) (string, error) {
	links, err := e.state.PageIDs(ctx, spec.Entity)
	if err != nil {
		return "", err
	}
	pages := make([]string, 0, len(links))
	for _, page := range links {
		pages = append(pages, page)
	}
	for _, page := range sortedKeys(setOf(pages)) {
		src, err := e.client.PageSource(ctx, page)
		if api.IsNotFound(err) {
			continue // trashed for good, or unshared: try another
		}
		if err != nil {
			return "", err
		}
		if s.Has(src) {
			return src, nil
		}
	}
	return "", nil
}

func setOf(ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// describeSources names sources for a person: "Tasks (id), Archive (id)".
func describeSources(list []syncdb.Source) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = fmt.Sprintf("%s (%s)", sourceName(s.Name), s.ID)
	}
	return strings.Join(parts, ", ")
}

// KeepAdoptedSources keeps in the sync state the data sources adopt chose
// (rep.Chosen), so that the sync's first cycle need not list them.
func KeepAdoptedSources(ctx context.Context, st *data.Store, rep AdoptReport, now time.Time) error {
	state := syncdb.New(st)
	for _, ent := range slices.Sorted(maps.Keys(rep.Chosen)) {
		c := rep.Chosen[ent]
		s := syncdb.Sources{Database: sourcesKey(c.Database), Mapped: c.Mapped}
		for _, src := range c.List {
			s.List = append(s.List, syncdb.Source{ID: src.ID, Name: src.Name})
		}
		if err := state.SetSources(ctx, s, now); err != nil {
			return err
		}
	}
	return nil
}

// schemaOf reads an entity's schema: of its mapped data source when the
// database has several, else of the database; the sources are learned when
// Notion refuses 2022-06-28 for a source added since.
func (e *Engine) schemaOf(ctx context.Context, spec EntitySpec) (api.Database, error) {
	dc := e.cfg.Databases[spec.Entity]
	if t := e.table(spec); t.Source != "" {
		return e.client.DataSourceSchema(ctx, t.Source)
	}
	db, err := e.client.Database(ctx, dc.ID)
	if !api.SeveralSources(err) {
		return db, err
	}
	if err := e.learnSources(ctx, spec); err != nil {
		return api.Database{}, err
	}
	return e.client.DataSourceSchema(ctx, e.table(spec).Source)
}

// pullSources runs a database's pull; when Notion refuses 2022-06-28
// because the database has a second data source now, it learns the sources
// once and pulls the mapped one.
func (e *Engine) pullSources(ctx context.Context, spec EntitySpec, full bool) error {
	err := e.pull(ctx, spec, full)
	if !api.SeveralSources(err) || e.table(spec).Source != "" {
		return err
	}
	if err := e.learnSources(ctx, spec); err != nil {
		return err
	}
	return e.pull(ctx, spec, full)
}

// readNamedPage reads a page a webhook or a problem named, which may be in
// any data source, even one added since kaigi last listed them: at
// 2025-09-03, so that its parent names its source (specOfParent leaves the
// others alone). The page is otherwise the same object at both versions.
func (e *Engine) readNamedPage(ctx context.Context, id string) (api.Page, error) {
	return e.client.PageAt(ctx, api.SourcesVersion, id)
}

// createIn makes a page in the entity's mapped data source, or with the
// database as parent while kaigi has not learned its source (accepted while
// the database has one). The answer names the page's source (noteSource).
func (e *Engine) createIn(ctx context.Context, spec EntitySpec, props map[string]any, children []any) (api.Page, error) {
	dc := e.cfg.Databases[spec.Entity]
	if s := e.sourcesOf(spec.Entity); s.Mapped != "" {
		return e.client.CreatePageIn(ctx, api.SourcesVersion, s.Mapped, props, children)
	}
	return e.client.CreatePageAt(ctx, api.SourcesVersion, dc.ID, props, children)
}
