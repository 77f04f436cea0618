package data

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"
)

// SeedSize describes a generated history: Series series that met weekly for
// Weeks weeks, with new items raised at every meeting.
type SeedSize struct {
	Series              int
	Weeks               int
	AgendasPerMeeting   int
	TasksPerMeeting     int
	DecisionsPerMeeting int
	Seed                uint64
}

// Seed fills an empty store with a realistic, deterministic history ending
// at the store's current time: meetings opened by carry-forward, about half
// of the open agendas resolved each week, most tasks done, decisions on
// resolved agendas, in Japanese and English. It exists for benchmarks, load
// runs and demos; every row goes through the store's own insert paths, so
// the journal and the search index are as real as in use.
func Seed(ctx context.Context, s *Store, size SeedSize) error {
	rng := rand.New(rand.NewPCG(size.Seed, size.Seed^0x9e3779b97f4a7c15))
	end := s.now()
	start := end.Add(-time.Duration(size.Weeks) * 7 * 24 * time.Hour)
	cur := start
	gen := *s // same pool, own clock: rows get the times of the history
	gen.now = func() time.Time { return cur }

	var people []PersonID
	for i := range 30 {
		p := Person{Name: seedNames[i%len(seedNames)] + fmt.Sprint(" ", i), Email: fmt.Sprintf("person%d@example.com", i)}
		if err := gen.CreatePerson(ctx, &p); err != nil {
			return err
		}
		people = append(people, p.ID)
	}
	for i := range size.Series {
		sr := Series{Name: fmt.Sprintf("%s %d", seedSeriesNames[i%len(seedSeriesNames)], i+1), Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
		if err := gen.CreateSeries(ctx, &sr); err != nil {
			return err
		}
		cur = start
		for w := range size.Weeks {
			slot, err := sr.NextSlot(start.Add(time.Duration(w) * 7 * 24 * time.Hour))
			if err != nil {
				return err
			}
			cur = slot.Add(-time.Hour)
			err = gen.inTx(ctx, func(tx *sql.Tx) error {
				return gen.seedWeek(ctx, tx, rng, sr, slot, people, size)
			})
			if err != nil {
				return fmt.Errorf("seed series %d week %d: %w", i, w, err)
			}
		}
	}
	return nil
}

// seedWeek opens one meeting and plays out what happened in it.
func (s *Store) seedWeek(ctx context.Context, tx *sql.Tx, rng *rand.Rand, sr Series, slot time.Time, people []PersonID, size SeedSize) error {
	m := Meeting{SeriesID: sr.ID, StartsAt: slot, Title: sr.Name + " " + slot.Format("2006-01-02"), State: MeetingPlanned}
	if err := s.insertMeeting(ctx, tx, &m); err != nil {
		return err
	}
	if err := s.carryOpenAgendas(ctx, tx, m); err != nil {
		return err
	}
	pick := func() PersonID { return people[rng.IntN(len(people))] }
	var raised []AgendaID
	for range size.AgendasPerMeeting {
		a := Agenda{SeriesID: sr.ID, Title: seedTopic(rng), Body: seedTopic(rng) + "について議論する。", OwnerID: pick(),
			Priority: 1 + rng.IntN(4), State: AgendaOpen}
		if err := s.insertAgenda(ctx, tx, &a, m.ID); err != nil {
			return err
		}
		raised = append(raised, a.ID)
	}
	// About half of what is on the list gets resolved, with a decision.
	open, err := queryIDs[AgendaID](ctx, tx, `SELECT agenda_id FROM discussions WHERE meeting_id = ?`, m.ID)
	if err != nil {
		return err
	}
	decided := 0
	for _, id := range open {
		if rng.IntN(2) == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agendas SET state = 'resolved', resolved_at = ? WHERE id = ?`, formatTime(s.now()), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE discussions SET outcome = 'resolved' WHERE meeting_id = ? AND agenda_id = ?`, m.ID, id); err != nil {
			return err
		}
		if _, err := s.journal(ctx, tx, EntityAgenda, string(id), "update"); err != nil {
			return err
		}
		if decided < size.DecisionsPerMeeting {
			d := Decision{Title: seedTopic(rng) + "を採用する", MeetingID: m.ID, AgendaID: id, DecidedOn: DateOf(slot), State: DecisionActive}
			if err := s.insertDecision(ctx, tx, &d); err != nil {
				return err
			}
			decided++
		}
	}
	for range size.TasksPerMeeting {
		t := Task{SeriesID: sr.ID, Title: "Follow up: " + seedTopic(rng), AssigneeID: pick(), MeetingID: m.ID,
			Due: DateOf(slot.Add(7 * 24 * time.Hour)), State: TaskTodo, Meta: Meta{CreatedAt: s.now()}}
		if len(raised) > 0 {
			t.AgendaID = raised[rng.IntN(len(raised))]
		}
		if rng.IntN(10) < 9 {
			t.State = TaskDone
		}
		if err := s.insertTask(ctx, tx, &t); err != nil {
			return err
		}
	}
	// A third of the list gets notes.
	for _, id := range open {
		if rng.IntN(3) != 0 {
			continue
		}
		notes := seedTopic(rng) + "について話した。" + seedNotes[rng.IntN(len(seedNotes))]
		if _, err := tx.ExecContext(ctx, `UPDATE discussions SET notes = ?, outcome = CASE outcome WHEN 'carried' THEN 'discussed' ELSE outcome END
			WHERE meeting_id = ? AND agenda_id = ?`, notes, m.ID, id); err != nil {
			return err
		}
		if err := s.indexDiscussion(ctx, tx, m.ID, id); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET state = 'held' WHERE id = ?`, m.ID); err != nil {
		return err
	}
	// Half of the tasks still open get done this week.
	todo, err := queryIDs[TaskID](ctx, tx, `SELECT id FROM tasks WHERE series_id = ? AND state = 'todo' AND deleted_at IS NULL ORDER BY id`, sr.ID)
	if err != nil {
		return err
	}
	for _, id := range todo {
		if rng.IntN(2) == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET state = 'done', done_at = ? WHERE id = ?`, formatTime(s.now()), id); err != nil {
			return err
		}
		if _, err := s.journal(ctx, tx, EntityTask, string(id), "update"); err != nil {
			return err
		}
	}
	return nil
}

var (
	seedNames       = []string{"Aiko", "Ben", "Chen", "Daichi", "Emma", "Fumiko", "Gabriel", "Haruto"}
	seedSeriesNames = []string{"Platform weekly", "モバイル定例", "Design review", "SRE sync", "採用会議"}
	seedSubjects    = []string{"状態管理", "Deployment pipeline", "ログ基盤", "API versioning", "オンコール体制", "Cost review",
		"認証方式", "Feature flags", "データ移行", "Release train", "画面遷移", "Incident review"}
	seedNotes = []string{"次回までに案をまとめる。", "Compared the options; more data next week.", "移行計画は来月に見直す。",
		"Waiting on the vendor's answer.", "担当を決めた。"}
	seedVerbs = []string{"の方針", " rollout", "の見直し", " plan", "の移行", " options"}
)

func seedTopic(rng *rand.Rand) string {
	return seedSubjects[rng.IntN(len(seedSubjects))] + seedVerbs[rng.IntN(len(seedVerbs))]
}
