package notion

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// Config is the sync's mapping, kept in kaigi's database (see
// config_store.go); older kaigi kept it in a file, kaigi-notion.json, which
// is imported on first start. It holds no secret: the token comes from the
// environment or a file.
type Config struct {
	// Database is the identity of the kaigi database the mapping belongs to
	// ("" in files older kaigi wrote): a mapping is never used with another.
	Database data.StoreID `json:"database,omitempty"`
	Parent   string       `json:"parent,omitempty"` // page that holds databases made by init
	// Lang is the language init named things in, and in which kaigi names an
	// option it must add; "" for databases made before init spoke the
	// team's language (see Migrate).
	Lang      Lang                            `json:"lang,omitempty"`
	Winner    merge.Winner                    `json:"winner"`
	Series    data.SeriesID                   `json:"series,omitempty"` // series of records first made in Notion
	Databases map[data.Entity]*DatabaseConfig `json:"databases"`
}

// DatabaseConfig maps one entity to a Notion database.
type DatabaseConfig struct {
	ID string `json:"id"`
	// Properties maps kaigi field names to Notion property names.
	Properties map[string]string `json:"properties"`
	// Values maps, per field, kaigi's values to the options of the team's
	// select, status or checkbox (see codec.ValueMap). A field without a map uses
	// kaigi's own spelling (databases made by init before value maps).
	Values map[string]codec.ValueMap `json:"values,omitempty"`
	// Types records each mapped property's Notion type (select, status,
	// checkbox...), so writes use the right shape without reading the schema.
	Types map[string]string `json:"types,omitempty"`
}

// LoadConfig reads a mapping file; a missing file gives ENOTFOUND with what
// to run.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, data.Errorf(data.ENOTFOUND, "no Notion configuration at %s; run 'kaigi notion init --parent PAGE_ID' or 'kaigi notion adopt' first", path)
	}
	if err != nil {
		return nil, fmt.Errorf("read Notion configuration: %w", err)
	}
	return decodeConfig(b, path)
}

// decodeConfig reads a mapping's JSON, from a file or the database (where
// names it in messages).
func decodeConfig(b []byte, where string) (*Config, error) {
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, &api.ConfigError{Field: "config", Message: fmt.Sprintf("%s is not valid JSON: %v", where, err)}
	}
	if c.Winner == "" {
		c.Winner = merge.WinnerNotion
	}
	if !c.Winner.Valid() {
		return nil, &api.ConfigError{Field: "winner", Message: fmt.Sprintf("winner %q must be \"notion\" or \"kaigi\"", c.Winner)}
	}
	return &c, nil
}

// Save writes the mapping to a file atomically (an export: the database
// keeps the mapping kaigi uses).
func (c *Config) Save(path string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("encode Notion configuration: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("create configuration folder: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o640); err != nil {
		return fmt.Errorf("write Notion configuration: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write Notion configuration: %w", err)
	}
	return nil
}

// CheckMapping refuses a mapping that points at a missing property, at a
// property of the wrong type, or at a relation into the wrong database (see
// codec.CheckMapping). dbs holds the schemas of the databases to check, by
// entity; mapped databases missing from it are not checked.
func (c *Config) CheckMapping(dbs map[data.Entity]api.Database) error {
	target := func(e data.Entity) (string, bool) {
		if dc := c.Databases[e]; dc != nil {
			return dc.ID, true
		}
		return "", false
	}
	var problems []string
	for _, spec := range codec.Specs {
		dc := c.Databases[spec.Entity]
		db, read := dbs[spec.Entity]
		if dc == nil || !read {
			continue // not mapped, or the caller checks only other databases
		}
		m := codec.Mapping{Properties: dc.Properties, Values: dc.Values, Types: dc.Types}
		problems = append(problems, codec.CheckMapping(spec, m, db, target)...)
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return &api.ConfigError{Field: "mapping", Message: mappingMisfit + strings.Join(problems, "; ")}
	}
	return nil
}

const mappingMisfit = "the Notion mapping does not fit the databases: "
