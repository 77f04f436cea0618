package notion

import (
	"context"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// timeeWorkspace is a Japanese team's meeting workspace as its people built
// it in Notion, before kaigi (modelled on a Timee-style minutes setup):
// 会議, 議題, 決定事項 and タスク databases, made by hand, with two-way
// relations whose back properties they renamed, a status whose default
// options they renamed to 未着手/進行中/完了, a 優先度 select 高/中/低 and a
// 解決済み checkbox.
type timeeWorkspace struct {
	meetings, agendas, decisions, tasks string
}

func (w timeeWorkspace) databases() map[data.Entity]string {
	return map[data.Entity]string{data.EntityMeeting: w.meetings, data.EntityAgenda: w.agendas,
		data.EntityDecision: w.decisions, data.EntityTask: w.tasks}
}

func buildTimee(t testing.TB, fake *notionfake.Fake, person, parent string) timeeWorkspace {
	t.Helper()
	ed := fake.As(person)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mk := func(title string, props map[string]any) string {
		t.Helper()
		id, err := ed.CreateDatabase(parent, title, props)
		must(err)
		return id
	}
	dual := func(db string) map[string]any {
		return map[string]any{"relation": map[string]any{"database_id": db, "type": "dual_property", "dual_property": map[string]any{}}}
	}
	selectOf := func(names ...string) map[string]any {
		var opts []any
		for _, n := range names {
			opts = append(opts, map[string]any{"name": n})
		}
		return map[string]any{"select": map[string]any{"options": opts}}
	}
	var w timeeWorkspace
	w.agendas = mk("議題", map[string]any{
		"名前": map[string]any{"title": map[string]any{}}, "優先度": selectOf("高", "中", "低"),
		"解決済み": map[string]any{"checkbox": map[string]any{}}, "担当者": map[string]any{"people": map[string]any{}},
	})
	w.meetings = mk("会議", map[string]any{
		"名前": map[string]any{"title": map[string]any{}}, "日付": map[string]any{"date": map[string]any{}},
		"議題": dual(w.agendas), "参加者": map[string]any{"people": map[string]any{}},
	})
	w.decisions = mk("決定事項", map[string]any{
		"名前": map[string]any{"title": map[string]any{}}, "日付": map[string]any{"date": map[string]any{}},
		"会議": dual(w.meetings), "議題": dual(w.agendas),
	})
	w.tasks = mk("タスク", map[string]any{
		"名前": map[string]any{"title": map[string]any{}}, "ステータス": map[string]any{"status": map[string]any{}},
		"期限": map[string]any{"date": map[string]any{}}, "担当者": map[string]any{"people": map[string]any{}},
		"議題": dual(w.agendas), "会議": dual(w.meetings),
	})
	// The back sides of the relations, renamed from Notion's "Related to …".
	for _, rn := range []struct{ db, from, to string }{
		{w.agendas, "Related to 会議 (議題)", "会議"}, {w.meetings, "Related to 決定事項 (会議)", "決定事項"},
		{w.agendas, "Related to 決定事項 (議題)", "決定事項"}, {w.agendas, "Related to タスク (議題)", "タスク"},
		{w.meetings, "Related to タスク (会議)", "タスク"},
	} {
		must(ed.UpdateDatabase(rn.db, map[string]any{rn.from: map[string]any{"name": rn.to}}))
	}
	for from, to := range map[string]string{"Not started": "未着手", "In progress": "進行中", "Done": "完了"} {
		must(ed.RenameOption(w.tasks, "ステータス", from, to))
	}
	return w
}

// timeeRig is a fake workspace with the Timee-style databases, kaigi's
// integration, the team's people, and a kaigi store with the team's series.
type timeeRig struct {
	t      *testing.T
	clock  *testclock.Clock
	fake   *notionfake.Fake
	client *api.Client
	ws     timeeWorkspace
	sato   string // 佐藤's Notion user, a member who edits in Notion
	store  *data.Store
	series data.SeriesID
	people map[string]data.PersonID // kaigi persons by name: 佐藤 (in Notion too), 田中 (kaigi only)
	cfg    *Config
	engine *Engine
	saved  int // configurations the engine saved
}

func newTimeeRig(t *testing.T) *timeeRig {
	t.Helper()
	ctx := context.Background()
	r := &timeeRig{t: t, clock: testclock.New(notionfake.DefaultStart()), people: map[string]data.PersonID{}}
	r.fake = notionfake.New(notionfake.Options{Seed: 15, Clock: r.clock})
	srv := r.fake.Start(t)
	token, bot := r.fake.AddIntegration("kaigi")
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: srv.URL, Clock: r.clock, Burst: 10})
	if err != nil {
		t.Fatal(err)
	}
	r.client = api.NewClient(api.NewToken(token), tr)
	r.sato = r.fake.AddPerson("佐藤", "sato@example.com")
	parent := r.fake.CreateSharedPage("", "チーム", bot)
	r.ws = buildTimee(t, r.fake, r.sato, parent)
	r.store, err = data.Open(ctx, testdb.Path(t), data.Options{Now: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.store.Close() })
	sr := data.Series{Name: "定例", Schedule: "0 10 * * TUE", TimeZone: "Asia/Tokyo"}
	if err := r.store.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	r.series = sr.ID
	for name, email := range map[string]string{"佐藤": "sato@example.com", "田中": "tanaka@example.com"} {
		p := data.Person{Name: name, Email: email}
		if err := r.store.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		r.people[name] = p.ID
	}
	return r
}

// adopt maps the team's databases as `kaigi notion adopt` does for a
// Japanese server.
func (r *timeeRig) adopt(dryRun bool) (*Config, AdoptReport) {
	r.t.Helper()
	cfg, rep, err := Adopt(context.Background(), r.client, AdoptOptions{Databases: r.ws.databases(), Lang: LangJapanese, DryRun: dryRun})
	if err != nil {
		r.t.Fatalf("adopt: %v", err)
	}
	return cfg, rep
}

// start adopts the databases and makes the engine that syncs them.
func (r *timeeRig) start() {
	r.t.Helper()
	r.cfg, _ = r.adopt(false)
	r.cfg.Series = r.series
	r.engine = NewEngine(Options{Store: r.store, Client: r.client, Config: r.cfg, Clock: r.clock,
		SaveConfig: func(ctx context.Context, c *Config) error { r.saved++; return StoreConfig(ctx, r.store, c, "sync", "") }})
}

func (r *timeeRig) cycle() Summary {
	r.t.Helper()
	sum, err := r.engine.Cycle(context.Background(), "test")
	if err != nil {
		r.t.Fatalf("sync: %v", err)
	}
	return sum
}

// writes are the requests since from that change something in Notion.
func (r *timeeRig) writes(from int) []notionfake.RequestRecord {
	var out []notionfake.RequestRecord
	for _, req := range r.fake.Requests()[from:] {
		if req.Method == "PATCH" || req.Method == "DELETE" || req.Method == "POST" && !strings.HasSuffix(req.Path, "/query") {
			out = append(out, req)
		}
	}
	return out
}
