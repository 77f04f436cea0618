package server_test

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// menuState is what a person sees of the top menu: whether its button
// shows, whether it is open, and the links shown with their sizes.
type menuState struct {
	Button, Open bool
	Links        []struct {
		Text          string
		Height, Right float64
	}
	Scroll, Inner int
}

const readMenu = `JSON.stringify({
	Button: document.querySelector("details.menu > summary").checkVisibility(),
	Open: document.querySelector("details.menu").open,
	Links: [...document.querySelectorAll(".top nav a")].filter(a => a.checkVisibility())
		.map(a => ({Text: a.textContent, Height: a.getBoundingClientRect().height, Right: a.getBoundingClientRect().right})),
	Scroll: document.documentElement.scrollWidth, Inner: innerWidth})`

// TestCompactMenuOnAPhone: at 390 px the top menu is one button that the
// keyboard opens (Tab to it, Enter) into a list of 44 px links inside the
// screen, and nothing scrolls sideways; at 1280 px the links are a row and
// the button is not there.
func TestCompactMenuOnAPhone(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t, chromedp.Flag("lang", "ja"), chromedp.Flag("accept-lang", "ja"))
	menu := func(what string) menuState {
		t.Helper()
		var m menuState
		must(t, json.Unmarshal([]byte(read(t, ctx, what, chromedp.Evaluate[string](readMenu))), &m))
		return m
	}
	run(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
	run(t, ctx, "log in", chromedp.Navigate(e.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), testEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form.logout`)))
	shot(t, ctx, "ja-menu-closed-390")
	closed := menu("closed menu")
	if !closed.Button || closed.Open || len(closed.Links) != 0 {
		t.Fatalf("at 390 px the menu shows button %v, open %v, links %v; want a closed button and no links", closed.Button, closed.Open, closed.Links)
	}
	k := keyboard{t, ctx}
	k.tabTo("details.menu > summary", 6)
	k.press(kb.Enter)
	open := menu("open menu")
	shot(t, ctx, "ja-menu-open-390")
	if !open.Open || len(open.Links) < 6 {
		t.Fatalf("Enter on the menu button: open %v, links %v; want the menu's links", open.Open, open.Links)
	}
	for _, l := range open.Links {
		if l.Height < 44 || l.Right > float64(open.Inner) {
			t.Errorf("menu link %q is %.0f px tall and ends at %.0f px; want at least 44 px, inside %d px", l.Text, l.Height, l.Right, open.Inner)
		}
	}
	if open.Scroll > open.Inner {
		t.Errorf("with the menu open the page is %d px wide, the screen %d", open.Scroll, open.Inner)
	}
	k.tabTo(`.top nav a[href="/tasks"]`, 6)
	k.press(kb.Enter)
	run(t, ctx, "the tasks page", chromedp.WaitVisible(chromedp.CSS(`.top nav a[href="/tasks"][aria-current=page]`)))
	if m := menu("menu on the next page"); m.Open {
		t.Errorf("the menu is still open on the page it led to")
	}

	run(t, ctx, "laptop", chromedp.EmulateViewport(1280, 800))
	wide := menu("wide menu")
	if wide.Button || len(wide.Links) < 6 {
		t.Errorf("at 1280 px the menu shows button %v and links %v; want the row of links and no button", wide.Button, wide.Links)
	}
	for i := 1; i < len(wide.Links); i++ {
		if wide.Links[i].Right <= wide.Links[i-1].Right {
			t.Errorf("at 1280 px the links are not one row: %v", wide.Links)
			break
		}
	}
}
