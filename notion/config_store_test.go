package notion

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// openMappingStore opens a new database file, migrated here: testdb's
// copies of one migrated file share its identity, as copies do.
func openMappingStore(t *testing.T) *data.Store {
	t.Helper()
	st, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "kaigi.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func sampleConfig(tasksDB string) *Config {
	return &Config{Winner: merge.WinnerNotion, Lang: LangJapanese, Databases: map[data.Entity]*DatabaseConfig{
		data.EntityTask: {ID: tasksDB, Properties: map[string]string{"title": "名前", "kaigi_id": "kaigi ID"},
			Values: map[string]codec.ValueMap{"state": {{Kaigi: "done", Notion: "完了", ID: "opt1"}}}},
	}}
}

func writeMappingFile(t *testing.T, path string, c *Config) {
	t.Helper()
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
}

func TestEachDatabaseHasItsOwnIdentityAndMapping(t *testing.T) {
	ctx := context.Background()
	a, b := openMappingStore(t), openMappingStore(t)
	ida, _ := a.Identity(ctx)
	idb, _ := b.Identity(ctx)
	if len(ida) != 32 || ida == idb {
		t.Fatalf("identities %q and %q: want two different 32-digit ids", ida, idb)
	}
	if again, _ := a.Identity(ctx); again != ida {
		t.Fatalf("identity changed from %s to %s", ida, again)
	}
	if _, _, err := StoredConfig(ctx, a); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("a new database's mapping: %v, want ENOTFOUND", err)
	}
	if err := StoreConfig(ctx, a, sampleConfig("aaaa"), "init", "/secrets/a"); err != nil {
		t.Fatal(err)
	}
	if err := StoreConfig(ctx, b, sampleConfig("bbbb"), "init", ""); err != nil {
		t.Fatal(err)
	}
	ca, ma, err := StoredConfig(ctx, a)
	if err != nil || ca.Databases[data.EntityTask].ID != "aaaa" || ca.Database != ida || ma.TokenFile != "/secrets/a" || ma.Origin != "init" {
		t.Fatalf("a's mapping: %+v %+v (%v)", ca, ma, err)
	}
	if writes(ca.Databases[data.EntityTask].Values["state"], "done") != "完了" {
		t.Fatalf("value maps lost: %+v", ca.Databases[data.EntityTask].Values)
	}
	// A cycle's save keeps the token's reference; a mapping of b is refused by a.
	ca.Lang = LangEnglish
	if err := StoreConfig(ctx, a, ca, "sync", ""); err != nil {
		t.Fatal(err)
	}
	if _, ma, _ := StoredConfig(ctx, a); ma.TokenFile != "/secrets/a" || ma.Origin != "sync" {
		t.Fatalf("after a cycle's save: %+v", ma)
	}
	cb, _, _ := StoredConfig(ctx, b)
	err = StoreConfig(ctx, a, cb, "adopt", "")
	if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(err.Error(), string(ida)) || !strings.Contains(err.Error(), string(idb)) {
		t.Fatalf("storing b's mapping in a: %v, want a refusal naming both", err)
	}
	if ca, _, _ := StoredConfig(ctx, a); ca.Databases[data.EntityTask].ID != "aaaa" {
		t.Fatal("the refused mapping replaced a's")
	}
}

func TestMappingFileIsImportedOnceAndRenamed(t *testing.T) {
	ctx := context.Background()
	st := openMappingStore(t)
	path := filepath.Join(t.TempDir(), "kaigi-notion.json")
	legacy := sampleConfig("aaaa") // as older kaigi wrote it: no identity
	writeMappingFile(t, path, legacy)
	raw, _ := os.ReadFile(path)

	imported, err := ImportConfigFile(ctx, st, path)
	if err != nil || !imported {
		t.Fatalf("import: %v, %v", imported, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the imported file is still at %s", path)
	}
	if b, _ := os.ReadFile(path + MigratedSuffix); string(b) != string(raw) {
		t.Fatal("the renamed file is not the original")
	}
	stored, m, err := StoredConfig(ctx, st)
	if err != nil || !sameMapping(stored, legacy) || m.Origin != "file "+path {
		t.Fatalf("stored %+v (%v), origin %q", stored, err, m.Origin)
	}
	// Second start: nothing to do.
	if imported, err := ImportConfigFile(ctx, st, path); err != nil || imported {
		t.Fatalf("second start: %v, %v", imported, err)
	}
	// A start that stopped between storing and renaming: the file is only renamed.
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if imported, err := ImportConfigFile(ctx, st, path); err != nil || imported {
		t.Fatalf("interrupted start: %v, %v", imported, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("the file of an interrupted import was not renamed")
	}
	// A copy this database exported (naming it), edited: imported over the stored one.
	edited, _, _ := StoredConfig(ctx, st)
	edited.Databases[data.EntityTask].Values["state"] = codec.ValueMap{{Kaigi: "done", Notion: "済", ID: "opt1"}}
	writeMappingFile(t, path, edited)
	if imported, err := ImportConfigFile(ctx, st, path); err != nil || !imported {
		t.Fatalf("edited export: %v, %v", imported, err)
	}
	if stored, _, _ := StoredConfig(ctx, st); writes(stored.Databases[data.EntityTask].Values["state"], "done") != "済" {
		t.Fatal("the edited value map was not imported")
	}
}

func TestMappingFileOfAnotherDatabaseIsRefused(t *testing.T) {
	ctx := context.Background()
	mine, theirs := openMappingStore(t), openMappingStore(t)
	myID, _ := mine.Identity(ctx)
	theirID, _ := theirs.Identity(ctx)
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		prepare func(t *testing.T, path string)
		want    []string
	}{
		"names another identity": {
			prepare: func(t *testing.T, path string) {
				c := sampleConfig("bbbb")
				c.Database = theirID
				writeMappingFile(t, path, c)
			},
			want: []string{string(theirID), string(myID)},
		},
		"names none and maps other Notion databases than those synced": {
			prepare: func(t *testing.T, path string) {
				schema := syncdb.Schema{DatabaseID: "aaaa", ReadAt: time.Now(), Raw: json.RawMessage(`{}`)}
				if err := syncdb.New(mine).SetCachedSchema(ctx, data.EntityTask, schema); err != nil {
					t.Fatal(err)
				}
				writeMappingFile(t, path, sampleConfig("bbbb"))
			},
			want: []string{"bbbb", "aaaa", string(myID)},
		},
		"names none while the database has its own": {
			prepare: func(t *testing.T, path string) {
				if err := StoreConfig(ctx, mine, sampleConfig("aaaa"), "init", ""); err != nil {
					t.Fatal(err)
				}
				c := sampleConfig("aaaa")
				c.Lang = LangEnglish
				writeMappingFile(t, path, c)
			},
			want: []string{string(myID), "already has its own"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
			tc.prepare(t, path)
			before, _, _ := StoredConfig(ctx, mine)
			imported, err := ImportConfigFile(ctx, mine, path)
			if err == nil || imported || data.ErrorCode(err) != data.ECONFLICT {
				t.Fatalf("import: %v, %v; want a refusal", imported, err)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("refusal %q does not name %q", msg, w)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("refusal is not one line: %q", msg)
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("the refused file was moved: %v", err)
			}
			if after, _, _ := StoredConfig(ctx, mine); (before == nil) != (after == nil) || before != nil && !sameMapping(before, after) {
				t.Error("the refused file changed the stored mapping")
			}
		})
	}
}
