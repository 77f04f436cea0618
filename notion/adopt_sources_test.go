package notion

import (
	"context"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// TestAdoptAsksWhichDataSource: adopting a database of two data sources
// lists both in a dry run and refuses without a choice, in one line naming
// them; with --data-source it maps that source's schema, adds the "kaigi
// ID" property there, and keeps the choice for the sync.
func TestAdoptAsksWhichDataSource(t *testing.T) {
	ctx := context.Background()
	j := newJapaneseTeam(t)
	second, err := j.fake.CopyDataSource(j.tasks, "アーカイブ", j.person)
	if err != nil {
		t.Fatal(err)
	}
	first := j.fake.DataSources(j.tasks)[0]
	opts := AdoptOptions{Databases: map[data.Entity]string{data.EntityTask: j.tasks, data.EntityAgenda: j.agendas}, Lang: LangJapanese, DryRun: true}

	_, rep, err := Adopt(ctx, j.client, opts)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if len(rep.Sources) != 2 || !strings.Contains(rep.Sources[0], first) || !strings.Contains(rep.Sources[1], second) ||
		!strings.Contains(rep.Sources[1], "アーカイブ") {
		t.Fatalf("the dry run lists the sources %q", rep.Sources)
	}
	if !hasLine(rep.Notes, "Tasks", "--data-source") || !hasLine(rep.Mapped, "Agendas") {
		t.Fatalf("notes %q, mapped %q", rep.Notes, rep.Mapped)
	}

	opts.DryRun = false
	_, _, err = Adopt(ctx, j.client, opts)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), first) || !strings.Contains(err.Error(), second) ||
		!strings.Contains(err.Error(), "--data-source") {
		t.Fatalf("adopt without a choice: %v", err)
	}
	if names := j.fake.PropertyNames(j.tasks); strings.Contains(strings.Join(names, ","), codec.IDProperty) {
		t.Fatalf("a refused adopt changed the schema: %v", names)
	}

	opts.DataSources = []string{"0123456789abcdef0123456789abcdef"}
	if _, _, err := Adopt(ctx, j.client, opts); err == nil || !strings.Contains(err.Error(), "0123456789abcdef0123456789abcdef") {
		t.Fatalf("adopt with a data source of no adopted database: %v", err)
	}

	opts.DataSources = []string{strings.ReplaceAll(first, "-", "")}
	cfg, rep, err := Adopt(ctx, j.client, opts)
	if err != nil {
		t.Fatalf("adopt with --data-source: %v", err)
	}
	if !strings.Contains(strings.Join(rep.Sources, "\n"), first+") ← kaigi syncs this one") || cfg.Databases[data.EntityTask].Properties["state"] != "ステータス" {
		t.Fatalf("sources %q, tasks mapping %+v", rep.Sources, cfg.Databases[data.EntityTask])
	}
	if names := j.fake.PropertyNames(j.tasks); !strings.Contains(strings.Join(names, ","), codec.IDProperty) {
		t.Fatalf("kaigi ID was not added to the chosen source: %v", names)
	}
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: j.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := KeepAdoptedSources(ctx, st, rep, j.clock.Now()); err != nil {
		t.Fatal(err)
	}
	kept, err := syncdb.New(st).AllSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := kept[sourcesKey(j.tasks)]; s.Mapped != first || len(s.List) != 2 {
		t.Fatalf("kept sources of the tasks database: %+v", s)
	}
}
