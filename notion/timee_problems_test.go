package notion

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// TestKaigiOnlyAssigneeWritesNothing: a task assigned in kaigi to a person
// who has no Notion account shows no assignee in Notion, is one standing
// problem, and costs no write in the ten idle cycles that follow.
func TestKaigiOnlyAssigneeWritesNothing(t *testing.T) {
	ctx := context.Background()
	r := newTimeeRig(t)
	r.start()
	task := data.Task{SeriesID: r.series, Title: "議事録を共有する", AssigneeID: r.people["田中"]}
	if err := r.store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	sum := r.cycle()
	if sum.Created != 1 || sum.Problems != 1 {
		t.Fatalf("first cycle: %s; want the page made and one problem", sum)
	}
	page, _ := r.fake.Page(r.pageOf(data.EntityTask, string(task.ID)))
	if got := page["properties"].(map[string]any)["担当者"].(map[string]any)["people"].([]any); len(got) != 0 {
		t.Fatalf("担当者 in Notion: %v, want no one", got)
	}
	before := len(r.fake.Requests())
	for range 10 {
		r.fake.Advance(5 * time.Minute)
		r.cycle()
	}
	if w := r.writes(before); len(w) != 0 {
		t.Fatalf("10 idle cycles wrote %d times: %v", len(w), w)
	}
	// A person's edit of the page in Notion is taken, and still nothing is written back.
	r.fake.Advance(time.Minute)
	if err := r.fake.As(r.sato).UpdateProperties(r.pageOf(data.EntityTask, string(task.ID)), map[string]any{"名前": title("議事録を共有する（全員）")}); err != nil {
		t.Fatal(err)
	}
	before = len(r.fake.Requests())
	for range 3 {
		r.fake.Advance(5 * time.Minute)
		r.cycle()
	}
	if w := r.writes(before); len(w) != 0 {
		t.Fatalf("after a person's edit in Notion kaigi wrote %v", w)
	}
	problems, _ := r.engine.Problems(ctx)
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "田中") || !strings.Contains(problems[0].Fix, "tanaka@example.com") {
		t.Fatalf("problems: %+v; want one about 田中 saying what to do", problems)
	}
	runs, _ := r.engine.Runs(ctx, 20)
	mentions := 0
	for _, run := range runs {
		for _, e := range run.Errors {
			if strings.Contains(e, "田中") {
				mentions++
			}
		}
	}
	if mentions != 1 {
		t.Fatalf("the problem is in %d runs' errors, want the one run that met it first", mentions)
	}
	if got, _ := r.store.Task(ctx, task.ID); got.AssigneeID != r.people["田中"] {
		t.Fatalf("kaigi lost its own assignee: %q", got.AssigneeID)
	}
}

func (r *timeeRig) pageOf(e data.Entity, id string) string {
	r.t.Helper()
	l, ok, err := syncdbOf(r.store).LinkByLocal(context.Background(), e, id)
	if err != nil || !ok {
		r.t.Fatalf("%s %s has no page (%v)", e, id, err)
	}
	return l.PageID
}

