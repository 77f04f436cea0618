package minutes

import (
	"strconv"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// BenchmarkMarkdown writes the minutes of a long meeting: 40 agendas with
// notes, 10 decisions, 20 tasks, 12 attendees.
func BenchmarkMarkdown(b *testing.B) {
	cat, err := i18n.Load(i18n.Japanese)
	if err != nil {
		b.Fatal(err)
	}
	src := sample()
	item := src.Minutes.Items[0]
	src.Minutes.Items = nil
	for i := range 40 {
		it := item
		it.Agenda.Title = "議題 " + strconv.Itoa(i) + " | *移行計画* の見直し"
		it.Discussion.Notes = "相性を検証した。\n\n- 既存の画面は **そのまま**\n- 新しい画面から移す\n\n```\nmake release\n```"
		src.Minutes.Items = append(src.Minutes.Items, it)
	}
	for range 9 {
		src.Minutes.Decisions = append(src.Minutes.Decisions, src.Minutes.Decisions[0])
	}
	for range 19 {
		src.Minutes.Tasks = append(src.Minutes.Tasks, src.Minutes.Tasks[0])
	}
	for i := range 10 {
		id := data.PersonID("x" + strconv.Itoa(i))
		src.Names[id] = "参加者" + strconv.Itoa(i)
		src.Minutes.Meeting.Attendees = append(src.Minutes.Meeting.Attendees, id)
	}
	t := cat.For(i18n.Japanese)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Markdown(t, src))
	}
	b.ReportMetric(float64(n), "bytes/doc")
}
