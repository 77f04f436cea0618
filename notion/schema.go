package notion

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Schemas are kept between cycles (in the sync state, so a CLI run reads
// none) and read again only when something says a database changed: a
// mapped property missing from a page, a write refused for its schema, an
// option kaigi does not know, or a database with a standing problem (so a
// fix shows at the next cycle).

// schema returns an entity's database schema: kept, else read.
func (e *Engine) schema(ctx context.Context, spec EntitySpec) (api.Database, error) {
	dc := e.cfg.Databases[spec.Entity]
	if db, ok := e.schemas[spec.Entity]; ok && api.SameID(db.ID, dc.ID) {
		return db, nil
	}
	kept, ok, err := e.state.CachedSchema(ctx, spec.Entity)
	if err != nil {
		return api.Database{}, err
	}
	if ok && api.SameID(kept.DatabaseID, dc.ID) {
		var db api.Database
		if err := json.Unmarshal(kept.Raw, &db); err == nil {
			e.schemas[spec.Entity] = db
			return db, nil
		}
	}
	return e.readSchema(ctx, spec)
}

// readSchema reads a database's schema from Notion and keeps it; once per
// cycle at most.
func (e *Engine) readSchema(ctx context.Context, spec EntitySpec) (api.Database, error) {
	if e.reread[spec.Entity] {
		return e.schemas[spec.Entity], nil
	}
	dc := e.cfg.Databases[spec.Entity]
	db, err := e.schemaOf(ctx, spec)
	if err != nil {
		return api.Database{}, err
	}
	e.reread[spec.Entity] = true
	e.schemas[spec.Entity] = db
	raw, err := json.Marshal(db)
	if err != nil {
		return db, fmt.Errorf("encode schema: %w", err)
	}
	return db, e.state.SetCachedSchema(ctx, spec.Entity, syncdb.Schema{DatabaseID: dc.ID, ReadAt: e.clock.Now(), Raw: raw})
}

// property is the schema of a mapped field's property, from the kept schema.
func (e *Engine) property(spec EntitySpec, field string) (api.Property, bool) {
	dc := e.cfg.Databases[spec.Entity]
	p, ok := e.schemas[spec.Entity].Properties[dc.Properties[field]]
	return p, ok
}

// checkSchemas checks the mapping of every mapped database against its
// schema (kept, or read again while the database has a problem, so a fix
// shows at once) and keeps one problem per database that does not fit, so
// that the cycle leaves it alone. A rejected token stops the cycle.
func (e *Engine) checkSchemas(ctx context.Context) error {
	e.broken = map[data.Entity]bool{}
	for _, spec := range codec.Specs {
		dc := e.cfg.Databases[spec.Entity]
		if dc == nil || dc.ID == "" {
			continue
		}
		key := databaseKey(spec.Entity)
		_, standing, err := e.state.Problem(ctx, key)
		if err != nil {
			return err
		}
		var db api.Database
		if standing {
			db, err = e.readSchema(ctx, spec)
		} else {
			db, err = e.schema(ctx, spec)
		}
		if err == nil {
			err = e.cfg.CheckMapping(map[data.Entity]api.Database{spec.Entity: db})
			if err != nil && !e.reread[spec.Entity] {
				// The kept schema may be older than the mapping (adopt or
				// migrate ran since): check against the database as it is.
				if db, err = e.readSchema(ctx, spec); err == nil {
					err = e.cfg.CheckMapping(map[data.Entity]api.Database{spec.Entity: db})
				}
			}
		}
		if stop(err) {
			return err
		}
		if err != nil {
			e.databaseProblem(ctx, spec, err)
		}
		// A fitting mapping clears nothing yet: the database's problem may be
		// another (several data sources); its pull clears it when it works.
	}
	return nil
}

// schemaDrift handles a pull or push that met a schema other than the kept
// one: the schema is read again and checked; the database gets its problem
// if the mapping no longer fits.
func (e *Engine) schemaDrift(ctx context.Context, spec EntitySpec, cause error) error {
	db, err := e.readSchema(ctx, spec)
	if err == nil {
		err = e.cfg.CheckMapping(map[data.Entity]api.Database{spec.Entity: db})
	}
	if stop(err) {
		return err
	}
	if err == nil {
		err = cause
	}
	e.databaseProblem(ctx, spec, err)
	return nil
}

// schemaRefused reports a write Notion refused because of the database's
// schema (a property or option that no longer exists).
func schemaRefused(err error) bool {
	var ae *api.APIError
	if !errors.As(err, &ae) || ae.Status != 400 {
		return false
	}
	m := ae.Message
	return strings.Contains(m, "is not a property that exists") || strings.Contains(m, "option") && strings.Contains(m, "does not exist")
}

func databaseKey(e data.Entity) string { return "database:" + string(e) }

// databaseProblem keeps the one problem of a database that cannot sync.
func (e *Engine) databaseProblem(ctx context.Context, spec EntitySpec, err error) {
	e.broken[spec.Entity] = true
	msg, fix := userMessage(err), ""
	var ce *api.ConfigError
	if errors.As(err, &ce) {
		msg = strings.TrimPrefix(ce.Message, mappingMisfit)
	}
	dc := e.cfg.Databases[spec.Entity]
	kind := "database"
	if strings.Contains(msg, "several data sources") {
		kind = "sources"
		// kaigi syncs one source of a split database once it knows which.
		if !strings.Contains(msg, unknownSource) {
			msg = fmt.Sprintf("the %s database (%s) has several data sources, and kaigi could not list them to find its own", spec.Title, dc.ID)
		}
		fix = fmt.Sprintf("choose the data source kaigi syncs: kaigi notion adopt --%s %s --data-source SOURCE_ID", strings.ToLower(spec.Title), dc.ID)
	}
	if !strings.HasPrefix(msg, spec.Title) {
		msg = spec.Title + ": " + msg
	}
	e.problem(ctx, syncdb.Problem{Key: databaseKey(spec.Entity), Kind: kind, Entity: spec.Entity,
		URL: e.schemas[spec.Entity].URL, Message: msg, Fix: fix})
}