// TestUnmappedValueIsAProblemOfThatField: an option nothing maps, chosen in
// Notion after adopt, is a problem of that page's field (link and fix
// included); the page's other fields still sync, the cycle does not fail,
// and the problem clears once the page holds a mapped value again.
func TestUnmappedValueIsAProblemOfThatField(t *testing.T) {
	ctx := context.Background()
	r := newTimeeRig(t)
	pages := r.fillIn()
	r.start()
	r.cycle()
	agenda := data.AgendaID(r.recordOf(pages.cache))
	ed := r.fake.As(r.sato)
	r.fake.Advance(time.Minute)
	if err := ed.UpdateProperties(pages.cache, map[string]any{"名前": title("キャッシュの方針（再）"),
		"優先度": map[string]any{"select": map[string]any{"name": "未定"}}}); err != nil {
		t.Fatal(err)
	}
	before := len(r.fake.Requests())
	sum := r.cycle() // an error here would fail the test: the cycle must go on
	a, _ := r.store.Agenda(ctx, agenda)
	if a.Title != "キャッシュの方針（再）" || a.Priority != 1 || sum.Problems != 1 {
		t.Fatalf("after 未定: title %q, priority %d, %s; want the title taken, the priority kept, one problem", a.Title, a.Priority, sum)
	}
	if w := r.writes(before); len(w) != 0 {
		t.Fatalf("kaigi wrote back over the team's value: %v", w)
	}
	problems, _ := r.engine.Problems(ctx)
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "未定") || !strings.Contains(problems[0].URL, "notion.so") ||
		!strings.Contains(problems[0].Fix, "values") {
		t.Fatalf("problem: %+v", problems)
	}
	// kaigi's own edit of the held field waits; other edits go out.
	a.Priority, a.Body, a.Revision = 4, "Redis か memcached", 0
	if err := r.store.UpdateAgenda(ctx, &a); err != nil {
		t.Fatal(err)
	}
	r.cycle()
	if p, _ := r.fake.Page(pages.cache); optionOf(p, "優先度") != "未定" {
		t.Fatalf("kaigi wrote over the held field: %v", optionOf(p, "優先度"))
	}
	// The team picks a mapped value: the field syncs again.
	r.fake.Advance(backoff(2))
	if err := ed.UpdateProperties(pages.cache, map[string]any{"優先度": map[string]any{"select": map[string]any{"name": "低"}}}); err != nil {
		t.Fatal(err)
	}
	sum = r.cycle()
	a, _ = r.store.Agenda(ctx, agenda)
	if sum.Problems != 0 || a.Priority != 3 && len(r.conflicts(data.EntityAgenda, string(agenda))) == 0 {
		t.Fatalf("after 低: priority %d, %s", a.Priority, sum)
	}
}

func optionOf(p map[string]any, name string) string {
	props, _ := p["properties"].(map[string]any)
	v, _ := props[name].(map[string]any)
	o, _ := v[v["type"].(string)].(map[string]any)
	s, _ := o["name"].(string)
	return s
}

func (r *timeeRig) conflicts(e data.Entity, id string) []string {
	all, _ := syncdbOf(r.store).ConflictsOf(context.Background(), e, id)
	var out []string
	for _, c := range all {
		out = append(out, c.Field)
	}
	return out
}

// TestOptionsAreAddedOnlyWhenNeeded: kaigi adds an option to a team's select
// only for a value that has none (priority 4: 最低), says so once, and keeps
// it in the value map; a renamed status option keeps syncing by its ID, and
// an option a person adds to a status group is learned by its name.
func TestOptionsAreAddedOnlyWhenNeeded(t *testing.T) {
	ctx := context.Background()
	r := newTimeeRig(t)
	pages := r.fillIn()
	r.start()
	r.cycle()
	agenda := data.AgendaID(r.recordOf(pages.logs))
	a, _ := r.store.Agenda(ctx, agenda)
	a.Priority, a.Revision = 4, 0
	if err := r.store.UpdateAgenda(ctx, &a); err != nil {
		t.Fatal(err)
	}
	r.cycle()
	db, _ := r.fake.Database(r.ws.agendas)
	if opts := optionNamesOf(db, "優先度"); strings.Join(opts, ",") != "高,中,低,最低" {
		t.Fatalf("優先度 options: %v, want 最低 added", opts)
	}
	runs, _ := r.engine.Runs(ctx, 1)
	if !strings.Contains(strings.Join(runs[0].Errors, "\n"), "最低") || r.saved == 0 || writes(r.cfg.Databases[data.EntityAgenda].Values["priority"], "4") != "最低" {
		t.Fatalf("the addition was not said or not kept: %v, saved %d", runs[0].Errors, r.saved)
	}
	if stored, _, err := StoredConfig(ctx, r.store); err != nil || writes(stored.Databases[data.EntityAgenda].Values["priority"], "4") != "最低" {
		t.Fatalf("the cycle did not keep the added option in the database's mapping (%v)", err)
	}

	// 完了 renamed to 終了 in Notion: tasks still read done, by the option's ID.
	ed := r.fake.As(r.sato)
	if err := ed.RenameOption(r.ws.tasks, "ステータス", "完了", "終了"); err != nil {
		t.Fatal(err)
	}
	if err := ed.AddStatusOption(r.ws.tasks, "ステータス", "中止", "Complete"); err != nil {
		t.Fatal(err)
	}
	r.fake.Advance(time.Minute)
	if err := ed.UpdateProperties(pages.estimate, map[string]any{"ステータス": map[string]any{"status": map[string]any{"name": "終了"}}}); err != nil {
		t.Fatal(err)
	}
	r.cycle()
	task := data.TaskID(r.recordOf(pages.estimate))
	if got, _ := r.store.Task(ctx, task); got.State != data.TaskDone {
		t.Fatalf("after 終了 (renamed 完了): %q", got.State)
	}
	// A task cancelled in kaigi goes out as the option the team added.
	tk, _ := r.store.Task(ctx, task)
	tk.State, tk.Revision = data.TaskCancelled, 0
	if err := r.store.UpdateTask(ctx, &tk); err != nil {
		t.Fatal(err)
	}
	sum := r.cycle()
	if p, _ := r.fake.Page(pages.estimate); optionOf(p, "ステータス") != "中止" || sum.Problems != 0 {
		t.Fatalf("cancelled in Notion: %q, %s", optionOf(p, "ステータス"), sum)
	}
}

