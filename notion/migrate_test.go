package notion

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// oldInit makes the databases the init of kaigi before issue 15 made:
// English names, options spelled as kaigi's values, no Series database,
// and a configuration without value maps.
func oldInit(t *testing.T, ctx context.Context, c *api.Client, parent string) *Config {
	t.Helper()
	sel := func(opts ...string) map[string]any {
		var o []any
		for _, n := range opts {
			o = append(o, map[string]any{"name": n})
		}
		return map[string]any{"select": map[string]any{"options": o}}
	}
	text := map[string]any{"rich_text": map[string]any{}}
	dual := func(db string) map[string]any {
		return map[string]any{"relation": map[string]any{"database_id": db, "type": "dual_property", "dual_property": map[string]any{}}}
	}
	cfg := &Config{Parent: parent, Winner: "notion", Databases: map[data.Entity]*DatabaseConfig{}}
	mk := func(e data.Entity, title string, props map[string]any, fields map[string]string) string {
		props["Name"], props["kaigi ID"] = map[string]any{"title": map[string]any{}}, text
		id, err := c.CreateDatabase(ctx, parent, blocks.TextItems(title), props)
		if err != nil {
			t.Fatal(err)
		}
		dc := &DatabaseConfig{ID: id, Properties: map[string]string{"title": "Name", "kaigi_id": "kaigi ID"}, Types: map[string]string{}}
		for f, p := range fields {
			dc.Properties[f] = p
		}
		for p, def := range props {
			dc.Types[p], _ = schemaType(def.(map[string]any))
		}
		cfg.Databases[e] = dc
		return id
	}
	agendas := mk(data.EntityAgenda, "Agendas", map[string]any{"State": sel("open", "resolved", "dropped"), "Priority": sel("1", "2", "3", "4"),
		"Owner": map[string]any{"people": map[string]any{}}}, map[string]string{"state": "State", "priority": "Priority", "owner": "Owner"})
	meetings := mk(data.EntityMeeting, "Meetings", map[string]any{"Date": map[string]any{"date": map[string]any{}}, "State": sel("planned", "held"),
		"Agendas": dual(agendas)}, map[string]string{"starts_at": "Date", "state": "State", "agendas": "Agendas"})
	ladrs := mk(data.EntityLADR, "LADRs", map[string]any{"Number": map[string]any{"number": map[string]any{}}, "Status": sel("draft", "proposed", "accepted"),
		"Date": map[string]any{"date": map[string]any{}}, "Review by": map[string]any{"date": map[string]any{}}},
		map[string]string{"number": "Number", "state": "Status", "date": "Date", "review_by": "Review by"})
	mk(data.EntityTask, "Tasks", map[string]any{"Status": sel("todo", "doing", "done", "cancelled"), "Due": map[string]any{"date": map[string]any{}},
		"Assignee": map[string]any{"people": map[string]any{}}, "Agenda": dual(agendas), "Meeting": dual(meetings)},
		map[string]string{"state": "Status", "due": "Due", "assignee": "Assignee", "agenda": "Agenda", "meeting": "Meeting"})
	mk(data.EntityDecision, "Decisions", map[string]any{"State": sel("active", "superseded", "reverted"), "Decided on": map[string]any{"date": map[string]any{}},
		"Review by": map[string]any{"date": map[string]any{}}, "Agenda": dual(agendas), "LADR": dual(ladrs)},
		map[string]string{"state": "State", "decided_on": "Decided on", "review_by": "Review by", "agenda": "Agenda", "ladr": "LADR"})
	return cfg
}

func schemaType(def map[string]any) (string, bool) {
	for k := range def {
		return k, true
	}
	return "", false
}

