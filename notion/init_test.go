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
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// TestInitLooksLikeATeamMadeIt: a Japanese server's init makes databases a
// Japanese team would have made: Japanese titles, property and option names
// (never kaigi's internal values), a status for tasks, back relations named
// in Japanese, the kaigi ID last; and what kaigi writes into them reads the
// same way (meeting times in the series' zone with an end, decisions with
// their meeting, attendees as people).
func TestInitLooksLikeATeamMadeIt(t *testing.T) {
	ctx := context.Background()
	clock := testclock.New(notionfake.DefaultStart())
	fake := notionfake.New(notionfake.Options{Seed: 16, Clock: clock})
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	parent := fake.CreateSharedPage("", "チーム", bot)
	sato := fake.AddPerson("佐藤", "sato@example.com")
	tr, _ := api.NewTransport(api.TransportOptions{BaseURL: srv.URL, Clock: clock, Burst: 10})
	client := api.NewClient(api.NewToken(token), tr)
	cfg, err := Init(ctx, client, parent, merge.WinnerNotion, LangJapanese, data.PriorityLevels)
	if err != nil {
		t.Fatal(err)
	}
	want := map[data.Entity][]string{
		data.EntitySeries:   {"名前", "スケジュール", "タイムゾーン", "参加者", "会議", codec.IDProperty},
		data.EntityAgenda:   {"名前", "状態", "優先度", "担当者", "会議", "タスク", "決定事項", codec.IDProperty},
		data.EntityMeeting:  {"名前", "日時", "状態", "定例", "議題", "参加者", "タスク", "決定事項", codec.IDProperty},
		data.EntityTask:     {"名前", "ステータス", "期限", "担当者", "議題", "会議", codec.IDProperty},
		data.EntityDecision: {"名前", "状態", "決定日", "見直し日", "議題", "会議", "LADR", codec.IDProperty},
	}
	for e, names := range want {
		got := fake.PropertyNames(cfg.Databases[e].ID)
		for _, n := range names {
			if !slices.Contains(got, n) {
				t.Errorf("%s lacks %q: %v", e, n, got)
			}
		}
		if got[len(got)-1] != codec.IDProperty {
			t.Errorf("%s: the kaigi ID is not the last property: %v", e, got)
		}
	}
	db, _ := fake.Database(cfg.Databases[data.EntityAgenda].ID)
	if opts := optionNamesOf(db, "状態"); strings.Join(opts, ",") != "未解決,解決済み,見送り" {
		t.Errorf("agenda states: %v", opts)
	}
	if opts := optionNamesOf(db, "優先度"); strings.Join(opts, ",") != "高,中,低,最低" {
		t.Errorf("priorities: %v", opts)
	}
	if title := db["title"].([]any)[0].(map[string]any)["plain_text"]; title != "議題" {
		t.Errorf("agendas database title %v", title)
	}
	tasks, _ := fake.Database(cfg.Databases[data.EntityTask].ID)
	if typ := tasks["properties"].(map[string]any)["ステータス"].(map[string]any)["type"]; typ != "status" {
		t.Errorf("tasks' state is a %v, want a status", typ)
	}
	if vm := cfg.Databases[data.EntityTask].Values["state"]; writes(vm, "todo") != "Not started" || vm[0].ID == "" {
		t.Errorf("tasks' value map %v: want Notion's own options, by ID", vm)
	}

	// What kaigi writes reads like the team's own pages.
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	person := data.Person{Name: "佐藤", Email: "sato@example.com"}
	sr := data.Series{Name: "定例", Schedule: "0 10 * * TUE", TimeZone: "Asia/Tokyo"}
	for _, err := range []error{st.CreatePerson(ctx, &person), st.CreateSeries(ctx, &sr)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	m := data.Meeting{SeriesID: sr.ID, Title: "定例", StartsAt: time.Date(2026, 1, 13, 1, 0, 0, 0, time.UTC), Attendees: []data.PersonID{person.ID}}
	if err := st.CreateMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	a := data.Agenda{SeriesID: sr.ID, Title: "キャッシュ"}
	if err := st.CreateAgenda(ctx, &a, m.ID); err != nil {
		t.Fatal(err)
	}
	d := data.Decision{Title: "Redis", MeetingID: m.ID, AgendaID: a.ID}
	if err := st.CreateDecision(ctx, &d); err != nil {
		t.Fatal(err)
	}
	engine := NewEngine(Options{Store: st, Client: client, Config: cfg, Clock: clock})
	if _, err := engine.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	mp := fake.DatabasePages(cfg.Databases[data.EntityMeeting].ID, false)[0]
	date := mp["properties"].(map[string]any)["日時"].(map[string]any)["date"].(map[string]any)
	if date["start"] != "2026-01-13T10:00:00.000+09:00" || date["end"] != "2026-01-13T11:00:00.000+09:00" {
		t.Errorf("meeting date %v, want 10:00–11:00 in Tokyo", date)
	}
	if people := mp["properties"].(map[string]any)["参加者"].(map[string]any)["people"].([]any); len(people) != 1 || people[0].(map[string]any)["id"] != sato {
		t.Errorf("attendees %v", people)
	}
	ap := fake.DatabasePages(cfg.Databases[data.EntityAgenda].ID, false)[0]
	if optionOf(ap, "状態") != "未解決" || optionOf(ap, "優先度") != "中" {
		t.Errorf("agenda page: 状態 %q, 優先度 %q", optionOf(ap, "状態"), optionOf(ap, "優先度"))
	}
	dp := fake.DatabasePages(cfg.Databases[data.EntityDecision].ID, false)[0]
	if ids := fake.RelationIDs(dp["id"].(string), "会議"); len(ids) != 1 || ids[0] != mp["id"] {
		t.Errorf("decision's 会議: %v", ids)
	}
	if ids := fake.RelationIDs(mp["id"].(string), "定例"); len(ids) != 1 {
		t.Errorf("meeting's 定例: %v", ids)
	}
}
