package notion

import (
	"context"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/internal/testdb"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
)

// TestPagesMadeAt0740InTokyoAreDatedTheTeamsDay: an LADR and a decision
// made in Notion at 07:40 on 12-08 in Tokyo (22:40 on 12-07 in UTC) with
// their dates left empty are pulled with the server's zone (KAIGI_TZ
// Asia/Tokyo) as 12-08, not UTC's 12-07; and the next cycle, reading the
// same empty dates, changes nothing.
func TestPagesMadeAt0740InTokyoAreDatedTheTeamsDay(t *testing.T) {
	ctx := context.Background()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	clock := testclock.New(time.Date(2026, 12, 8, 7, 40, 0, 0, tokyo))
	fake := notionfake.New(notionfake.Options{Seed: 1, Clock: clock})
	srv := fake.Start(t)
	token, bot := fake.AddIntegration("kaigi")
	parent := fake.CreateSharedPage("", "Team", bot)
	tr, err := api.NewTransport(api.TransportOptions{BaseURL: srv.URL, Clock: clock, Seed: 1, Burst: 10})
	if err != nil {
		t.Fatal(err)
	}
	client := api.NewClient(api.NewToken(token), tr)
	cfg, err := Init(ctx, client, parent, merge.WinnerNotion, LangEnglish, data.PriorityLevels)
	if err != nil {
		t.Fatal(err)
	}
	st, err := data.Open(ctx, testdb.Path(t), data.Options{Now: clock.Now, Zone: tokyo})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	engine := NewEngine(Options{Store: st, Client: client, Config: cfg, Clock: clock})
	if _, err := engine.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}

	ed := fake.As(fake.AddPerson("Aiko", "aiko@example.com"))
	if _, err := ed.CreatePage(cfg.Databases[data.EntityLADR].ID, map[string]any{"Name": title("状態管理にはFlowを採用する")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ed.CreatePage(cfg.Databases[data.EntityDecision].ID, map[string]any{"Name": title("StateFlowで持つ")}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if _, err := engine.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	want := data.Date{Year: 2026, Month: time.December, Day: 8}
	check := func(when string) {
		t.Helper()
		ladrs, err := st.LADRs(ctx, data.LADRFilter{})
		if err != nil || len(ladrs) != 1 || ladrs[0].Date != want {
			t.Errorf("%s: LADRs %+v (%v), want one dated %s", when, ladrs, err, want)
		}
		decs, err := st.Decisions(ctx, data.DecisionFilter{})
		if err != nil || len(decs) != 1 || decs[0].DecidedOn != want {
			t.Errorf("%s: decisions %+v (%v), want one decided on %s", when, decs, err, want)
		}
	}
	check("first pull")
	clock.Advance(time.Hour)
	sum, err := engine.Cycle(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	check("next cycle")
	if sum.Pulled != 0 || sum.Pushed != 0 {
		t.Errorf("the next cycle moved records: %+v", sum)
	}
}
