package notion

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// pageTitles lists the titles of a data source's live pages.
func (h *harness) sourceTitles(source, property string) []string {
	var out []string
	for _, p := range h.fake.SourcePages(source) {
		props, _ := p["properties"].(map[string]any)
		prop, _ := props[property].(map[string]any)
		items, _ := prop["title"].([]any)
		var b strings.Builder
		for _, it := range items {
			m, _ := it.(map[string]any)
			s, _ := m["plain_text"].(string)
			b.WriteString(s)
		}
		out = append(out, b.String())
	}
	return out
}

// TestSecondDataSourceKeepsSyncingTheMappedSource: a database kaigi syncs
// gets a second data source from a person in Notion. The next cycles keep
// syncing the source kaigi mapped, both ways, with no problem and no
// duplicate page; a page made in the new source is left alone; relations
// to the database are still written; new pages go to the mapped source.
func TestSecondDataSourceKeepsSyncingTheMappedSource(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 61, nil)
	tasksDB, agendasDB := h.db(data.EntityTask), h.db(data.EntityAgenda)
	mapped := h.fake.DataSources(tasksDB)[0]
	before := newTask(t, h, "Before the split")
	earlier := data.Agenda{SeriesID: h.series, Title: "Before the split"}
	if err := h.store.CreateAgenda(ctx, &earlier, ""); err != nil {
		t.Fatal(err)
	}
	h.cycle()
	// kaigi learned each database's source from the answers to its writes.
	kept, err := h.state().AllSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := kept[sourcesKey(tasksDB)]; s.Mapped != mapped {
		t.Fatalf("kept source of the tasks database before the split: %+v", s)
	}
	beforePage := h.pageOf(data.EntityTask, string(before.ID))

	second, err := h.fake.CopyDataSource(tasksDB, "Someone else's", h.person)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.AddDataSource(agendasDB, "Drafts", h.person); err != nil {
		t.Fatal(err)
	}
	editor := h.fake.As(h.person)
	if _, err := editor.CreatePageIn(second, map[string]any{"Name": title("Not kaigi's")}); err != nil {
		t.Fatal(err)
	}
	if err := editor.UpdateProperties(beforePage, map[string]any{"Name": title("Edited in Notion")}); err != nil {
		t.Fatal(err)
	}
	a := data.Agenda{SeriesID: h.series, Title: "Split agendas"}
	if err := h.store.CreateAgenda(ctx, &a, ""); err != nil {
		t.Fatal(err)
	}
	after := data.Task{SeriesID: h.series, Title: "After the split", AgendaID: a.ID}
	if err := h.store.CreateTask(ctx, &after); err != nil {
		t.Fatal(err)
	}
	h.fake.Advance(5 * time.Minute)
	sum := h.cycle()
	h.fake.Advance(5 * time.Minute)
	sum2 := h.cycle()
	if sum.Problems != 0 || sum2.Problems != 0 {
		probs, _ := h.engine.Problems(ctx)
		t.Fatalf("problems after the split: %d, %d: %+v (%s)", sum.Problems, sum2.Problems, probs, lastRunErrors(t, h))
	}
	if got, _ := h.store.Task(ctx, before.ID); got.Title != "Edited in Notion" {
		t.Fatalf("the edit in the mapped source did not come in: %q", got.Title)
	}
	titles := h.sourceTitles(mapped, "Name")
	if strings.Join(titles, "|") != "Edited in Notion|After the split" {
		t.Fatalf("the mapped source holds %q, want each task once", titles)
	}
	if got := h.sourceTitles(second, "Name"); len(got) != 1 || got[0] != "Not kaigi's" {
		t.Fatalf("the second source holds %q", got)
	}
	all, err := h.store.Tasks(ctx, data.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range all {
		if task.Title == "Not kaigi's" {
			t.Fatalf("the page of the other source became a kaigi task")
		}
	}
	agendaPage := h.pageOf(data.EntityAgenda, string(a.ID))
	afterPage := h.pageOf(data.EntityTask, string(after.ID))
	if got := h.fake.RelationIDs(afterPage, h.cfg.Databases[data.EntityTask].Properties["agenda"]); len(got) != 1 || !api.SameID(got[0], agendaPage) {
		t.Fatalf("the task's agenda in Notion: %v, want %s", got, agendaPage)
	}
	kept, err = h.state().AllSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := kept[sourcesKey(tasksDB)]; len(s.List) != 2 || s.Mapped != mapped {
		t.Fatalf("kept sources of the tasks database: %+v", s)
	}
	// Idle now: one query per database, the split ones at 2025-09-03.
	h.fake.Advance(10 * time.Minute)
	h.cycle()
	h.fake.Advance(10 * time.Minute)
	n := len(h.fake.Requests())
	if sum := h.cycle(); sum.Requests != int64(len(h.cfg.Databases)) {
		t.Fatalf("an idle cycle after the split made %d requests, want %d: %v", sum.Requests, len(h.cfg.Databases), h.fake.Requests()[n:])
	}
}

