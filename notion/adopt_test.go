package notion

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// japaneseTeam is a fake workspace whose team made its own databases, with
// Japanese names, before it heard of kaigi.
type japaneseTeam struct {
	fake                     *notionfake.Fake
	client                   *api.Client
	clock                    *testclock.Clock
	bot, person              string
	agendas, meetings, tasks string
}

func newJapaneseTeam(t *testing.T) *japaneseTeam {
	t.Helper()
	clock := testclock.New(notionfake.DefaultStart())
	fake := notionfake.New(notionfake.Options{Seed: 7, Clock: clock})
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	parent := fake.CreateSharedPage("", "チーム", bot)
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: srv.URL, Clock: clock, Burst: 10})
	if err != nil {
		t.Fatal(err)
	}
	team := &japaneseTeam{fake: fake, client: api.NewClient(api.NewToken(token), tr), clock: clock, bot: bot}
	team.person = fake.AddPerson("佐藤", "sato@example.com")
	options := func(names ...string) map[string]any {
		var opts []any
		for _, n := range names {
			opts = append(opts, map[string]any{"name": n})
		}
		return map[string]any{"select": map[string]any{"options": opts}}
	}
	team.agendas = team.createDatabase(t, parent, "議題", map[string]any{
		"名前":   map[string]any{"title": map[string]any{}},
		"解決済み": map[string]any{"checkbox": map[string]any{}},
		"担当者":  map[string]any{"people": map[string]any{}},
	})
	team.meetings = team.createDatabase(t, parent, "会議", map[string]any{
		"名前":  map[string]any{"title": map[string]any{}},
		"開催日": map[string]any{"date": map[string]any{}},
		"議題":  map[string]any{"relation": map[string]any{"database_id": team.agendas, "type": "single_property", "single_property": map[string]any{}}},
	})
	team.tasks = team.createDatabase(t, parent, "タスク", map[string]any{
		"タイトル":  map[string]any{"title": map[string]any{}},
		"ステータス": options("未着手", "進行中", "完了", "中止"),
		"期限":    map[string]any{"date": map[string]any{}},
		"担当者":   map[string]any{"people": map[string]any{}},
		"メモ":    map[string]any{"rich_text": map[string]any{}},
		"議題":    map[string]any{"relation": map[string]any{"database_id": team.agendas, "type": "single_property", "single_property": map[string]any{}}},
		"会議":    map[string]any{"relation": map[string]any{"database_id": team.meetings, "type": "single_property", "single_property": map[string]any{}}},
	})
	return team
}

func (j *japaneseTeam) createDatabase(t *testing.T, parent, name string, props map[string]any) string {
	t.Helper()
	id, err := j.client.CreateDatabase(context.Background(), parent, blocks.TextItems(name), props)
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return id
}

func (j *japaneseTeam) adopt(t *testing.T) (*Config, AdoptReport) {
	t.Helper()
	cfg, rep, err := Adopt(context.Background(), j.client, AdoptOptions{Databases: map[data.Entity]string{
		data.EntityAgenda: j.agendas, data.EntityMeeting: j.meetings, data.EntityTask: j.tasks,
	}})
	if err != nil {
		t.Fatalf("adopt: %v", err)
	}
	return cfg, rep
}

// writes is the option a value map writes for kaigi's value v.
func writes(vm codec.ValueMap, v string) string {
	e, _ := vm.Write(v)
	return e.Notion
}

func hasLine(lines []string, parts ...string) bool {
	return slices.ContainsFunc(lines, func(l string) bool {
		for _, p := range parts {
			if !strings.Contains(l, p) {
				return false
			}
		}
		return true
	})
}