// TestMigrateOldInitDatabases: databases made by the older init keep
// syncing with their old mapping; the migration's dry run lists every
// change and makes none; the migration renames properties and options to
// the team's language (moving the pages to the new options), adds the
// Series database and the new relations, writes meeting dates in their
// series' zone, and the sync goes on without rewriting what nobody edited.
func TestMigrateOldInitDatabases(t *testing.T) {
	ctx := context.Background()
	clock := testclock.New(notionfake.DefaultStart())
	fake := notionfake.New(notionfake.Options{Seed: 17, Clock: clock})
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	parent := fake.CreateSharedPage("", "Team", bot)
	tr, _ := api.NewTransport(api.TransportOptions{BaseURL: srv.URL, Clock: clock, Burst: 10})
	client := api.NewClient(api.NewToken(token), tr)
	cfg := oldInit(t, ctx, client, parent)
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sr := data.Series{Name: "定例", Schedule: "0 10 * * TUE", TimeZone: "Asia/Tokyo"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	cfg.Series = sr.ID
	a := data.Agenda{SeriesID: sr.ID, Title: "キャッシュ", Priority: 1, State: data.AgendaResolved}
	m := data.Meeting{SeriesID: sr.ID, Title: "定例", StartsAt: time.Date(2026, 1, 13, 1, 0, 0, 0, time.UTC)}
	for _, err := range []error{st.CreateAgenda(ctx, &a, ""), st.CreateMeeting(ctx, &m)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	task := data.Task{SeriesID: sr.ID, Title: "見積もり", State: data.TaskDoing, AgendaID: a.ID}
	d := data.Decision{Title: "Redis", AgendaID: a.ID, MeetingID: m.ID}
	for _, err := range []error{st.CreateTask(ctx, &task), st.CreateDecision(ctx, &d)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// Before the migration: the old mapping syncs as it did.
	old := NewEngine(Options{Store: st, Client: client, Config: cfg, Clock: clock})
	if _, err := old.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	agendaPage, _ := fake.Page(fake.DatabasePages(cfg.Databases[data.EntityAgenda].ID, false)[0]["id"].(string))
	if optionOf(agendaPage, "State") != "resolved" || optionOf(agendaPage, "Priority") != "1" {
		t.Fatalf("old databases: State %q, Priority %q", optionOf(agendaPage, "State"), optionOf(agendaPage, "Priority"))
	}

	before := len(fake.Requests())
	_, plan, err := Migrate(ctx, client, st, cfg, MigrateOptions{Lang: LangJapanese, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range [][]string{{"rename", `"State"`, `"状態"`}, {"Agendas", "open → 未解決", "resolved → 解決済み", "1 pages"},
		{"Agendas", "1 → 高"}, {"Tasks", "doing → 進行中"}, {"add the 定例 database"}, {"Decisions: add", `"会議"`}, {"time zone"}} {
		if !hasLine(plan.Changes, want...) {
			t.Errorf("the dry run does not list %q:\n%s", want, strings.Join(plan.Changes, "\n"))
		}
	}
	if !hasLine(plan.Notes, "cannot turn a select into a status") || !hasLine(plan.Notes, "kaigi ID") {
		t.Errorf("the dry run does not say what it cannot do: %q", plan.Notes)
	}
	for _, r := range fake.Requests()[before:] {
		if r.Method != "GET" && !strings.HasSuffix(r.Path, "/query") {
			t.Fatalf("the dry run changed something: %s %s", r.Method, r.Path)
		}
	}

	migrated, _, err := Migrate(ctx, client, st, cfg, MigrateOptions{Lang: LangJapanese})
	if err != nil {
		t.Fatal(err)
	}
	agendaPage, _ = fake.Page(agendaPage["id"].(string))
	if optionOf(agendaPage, "状態") != "解決済み" || optionOf(agendaPage, "優先度") != "高" {
		t.Fatalf("after the migration: 状態 %q, 優先度 %q", optionOf(agendaPage, "状態"), optionOf(agendaPage, "優先度"))
	}
	adb, _ := fake.Database(migrated.Databases[data.EntityAgenda].ID)
	if opts := optionNamesOf(adb, "状態"); strings.Join(opts, ",") != "未解決,解決済み,見送り" {
		t.Fatalf("the old options are not gone: %v", opts)
	}
	mp := fake.DatabasePages(migrated.Databases[data.EntityMeeting].ID, false)[0]
	if date := mp["properties"].(map[string]any)["日時"].(map[string]any)["date"].(map[string]any); date["start"] != "2026-01-13T10:00:00.000+09:00" {
		t.Fatalf("meeting date after the migration: %v", date)
	}

	// The sync goes on: the new properties get their values; nothing else is written.
	clock.Advance(5 * time.Minute)
	engine := NewEngine(Options{Store: st, Client: client, Config: migrated, Clock: clock})
	before = len(fake.Requests())
	if sum, err := engine.Cycle(ctx, "test"); err != nil || sum.Problems != 0 {
		dumpProblems(t, st)
		t.Fatalf("the first cycle after the migration: %s, %v", sum, err)
	}
	dp := fake.DatabasePages(migrated.Databases[data.EntityDecision].ID, false)[0]
	if ids := fake.RelationIDs(dp["id"].(string), "会議"); len(ids) != 1 || ids[0] != mp["id"] {
		t.Fatalf("the decision's new 会議: %v", ids)
	}
	if ids := fake.RelationIDs(mp["id"].(string), "定例"); len(ids) != 1 {
		t.Fatalf("the meeting's new 定例: %v", ids)
	}
	for _, r := range fake.Requests()[before:] {
		if r.Method == "PATCH" && strings.Contains(string(r.Body), "状態") {
			t.Fatalf("the sync rewrote a state nobody edited: %s", r.Body)
		}
	}
	got, _ := st.Agenda(ctx, a.ID)
	tk, _ := st.Task(ctx, task.ID)
	if got.State != data.AgendaResolved || got.Priority != 1 || tk.State != data.TaskDoing {
		t.Fatalf("kaigi's values after the migration: agenda %s/%d, task %s", got.State, got.Priority, tk.State)
	}
	clock.Advance(5 * time.Minute)
	before = len(fake.Requests())
	if _, err := engine.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	for _, r := range fake.Requests()[before:] {
		if r.Method != "POST" || !strings.HasSuffix(r.Path, "/query") {
			t.Fatalf("an idle cycle after the migration made %s %s %s", r.Method, r.Path, r.Body)
		}
	}
	if _, again, _ := Migrate(ctx, client, st, migrated, MigrateOptions{Lang: LangJapanese, DryRun: true}); len(again.Changes) != 0 {
		t.Fatalf("a second migration would change %v", again.Changes)
	}
}

func dumpProblems(t *testing.T, st *data.Store) {
	ps, _ := syncdbOf(st).Problems(context.Background(), "")
	for _, p := range ps {
		t.Logf("problem %s: %s — %s", p.Key, p.Message, p.Fix)
	}
}
