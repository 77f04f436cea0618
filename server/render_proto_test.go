package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"html/template"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// The rendering prototype: the same pre-formatted view model of the
// benchmark meeting (10 carried agendas, 10 open tasks, 2 decisions, 30
// people) written by html/template and by templ.
func protoMeeting() (pages.Layout, pages.Meeting) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	sr := data.Series{ID: "s1", Name: "Bench weekly", TimeZone: "Asia/Tokyo"}
	m := data.Meeting{ID: "m1", SeriesID: sr.ID, Title: "Bench weekly 2026-01-05", StartsAt: now, State: data.MeetingPlanned}
	var people []data.PersonName
	for i := range 30 {
		people = append(people, data.PersonName{ID: data.PersonID(fmt.Sprint("p", i)), Name: fmt.Sprint("Person ", i)})
	}
	var items []data.MinutesItem
	var tasks []data.Task
	var decisions []data.Decision
	for i := range 10 {
		ag := data.Agenda{ID: data.AgendaID(fmt.Sprintf("0190aaaa-bbbb-7ccc-8ddd-%012d", i)), SeriesID: sr.ID,
			Title: fmt.Sprintf("議題 %d: rollout plan", i), Priority: 1 + i%4, State: data.AgendaOpen}
		ag.CreatedAt = now.Add(-8 * 24 * time.Hour)
		items = append(items, data.MinutesItem{MeetingItem: data.MeetingItem{Agenda: ag, CarryCount: 1,
			Discussion: data.Discussion{Outcome: data.OutcomeCarried}}})
		tasks = append(tasks, data.Task{ID: data.TaskID(fmt.Sprintf("0190aaaa-bbbb-7ccc-8eee-%012d", i)), Title: fmt.Sprintf("Task %d", i),
			State: data.TaskTodo, AgendaID: ag.ID})
		if i < 2 {
			decisions = append(decisions, data.Decision{ID: data.DecisionID(fmt.Sprint("d", i)), Title: fmt.Sprintf("決定 %d", i)})
		}
	}
	l := pages.Layout{Title: m.Title, User: "Bench", LoggedIn: true, CSRF: "0123456789abcdef0123456789abcdef", Nav: "series",
		Assets: pages.Assets{CSS: "/static/app.css", JS: "/static/app.js"}}
	cat, err := i18n.Load(i18n.English)
	if err != nil {
		panic(err)
	}
	v := meetingPage(cat.Default(), data.Minutes{Meeting: m, Series: sr, Items: items, Decisions: decisions}, people, form{}, now, &zones{})
	v.Tasks = taskRowsIn(cat.Default(), taskRows(tasks, nameIndex(people), data.DateOf(now)), l.CSRF, "/meetings/m1")
	return l, v
}

func BenchmarkRenderMeeting(b *testing.B) {
	l, v := protoMeeting()
	ctx := englishContext()
	b.Run("engine=templ", func(b *testing.B) {
		var buf bytes.Buffer
		for range b.N {
			buf.Reset()
			if err := pages.MeetingPage(l, v).Render(ctx, &buf); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes/page")
	})
	b.Run("engine=html-template", func(b *testing.B) {
		t := template.Must(template.ParseFiles("testdata/meeting_flat.html"))
		in := struct {
			L pages.Layout
			M pages.Meeting
		}{l, v}
		var buf bytes.Buffer
		for range b.N {
			buf.Reset()
			if err := t.ExecuteTemplate(&buf, "page", in); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes/page")
	})
}

// BenchmarkGzipMeetingPage is what compressing the meeting page would
// cost per request, and what it would save on the wire.
func BenchmarkGzipMeetingPage(b *testing.B) {
	l, v := protoMeeting()
	var page bytes.Buffer
	if err := pages.MeetingPage(l, v).Render(englishContext(), &page); err != nil {
		b.Fatal(err)
	}
	for _, level := range []int{gzip.BestSpeed, gzip.DefaultCompression} {
		b.Run(fmt.Sprintf("level=%d", level), func(b *testing.B) {
			var out bytes.Buffer
			w, _ := gzip.NewWriterLevel(&out, level)
			for range b.N {
				out.Reset()
				w.Reset(&out)
				w.Write(page.Bytes())
				w.Close()
			}
			b.ReportMetric(float64(page.Len()), "bytes-in")
			b.ReportMetric(float64(out.Len()), "bytes-out")
		})
	}
}

// englishContext renders pages in English, as a request would.
func englishContext() context.Context {
	cat, err := i18n.Load(i18n.English)
	if err != nil {
		panic(err)
	}
	return i18n.NewContext(context.Background(), cat.Default())
}
