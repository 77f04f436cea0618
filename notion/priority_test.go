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
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// TestPrioritiesInTheTeamsWords: a team whose series mostly say priorities
// in numbers gets P1–P4 as the agendas' Priority options from init; kaigi
// writes P1 for priority 1, reads a person's P3 as 3, and reads a word of
// the other style a person adds (高) as its level too.
func TestPrioritiesInTheTeamsWords(t *testing.T) {
	ctx := context.Background()
	clock := testclock.New(notionfake.DefaultStart())
	fake := notionfake.New(notionfake.Options{Seed: 24, Clock: clock})
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	parent := fake.CreateSharedPage("", "チーム", bot)
	sato := fake.AddPerson("佐藤", "sato@example.com")
	tr, _ := api.NewTransport(api.TransportOptions{BaseURL: srv.URL, Clock: clock, Burst: 10})
	client := api.NewClient(api.NewToken(token), tr)
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var series []data.Series
	for i, w := range []data.PriorityWords{data.PriorityNumbers, data.PriorityLevels, data.PriorityNumbers} {
		sr := data.Series{Name: []string{"開発定例", "全体会議", "設計レビュー"}[i], Schedule: "0 10 * * TUE", TimeZone: "Asia/Tokyo", PriorityWords: w}
		if err := st.CreateSeries(ctx, &sr); err != nil {
			t.Fatal(err)
		}
		series = append(series, sr)
	}
	words, err := st.TeamPriorityWords(ctx)
	if err != nil || words != data.PriorityNumbers {
		t.Fatalf("two series of three say numbers: %q, %v", words, err)
	}
	cfg, err := Init(ctx, client, parent, merge.WinnerNotion, LangJapanese, words)
	if err != nil {
		t.Fatal(err)
	}
	agendas := cfg.Databases[data.EntityAgenda].ID
	db, _ := fake.Database(agendas)
	if opts := optionNamesOf(db, "優先度"); strings.Join(opts, ",") != "P1,P2,P3,P4" {
		t.Fatalf("優先度 options %v, want P1–P4", opts)
	}
	if opts := optionNamesOf(db, "状態"); strings.Join(opts, ",") != "未解決,解決済み,見送り" {
		t.Fatalf("状態 options %v: only priorities follow the words", opts)
	}

	a := data.Agenda{SeriesID: series[0].ID, Title: "リリース手順", Priority: 1}
	if err := st.CreateAgenda(ctx, &a, ""); err != nil {
		t.Fatal(err)
	}
	engine := NewEngine(Options{Store: st, Client: client, Config: cfg, Clock: clock})
	cycle := func() Summary {
		t.Helper()
		sum, err := engine.Cycle(ctx, "test")
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	cycle()
	pages := fake.DatabasePages(agendas, false)
	if len(pages) != 1 || optionOf(pages[0], "優先度") != "P1" {
		t.Fatalf("the agenda's page holds 優先度 %q, want P1", optionOf(pages[0], "優先度"))
	}
	page := pages[0]["id"].(string)
	for _, step := range []struct {
		option string
		want   int
	}{{"P3", 3}, {"高", 1}, {"Lowest", 4}} {
		clock.Advance(5 * time.Minute)
		if err := fake.As(sato).UpdateProperties(page, map[string]any{"優先度": map[string]any{"select": map[string]any{"name": step.option}}}); err != nil {
			t.Fatal(err)
		}
		if sum := cycle(); sum.Problems != 0 {
			t.Fatalf("after %s: %s", step.option, sum)
		}
		got, err := st.Agenda(ctx, a.ID)
		if err != nil || got.Priority != step.want {
			t.Fatalf("%s in Notion reads as priority %d (%v), want %d", step.option, got.Priority, err, step.want)
		}
	}
}
