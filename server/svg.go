package server

import (
	"fmt"
	"sort"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// The charts are plain data laid out here and drawn as SVG by templates, so
// every label goes through html/template's escaping.

// agingChart shows each open agenda as a bar as long as it has been open.
type agingChart struct {
	Bars          []agingBar
	Width, Height int
	BarX, BarMax  int
	MaxDays       int
}

type agingBar struct {
	ID      data.AgendaID
	Title   string
	Days    int
	Carried int
	Y       int
	Width   int
	Class   string
}

const (
	agingRow      = 22
	agingLabelW   = 250
	agingBarSpace = 330
)

func newAgingChart(now time.Time, open []data.Agenda, carried map[data.AgendaID]int) agingChart {
	ch := agingChart{BarX: agingLabelW + 10, BarMax: agingBarSpace, Width: agingLabelW + agingBarSpace + 150, MaxDays: 1}
	for _, a := range open {
		days := data.AgeAt(a.CreatedAt, carried[a.ID], now).Days
		ch.Bars = append(ch.Bars, agingBar{ID: a.ID, Title: shorten(a.Title, 36), Days: days, Carried: carried[a.ID], Class: ageClass(days)})
		if days > ch.MaxDays {
			ch.MaxDays = days
		}
	}
	sort.SliceStable(ch.Bars, func(i, j int) bool { return ch.Bars[i].Days > ch.Bars[j].Days })
	for i := range ch.Bars {
		b := &ch.Bars[i]
		b.Y = 8 + i*agingRow
		b.Width = max(2, b.Days*agingBarSpace/ch.MaxDays)
	}
	ch.Height = 16 + len(ch.Bars)*agingRow
	return ch
}

// ageClass buckets an agenda's age: under two weeks is fresh, over six is
// a candidate for pruning.
func ageClass(days int) string {
	switch {
	case days < 14:
		return "age-fresh"
	case days < 42:
		return "age-old"
	}
	return "age-stale"
}

const (
	graphRow   = 34
	graphNodeH = 26
	graphColW  = 270
	graphGap   = 90
)

// newLinkGraph lays out LADRs by number in the right column and each one's
// decisions beside it in the left column.
func newLinkGraph(ladrs []data.LADR, decisions map[data.LADRID][]data.Decision) pages.LinkGraph {
	g := pages.LinkGraph{Width: 2*graphColW + graphGap + 80}
	ladrX := graphColW + graphGap
	pos := map[data.LADRID]int{} // center y of each LADR node
	y := 6
	for _, l := range ladrs {
		ds := decisions[l.ID]
		rows := max(1, len(ds))
		ly := y + (rows-1)*graphRow/2
		pos[l.ID] = ly + graphNodeH/2
		g.Nodes = append(g.Nodes, pages.GraphNode{X: ladrX, Y: ly, W: graphColW, H: graphNodeH,
			Label: fmt.Sprintf("%04d %s", l.Number, shorten(l.Title, 28)), Href: "/ladrs/" + string(l.ID), Class: "node-ladr state-" + string(l.State)})
		for i, d := range ds {
			dy := y + i*graphRow
			g.Nodes = append(g.Nodes, pages.GraphNode{X: 4, Y: dy, W: graphColW, H: graphNodeH,
				Label: shorten(d.Title, 34), Href: "/decisions/" + string(d.ID), Class: "node-decision state-" + string(d.State)})
			g.Edges = append(g.Edges, pages.GraphEdge{Class: "edge-records", D: fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d",
				4+graphColW, dy+graphNodeH/2, 4+graphColW+graphGap/2, dy+graphNodeH/2, ladrX-graphGap/2, ly+graphNodeH/2, ladrX-4, ly+graphNodeH/2)})
		}
		y += rows * graphRow
	}
	for _, l := range ladrs {
		for _, newer := range l.SupersededBy {
			to, ok := pos[newer]
			if !ok {
				continue
			}
			from := pos[l.ID]
			bend := ladrX + graphColW + 20 + min(60, abs(to-from)/6)
			g.Edges = append(g.Edges, pages.GraphEdge{Class: "edge-supersedes", D: fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d",
				ladrX+graphColW, from, bend, from, bend, to, ladrX+graphColW+4, to)})
		}
	}
	g.Height = y + 6
	return g
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