func optionNamesOf(db map[string]any, prop string) []string {
	props, _ := db["properties"].(map[string]any)
	p, _ := props[prop].(map[string]any)
	cfg, _ := p[p["type"].(string)].(map[string]any)
	var out []string
	for _, o := range cfg["options"].([]any) {
		out = append(out, o.(map[string]any)["name"].(string))
	}
	return out
}

// TestPeopleProblemsClearAndWhatWaitedFollows: a Notion member kaigi did not
// know, once added in kaigi, is taken on the pages that named them (read
// again, nothing else to do); a kaigi person who joins Notion is written to
// the tasks that name them.
func TestPeopleProblemsClearAndWhatWaitedFollows(t *testing.T) {
	ctx := context.Background()
	r := newTimeeRig(t)
	yamada := r.fake.AddPerson("山田", "yamada@example.com")
	page, err := r.fake.As(r.sato).CreatePage(r.ws.tasks, map[string]any{"名前": title("会場を押さえる"),
		"担当者": map[string]any{"people": []any{map[string]any{"id": yamada}}}})
	if err != nil {
		t.Fatal(err)
	}
	r.start()
	task := data.Task{SeriesID: r.series, Title: "資料を配る", AssigneeID: r.people["田中"]}
	if err := r.store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	if sum := r.cycle(); sum.Problems != 2 {
		t.Fatalf("first cycle: %s, want a problem for 山田 and one for 田中", sum)
	}
	p := data.Person{Name: "山田", Email: "yamada@example.com"}
	if err := r.store.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	tanaka := r.fake.AddPerson("田中", "tanaka@example.com")
	r.fake.Advance(time.Hour) // the user list is read again at most hourly
	r.cycle()                 // the problems clear and queue what waited
	sum := r.cycle()
	if got, _ := r.store.Task(ctx, data.TaskID(r.recordOf(page))); got.AssigneeID != p.ID {
		t.Fatalf("the page naming 山田 was not read again: assignee %q", got.AssigneeID)
	}
	tp, _ := r.fake.Page(r.pageOf(data.EntityTask, string(task.ID)))
	people := tp["properties"].(map[string]any)["担当者"].(map[string]any)["people"].([]any)
	if len(people) != 1 || people[0].(map[string]any)["id"] != tanaka || sum.Problems != 0 {
		t.Fatalf("田中's task in Notion names %v (%s)", people, sum)
	}
}
