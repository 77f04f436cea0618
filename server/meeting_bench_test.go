package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// BenchmarkMeetingPage renders the same meeting (10 carried agendas, 10 open
// tasks, 2 decisions) added to a 1k-row and to a 114k-row history,
// in-process without the network, so the ratio between the two shows what
// the size of the database costs the page. KAIGI_BENCH_PATH measures
// another page instead.
func BenchmarkMeetingPage(b *testing.B) {
	for _, sz := range loadSizes {
		b.Run("db="+sz.name, func(b *testing.B) {
			ctx := context.Background()
			path := filepath.Join(b.TempDir(), "kaigi.db")
			if err := data.Restore(ctx, seededCopy(b, sz.size), path, true); err != nil {
				b.Fatal(err)
			}
			st, err := data.Open(ctx, path, data.Options{Now: seedClock})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			meeting := benchMeeting(b, st)
			hash, _ := server.HashPassword(testPassword)
			if err := st.CreateUser(ctx, &data.Person{Name: "Bench", Email: "bench@example.com"}, hash); err != nil {
				b.Fatal(err)
			}
			token, tokenHash := server.NewSecret()
			if _, err := st.CreateAPIToken(ctx, "bench@example.com", "bench", tokenHash); err != nil {
				b.Fatal(err)
			}
			app, err := server.New(server.Deps{Store: st, Now: seedClock, NoPageCache: true})
			if err != nil {
				b.Fatal(err)
			}
			path = "/meetings/" + string(meeting)
			if p := os.Getenv("KAIGI_BENCH_PATH"); p != "" {
				path = p
			}
			b.ResetTimer()
			for range b.N {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				app.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// benchMeeting adds a series whose second meeting carries 10 agendas and
// shows 10 open tasks and 2 decisions, the same in every database.
func benchMeeting(b testing.TB, st *data.Store) data.MeetingID {
	ctx := context.Background()
	sr := data.Series{Name: "Bench weekly", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		b.Fatal(err)
	}
	first := data.Meeting{SeriesID: sr.ID, Title: "Bench 1", StartsAt: time.Date(2025, 12, 29, 1, 0, 0, 0, time.UTC)}
	if err := st.CreateMeeting(ctx, &first); err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		a := data.Agenda{SeriesID: sr.ID, Title: fmt.Sprintf("議題 %d: rollout plan", i), Priority: 1 + i%4}
		if err := st.CreateAgenda(ctx, &a, first.ID); err != nil {
			b.Fatal(err)
		}
		t := data.Task{SeriesID: sr.ID, Title: fmt.Sprintf("Task %d", i), AgendaID: a.ID}
		if err := st.CreateTask(ctx, &t); err != nil {
			b.Fatal(err)
		}
		if i < 2 {
			d := data.Decision{Title: fmt.Sprintf("決定 %d", i), MeetingID: first.ID, AgendaID: a.ID}
			if err := st.CreateDecision(ctx, &d); err != nil {
				b.Fatal(err)
			}
		}
	}
	m, _, err := st.NextMeeting(ctx, sr.ID)
	if err != nil {
		b.Fatal(err)
	}
	return m.ID
}
