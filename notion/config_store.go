package notion

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// The mapping lives in the kaigi database it maps (migration 0070), so two
// databases in one folder each keep their own, and names the database's
// identity, so a mapping or a file made for one database is refused by
// another. See docs/design.md, "Issue 24 (mapping with the database)".

// MigratedSuffix is added to a mapping file's name once the database holds
// its mapping: the file stays for a person to read, and is not imported
// again, nor by another database in the folder.
const MigratedSuffix = ".migrated"

// StoredConfig returns the mapping kept in st with how it was stored; a
// database without one gives ENOTFOUND with what to run.
func StoredConfig(ctx context.Context, st *data.Store) (*Config, syncdb.Mapping, error) {
	m, ok, err := syncdb.New(st).Mapping(ctx)
	if err != nil {
		return nil, m, err
	}
	if !ok {
		return nil, m, data.Errorf(data.ENOTFOUND, "this kaigi database has no Notion mapping; run 'kaigi notion init --parent PAGE_ID' or 'kaigi notion adopt' first")
	}
	c, err := decodeConfig(m.Config, "the stored Notion mapping")
	if err != nil {
		return nil, m, err
	}
	if err := checkIdentity(ctx, st, c, "the stored Notion mapping"); err != nil {
		return nil, m, err
	}
	return c, m, nil
}

// StoreConfig saves c as st's mapping in one statement, naming st's
// identity; origin says what made it (init, adopt, migrate, sync) and
// tokenFile where the token was read from ("" keeps the one stored).
func StoreConfig(ctx context.Context, st *data.Store, c *Config, origin, tokenFile string) error {
	id, err := st.Identity(ctx)
	if err != nil {
		return err
	}
	if c.Database != "" && c.Database != id {
		return foreignMapping("this Notion mapping", c.Database, id)
	}
	c.Database = id
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode Notion configuration: %w", err)
	}
	return syncdb.New(st).SaveMapping(ctx, syncdb.Mapping{Config: b, TokenFile: tokenFile, Origin: origin, SavedAt: st.Now()})
}

// ImportConfigFile brings the mapping file at path (kaigi-notion.json, as
// older kaigi wrote it, or a file 'kaigi notion mapping' exported) into st,
// then renames it with MigratedSuffix. It is idempotent: without a file it
// does nothing, and a file whose mapping st already holds is only renamed.
// A file is refused when it names another database's identity, when it
// names none but maps other Notion databases than those st last synced,
// and when it names none while st already holds a different mapping: each
// of these is another database's mapping. It reports whether it imported.
func ImportConfigFile(ctx context.Context, st *data.Store, path string) (bool, error) {
	c, err := LoadConfig(path)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := checkIdentity(ctx, st, c, path); err != nil {
		return false, err
	}
	legacy := c.Database == ""
	if legacy {
		if err := checkSynced(ctx, st, c, path); err != nil {
			return false, err
		}
	}
	stored, m, err := StoredConfig(ctx, st)
	switch {
	case data.ErrorCode(err) == data.ENOTFOUND:
	case err != nil:
		return false, err
	case sameMapping(stored, c):
		return false, markMigrated(path) // stored before, renaming was interrupted
	case legacy:
		id, _ := st.Identity(ctx)
		return false, data.Errorf(data.ECONFLICT, "%s names no kaigi database and this database (%s) already has its own Notion mapping (from %s); it is not this database's: move it away", path, id, m.Origin)
	}
	if err := StoreConfig(ctx, st, c, "file "+path, ""); err != nil {
		return false, err
	}
	return true, markMigrated(path)
}

// checkIdentity refuses a mapping that names another database than st.
func checkIdentity(ctx context.Context, st *data.Store, c *Config, what string) error {
	if c.Database == "" {
		return nil
	}
	id, err := st.Identity(ctx)
	if err != nil {
		return err
	}
	if c.Database != id {
		return foreignMapping(what, c.Database, id)
	}
	return nil
}

func foreignMapping(what string, theirs, ours data.StoreID) error {
	return data.Errorf(data.ECONFLICT, "%s is the Notion mapping of kaigi database %s, not of this database %s; give this database its own with 'kaigi notion init' or 'kaigi notion adopt'", what, theirs, ours)
}

// checkSynced refuses a file without an identity that maps an entity to
// another Notion database than the one st's sync last read: older kaigi
// wrote one file per folder, so it may be another database's.
func checkSynced(ctx context.Context, st *data.Store, c *Config, path string) error {
	state := syncdb.New(st)
	for _, spec := range codec.Specs {
		dc := c.Databases[spec.Entity]
		s, ok, err := state.CachedSchema(ctx, spec.Entity)
		if err != nil {
			return err
		}
		if dc == nil || !ok || api.SameID(s.DatabaseID, dc.ID) {
			continue
		}
		id, _ := st.Identity(ctx)
		return data.Errorf(data.ECONFLICT, "%s maps %s to Notion database %s, but this kaigi database (%s) syncs them with %s: it is another database's mapping; move it away, or name this database's own with --config", path, spec.Title, dc.ID, id, s.DatabaseID)
	}
	return nil
}

// sameMapping compares two mappings as stored, identity aside.
func sameMapping(a, b *Config) bool {
	x, y := *a, *b
	x.Database, y.Database = "", ""
	ja, err1 := json.Marshal(x)
	jb, err2 := json.Marshal(y)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

func markMigrated(path string) error {
	err := os.Rename(path, path+MigratedSuffix)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("rename the imported Notion mapping file: %w", err)
	}
	return nil
}