func TestAdoptMapsJapaneseDatabases(t *testing.T) {
	team := newJapaneseTeam(t)
	cfg, rep := team.adopt(t)

	tasks := cfg.Databases[data.EntityTask].Properties
	want := map[string]string{"title": "タイトル", "state": "ステータス", "due": "期限", "assignee": "担当者", "agenda": "議題", "meeting": "会議", "kaigi_id": "kaigi ID"}
	for field, prop := range want {
		if tasks[field] != prop {
			t.Errorf("task field %s mapped to %q, want %q (mapping %v)", field, tasks[field], prop, tasks)
		}
	}
	if got := cfg.Databases[data.EntityTask].Values["state"]; writes(got, "todo") != "未着手" || writes(got, "doing") != "進行中" || writes(got, "done") != "完了" || writes(got, "cancelled") != "中止" {
		t.Errorf("task states map to %v", got)
	}
	if got := cfg.Databases[data.EntityAgenda].Properties["state"]; got != "解決済み" {
		t.Errorf("agenda state mapped to %q, want the checkbox 解決済み", got)
	}
	if got := cfg.Databases[data.EntityMeeting].Properties; got["starts_at"] != "開催日" || got["agendas"] != "議題" {
		t.Errorf("meeting mapping %v", got)
	}
	// Every kaigi field without a counterpart is reported, none silently dropped.
	for _, missing := range [][]string{{"Agendas: priority"}, {"Meetings: state"}} {
		if !hasLine(rep.Unmapped, missing...) {
			t.Errorf("report does not name unmapped %v: %v", missing, rep.Unmapped)
		}
	}
	if hasLine(rep.Unmapped, "Tasks: due") {
		t.Errorf("mapped field reported as unmapped: %v", rep.Unmapped)
	}
	if len(rep.Added) != 3 {
		t.Errorf("added %v, want the kaigi ID property in each of 3 databases", rep.Added)
	}
	db, _ := team.fake.Database(team.tasks)
	if props, _ := db["properties"].(map[string]any); props["kaigi ID"] == nil {
		t.Errorf("the tasks database has no kaigi ID property after adopt")
	}

	// The mapping syncs: a task made in kaigi shows with the team's names and values.
	ctx := context.Background()
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: team.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sr := data.Series{Name: "定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	task := data.Task{SeriesID: sr.ID, Title: "見積もりを出す", State: data.TaskDoing, Due: data.DateOf(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC))}
	if err := st.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	agenda := data.Agenda{SeriesID: sr.ID, Title: "キャッシュの方針"}
	if err := st.CreateAgenda(ctx, &agenda, ""); err != nil {
		t.Fatal(err)
	}
	engine := NewEngine(Options{Store: st, Client: team.client, Config: cfg, Clock: team.clock})
	if _, err := engine.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	pages := team.fake.DatabasePages(team.tasks, false)
	if len(pages) != 1 {
		t.Fatalf("tasks database has %d pages, want 1", len(pages))
	}
	props := pages[0]["properties"].(map[string]any)
	if got := props["ステータス"].(map[string]any)["select"].(map[string]any)["name"]; got != "進行中" {
		t.Errorf("ステータス = %v, want 進行中", got)
	}
	if got := props["期限"].(map[string]any)["date"].(map[string]any)["start"]; got != "2026-02-03" {
		t.Errorf("期限 = %v, want 2026-02-03", got)
	}

	// Ticking 解決済み in Notion resolves the agenda in kaigi.
	agendaPage := team.fake.DatabasePages(team.agendas, false)[0]["id"].(string)
	team.fake.Advance(time.Minute)
	if err := team.fake.As(team.person).UpdateProperties(agendaPage, map[string]any{"解決済み": map[string]any{"checkbox": true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := engine.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Agenda(ctx, agenda.ID); got.State != data.AgendaResolved {
		t.Errorf("agenda state %q after 解決済み was ticked, want resolved", got.State)
	}
}

func TestAdoptDryRunChangesNoSchema(t *testing.T) {
	team := newJapaneseTeam(t)
	_, rep, err := Adopt(context.Background(), team.client, AdoptOptions{Databases: map[data.Entity]string{data.EntityTask: team.tasks}, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !hasLine(rep.Added, "Tasks", "kaigi ID") {
		t.Errorf("dry run does not say it would add the ID property: %v", rep.Added)
	}
	if !hasLine(rep.Unmapped, "Tasks: agenda", "not adopted") {
		t.Errorf("relation into a database not adopted is not reported: %v", rep.Unmapped)
	}
	db, _ := team.fake.Database(team.tasks)
	if props, _ := db["properties"].(map[string]any); props["kaigi ID"] != nil {
		t.Errorf("dry run added the kaigi ID property")
	}
}

func TestBrokenMappingIsOneProblemOfItsDatabase(t *testing.T) {
	ctx := context.Background()
	team := newJapaneseTeam(t)
	cfg, _ := team.adopt(t)
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: team.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := NewService(ServiceOptions{Options: Options{Store: st, Client: team.client, Config: cfg, Clock: team.clock}})
	problems := func() []Problem {
		t.Helper()
		if _, err := svc.Cycle(ctx, "test"); err != nil {
			t.Fatalf("cycle: %v", err)
		}
		s, err := svc.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.Problems
	}
	if got := problems(); len(got) != 0 {
		t.Fatalf("fresh mapping: problems %+v", got)
	}

	// A person renames 期限 in Notion: the tasks database is named, the others are fine.
	rename := map[string]any{"期限": map[string]any{"name": "締切日"}}
	if err := team.client.UpdateProperties(ctx, team.tasks, rename); err != nil {
		t.Fatal(err)
	}
	task, err := team.fake.As(team.person).CreatePage(team.tasks, map[string]any{"タイトル": title("見積もり")})
	if err != nil || task == "" {
		t.Fatal(err)
	}
	team.fake.Advance(time.Minute)
	got := problems()
	if len(got) != 1 || got[0].Kind != "database" || !strings.Contains(got[0].Message, `"期限"`) || !strings.HasPrefix(got[0].Message, "Tasks") {
		t.Fatalf("after renaming 期限: problems %+v, want one naming 期限 for tasks", got)
	}

	// Renamed back, the problem clears at the next cycle.
	if err := team.client.UpdateProperties(ctx, team.tasks, map[string]any{"締切日": map[string]any{"name": "期限"}}); err != nil {
		t.Fatal(err)
	}
	team.fake.Advance(time.Minute)
	if got := problems(); len(got) != 0 {
		t.Fatalf("after renaming it back: %+v", got)
	}
}

func TestAdoptRefusesUnreadableDatabase(t *testing.T) {
	team := newJapaneseTeam(t)
	_, _, err := Adopt(context.Background(), team.client, AdoptOptions{Databases: map[data.Entity]string{data.EntityTask: "0123456789abcdef0123456789abcdef"}})
	if err == nil || !strings.Contains(err.Error(), "not shared with the integration") {
		t.Fatalf("adopt of a missing database: %v", err)
	}
}
