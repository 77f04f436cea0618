package notion

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
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
	// select, status or checkbox (see ValueMap). A field without a map uses
	// kaigi's own spelling (databases made by init before value maps).
	Values map[string]ValueMap `json:"values,omitempty"`
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

// propertyTypes lists the Notion property types each kind may map to.
var propertyTypes = map[Kind][]string{
	KindID:       {"rich_text"},
	KindTitle:    {"title"},
	KindText:     {"rich_text"},
	KindSelect:   {"select", "status", "checkbox"},
	KindDate:     {"date"},
	KindDateTime: {"date"},
	KindEnd:      {"date"},
	KindPeople:   {"people"},
	KindRelation: {"relation"},
	KindNumber:   {"number"},
}

// CheckMapping refuses a mapping that points at a missing property, at a
// property of the wrong type, or at a relation into the wrong database. dbs
// holds the schemas of the databases to check, by entity; mapped databases
// missing from it are not checked.
func (c *Config) CheckMapping(dbs map[data.Entity]api.Database) error {
	var problems []string
	for _, spec := range Specs {
		dc := c.Databases[spec.Entity]
		db, read := dbs[spec.Entity]
		if dc == nil || !read {
			continue // not mapped, or the caller checks only other databases
		}
		if _, ok := dc.Properties[idField.Name]; !ok {
			problems = append(problems, fmt.Sprintf("%s: the kaigi ID property is not mapped", spec.Title))
		}
		for field, name := range dc.Properties {
			fs, ok := spec.Field(field)
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: kaigi has no field %q", spec.Title, field))
				continue
			}
			p, ok := db.Properties[name]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: field %s is mapped to property %q, which the database does not have", spec.Title, field, name))
				continue
			}
			if !slices.Contains(propertyTypes[fs.Kind], p.Type) {
				problems = append(problems, fmt.Sprintf("%s: property %q is a %s; field %s needs %s", spec.Title, name, p.Type, field, strings.Join(propertyTypes[fs.Kind], " or ")))
				continue
			}
			if fs.Kind == KindRelation {
				if target := c.Databases[fs.Target]; target != nil && !api.SameID(target.ID, p.RelationTo) {
					problems = append(problems, fmt.Sprintf("%s: relation %q points at another database than the %s database", spec.Title, name, fs.Target))
				}
			}
			if fs.Kind == KindEnd && dc.Properties[fs.Pair] != name {
				problems = append(problems, fmt.Sprintf("%s: field %s must map to the property of %s (%q), the date whose end it is", spec.Title, field, fs.Pair, dc.Properties[fs.Pair]))
			}
			if p.Type == "checkbox" && len(dc.Values[field]) == 0 {
				problems = append(problems, fmt.Sprintf("%s: checkbox %q needs a value map for field %s (which values mean checked)", spec.Title, name, field))
			}
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return &api.ConfigError{Field: "mapping", Message: mappingMisfit + strings.Join(problems, "; ")}
	}
	return nil
}

const mappingMisfit = "the Notion mapping does not fit the databases: "