// TestUnknownSourceOfSeveralIsOneClearProblem: a database of several data
// sources where kaigi cannot tell which is its own (it kept none and has
// linked no page there) is one standing problem naming the sources and
// the command that chooses; the other databases sync, and later cycles do
// not say it again.
func TestUnknownSourceOfSeveralIsOneClearProblem(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 45, nil)
	tasksDB := h.db(data.EntityTask)
	// As for a database kaigi synced before it kept data sources.
	if err := h.state().SetSources(ctx, syncdb.Sources{Database: sourcesKey(tasksDB)}, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := h.fake.SetDataSourceCount(tasksDB, 2); err != nil {
		t.Fatal(err)
	}
	newTask(t, h, "Waits for its database")
	a := data.Agenda{SeriesID: h.series, Title: "Syncs"}
	if err := h.store.CreateAgenda(ctx, &a, ""); err != nil {
		t.Fatal(err)
	}
	svc := h.service()
	for range 3 {
		h.fake.Advance(5 * time.Minute)
		if _, err := svc.Cycle(ctx, "test"); err != nil {
			t.Fatalf("a cycle failed: %v", err)
		}
	}
	h.pageOf(data.EntityAgenda, string(a.ID))
	st, _ := svc.Status(ctx)
	sources := h.fake.DataSources(tasksDB)
	if len(st.Problems) != 1 || st.Problems[0].Kind != "sources" || !strings.Contains(st.Problems[0].Message, tasksDB) ||
		!strings.Contains(st.Problems[0].Message, sources[0]) || !strings.Contains(st.Problems[0].Message, sources[1]) ||
		!strings.Contains(st.Problems[0].Fix, "--data-source") {
		t.Fatalf("problems: %+v", st.Problems)
	}
	runs, _ := svc.Runs(ctx, 3)
	said := 0
	for _, r := range runs {
		for _, e := range r.Errors {
			if strings.Contains(e, "several data sources") {
				said++
			}
		}
	}
	if said != 1 {
		t.Fatalf("the problem is in %d of the last 3 runs, want only the first", said)
	}
}

// TestSourceOfKaigisPagesIsLearned: a database kaigi synced before it kept
// data sources, split since, is synced on: its source is the one holding
// the pages kaigi linked.
func TestSourceOfKaigisPagesIsLearned(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 46, nil)
	tasksDB := h.db(data.EntityTask)
	task := newTask(t, h, "Linked")
	h.cycle()
	if err := h.state().SetSources(ctx, syncdb.Sources{Database: sourcesKey(tasksDB)}, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	// The new source is listed first: the order says nothing of kaigi's.
	if err := h.fake.SetDataSourceCount(tasksDB, 2); err != nil {
		t.Fatal(err)
	}
	if err := h.fake.As(h.person).UpdateProperties(h.pageOf(data.EntityTask, string(task.ID)), map[string]any{"Name": title("Renamed")}); err != nil {
		t.Fatal(err)
	}
	h.fake.Advance(5 * time.Minute)
	if sum := h.cycle(); sum.Problems != 0 {
		t.Fatalf("problems: %s", lastRunErrors(t, h))
	}
	if got, _ := h.store.Task(ctx, task.ID); got.Title != "Renamed" {
		t.Fatalf("task: %q", got.Title)
	}
	kept, _ := h.state().AllSources(ctx)
	if s := kept[sourcesKey(tasksDB)]; s.Mapped != h.fake.DataSources(tasksDB)[0] {
		t.Fatalf("kept: %+v", s)
	}
}
