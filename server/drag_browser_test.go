package server_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/kaigi-dev/kaigi/data"
)

// TestDragReordersAgendasInBrowser drags the last agenda card by its
// handle above the first with real input events: a mouse at 1280 px, a
// finger (touch events) on a 390 px phone. The new order shows at once, the
// page is not loaded again, and the order is the store's and survives a
// reload.
func TestDragReordersAgendasInBrowser(t *testing.T) {
	for _, size := range [][2]int{{1280, 800}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) { dragWalk(t, size[0], size[1]) })
	}
}

func dragWalk(t *testing.T, width, height int) {
	e := newEnv(t)
	bg := context.Background()
	sr := data.Series{Name: "週次定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	must(t, e.store.CreateSeries(bg, &sr))
	m, _, err := e.store.NextMeeting(bg, sr.ID)
	must(t, err)
	titles := []string{"予算", "採用", "リリース"}
	for _, title := range titles {
		a := data.Agenda{SeriesID: sr.ID, Title: title, Priority: 2}
		must(t, e.store.CreateAgenda(bg, &a, m.ID))
	}
	ctx := newBrowser(t, chromedp.Flag("lang", "ja"), chromedp.Flag("accept-lang", "ja"), chromedp.WindowSize(width, height))
	touch := width <= 390
	viewport := []chromedp.EmulateViewportOption{}
	if touch {
		viewport = append(viewport, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	run(t, ctx, "window size", chromedp.EmulateViewport(int64(width), int64(height), viewport...))
	loginInBrowser(t, ctx, e.srv.URL)
	page := e.srv.URL + "/meetings/" + string(m.ID)
	run(t, ctx, "meeting page", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`#meeting[data-stream="open"]`)))
	order := func() string {
		return read(t, ctx, "order", chromedp.Evaluate[string](`[...document.querySelectorAll("ol.agendas a.agenda-title")].map(a => a.textContent).join(" / ")`))
	}
	if got := order(); got != strings.Join(titles, " / ") {
		t.Fatalf("order before the drag: %s", got)
	}
	read(t, ctx, "mark the page", chromedp.Evaluate[int](`window.kaigiDrag = 1`))

	// Bring the list's top under the window's top edge (out of the zone
	// where a drag scrolls the page) and find the handle and the target.
	type box struct{ HX, HY, TX, TY, Bottom float64 }
	b := read(t, ctx, "positions", chromedp.Evaluate[box](`(() => {
		const cards = document.querySelectorAll("ol.agendas > li[data-agenda]");
		window.scrollTo(0, cards[0].getBoundingClientRect().top + scrollY - 60);
		const h = cards[cards.length - 1].querySelector(".handle").getBoundingClientRect();
		const first = cards[0].getBoundingClientRect();
		return {HX: h.left + h.width / 2, HY: h.top + h.height / 2, TX: first.left + first.width / 2, TY: first.top + 6, Bottom: innerHeight};
	})()`))
	if b.HY <= 0 || b.HY >= b.Bottom-48 || b.TY <= 48 {
		t.Fatalf("the handle (y %.0f) or the target (y %.0f) is not inside a %.0f px window's drag area", b.HY, b.TY, b.Bottom)
	}
	const steps = 12
	point := func(i int) (float64, float64) {
		f := float64(i) / steps
		return b.HX + (b.TX-b.HX)*f, b.HY + (b.TY-b.HY)*f
	}
	var moves []chromedp.Action[chromedp.Void]
	if touch {
		at := func(x, y float64) []*input.TouchPoint { return []*input.TouchPoint{{X: x, Y: y}} }
		moves = append(moves, call(input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: at(b.HX, b.HY)}))
		for i := 1; i <= steps; i++ {
			x, y := point(i)
			moves = append(moves, call(input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: at(x, y)}))
		}
		moves = append(moves, call(input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}))
	} else {
		mouse := func(typ input.DispatchMouseEventType, x, y float64, buttons int64) chromedp.Action[chromedp.Void] {
			return call(input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: typ, X: x, Y: y,
				Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1})
		}
		moves = append(moves, call(input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: b.HX, Y: b.HY}),
			mouse(input.DispatchMouseEventTypeMousePressed, b.HX, b.HY, 1))
		for i := 1; i <= steps; i++ {
			x, y := point(i)
			moves = append(moves, mouse(input.DispatchMouseEventTypeMouseMoved, x, y, 1))
		}
		moves = append(moves, mouse(input.DispatchMouseEventTypeMouseReleased, b.TX, b.TY, 0))
	}
	run(t, ctx, "drag the last card above the first", moves...)
	want := "リリース / 予算 / 採用"
	if got := order(); got != want {
		t.Fatalf("order shown after the drag: %s, want %s", got, want)
	}
	// The order is posted when the card is dropped; wait for the store.
	deadline := time.Now().Add(10 * time.Second)
	for {
		ids, err := e.store.MeetingAgendaIDs(bg, m.ID)
		must(t, err)
		items, err := e.store.MeetingItems(bg, m.ID)
		must(t, err)
		var got []string
		for _, id := range ids {
			i := slices.IndexFunc(items, func(it data.MeetingItem) bool { return it.Agenda.ID == id })
			got = append(got, items[i].Agenda.Title)
		}
		if strings.Join(got, " / ") == want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store's order after the drag: %v, want %s", got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	settled(t, ctx, e)
	if got := order(); got != want {
		t.Fatalf("order shown once the live page caught up: %s, want %s", got, want)
	}
	if !read(t, ctx, "no reload", chromedp.Evaluate[bool](`window.kaigiDrag === 1`)) {
		t.Fatal("the drag loaded the page again")
	}
	if n := read(t, ctx, "dragging class", chromedp.Evaluate[int](`document.querySelectorAll("li.dragging").length`)); n != 0 {
		t.Errorf("%d cards still look dragged after the drop", n)
	}
	run(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#meeting[data-stream="open"]`)))
	if got := order(); got != want {
		t.Fatalf("order after a reload: %s, want %s", got, want)
	}
}

// call runs one protocol command as a step.
func call[P, R any](cmd cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cmd, params)
		return err
	})
}
