package server_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kaigi-dev/kaigi/data"
)

// keyboard drives a page with keys only: Tab until an element has focus,
// type, press Enter or arrow keys.
type keyboard struct {
	t   *testing.T
	ctx context.Context
}

func (k keyboard) press(key string) {
	k.t.Helper()
	run(k.t, k.ctx, "press "+strconv.Quote(key), chromedp.KeyEvent(key))
}

// tabTo presses Tab until the focused element matches sel, as a person
// would, and fails when it is not reachable within max presses.
func (k keyboard) tabTo(sel string, max int) {
	k.t.Helper()
	for i := 0; i < max; i++ {
		if read(k.t, k.ctx, "focus", chromedp.Evaluate[bool](`!!document.activeElement && document.activeElement.matches(`+strconv.Quote(sel)+`)`)) {
			return
		}
		k.press(kb.Tab)
	}
	k.t.Fatalf("%s not reached with %d Tab presses", sel, max)
}

// markPage notes the page now shown, so that loaded tells whether another
// page (a form's answer) came since.
func (k keyboard) markPage() {
	k.t.Helper()
	read(k.t, k.ctx, "mark", chromedp.Evaluate[bool](`window.kaigiSamePage = true`))
}

func (k keyboard) loaded() bool {
	k.t.Helper()
	return read(k.t, k.ctx, "same page?", chromedp.Evaluate[bool](`window.kaigiSamePage !== true && document.readyState === "complete"`))
}

func (k keyboard) waitLoaded(step string) {
	k.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		if k.loaded() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	k.t.Fatalf("%s: no new page after %v", step, stepTimeout)
}

// TestMeetingByKeyboardOnly runs a meeting with Tab, Enter, typing and
// arrow keys only: add an agenda, write its notes, resolve it, add a task
// and set it to done. Arrow keys on the task's state change nothing until
// its button is pressed: nothing is ever saved by accident.
func TestMeetingByKeyboardOnly(t *testing.T) {
	e := newEnv(t)
	_, m := e.seedMeeting("Weekly")
	ctx := newBrowser(t)
	run(t, ctx, "log in", chromedp.Navigate(e.srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS(`input[name="email"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), testEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form.logout`)))
	k := keyboard{t: t, ctx: ctx}
	bg := context.Background()
	meetingURL := e.srv.URL + "/meetings/" + string(m.ID)
	run(t, ctx, "open the meeting", chromedp.Navigate(meetingURL), chromedp.WaitVisible(chromedp.CSS(`main`)))

	// The skip link is the first stop and takes focus past the menu.
	k.press(kb.Tab)
	if !read(t, ctx, "skip link", chromedp.Evaluate[bool](`document.activeElement.matches("a.skip-link")`)) {
		t.Fatal("the first Tab does not reach the skip link")
	}
	k.press(kb.Enter)
	k.tabTo(`form[action$="/agendas"] input[name="title"]`, 80)
	k.press("Build speed")
	k.press(kb.Enter)
	var ags []data.Agenda
	var err error
	waitUntil(t, "add an agenda", func() bool {
		ags, err = e.store.Agendas(bg, data.AgendaFilter{SeriesID: m.SeriesID})
		must(t, err)
		return len(ags) > 0
	})
	if len(ags) != 1 || ags[0].Title != "Build speed" {
		t.Fatalf("agendas after Enter: %+v", ags)
	}
	ag := ags[0]
	settled(t, ctx, e) // a live refresh must not replace the field being typed into

	k.tabTo(`form.notes textarea`, 80)
	k.press("Cache the modules.")
	k.press(kb.Tab) // the room saves notes as typed, and on leaving the box
	var d data.Discussion
	waitUntil(t, "save the notes", func() bool {
		d, err = e.store.Discussion(bg, m.ID, ag.ID)
		must(t, err)
		return d.Notes == "Cache the modules."
	})
	if d.Notes != "Cache the modules." {
		t.Fatalf("notes after Enter: %q", d.Notes)
	}
	settled(t, ctx, e)

	k.tabTo(`button[name="state"][value="resolved"]`, 80)
	k.press(kb.Enter)
	waitUntil(t, "resolve", func() bool {
		d, err = e.store.Discussion(bg, m.ID, ag.ID)
		return err == nil && d.Outcome == data.OutcomeResolved
	})
	if d, err = e.store.Discussion(bg, m.ID, ag.ID); err != nil || d.Outcome != data.OutcomeResolved {
		t.Fatalf("outcome after resolving: %v %v", d.Outcome, err)
	}
	settled(t, ctx, e)

	k.tabTo(`form[action$="/tasks"] input[name="title"]`, 120)
	k.press("Write the doc")
	k.press(kb.Enter)
	var tasks []data.Task
	waitUntil(t, "add a task", func() bool {
		tasks, err = e.store.Tasks(bg, data.TaskFilter{SeriesID: m.SeriesID})
		must(t, err)
		return len(tasks) > 0
	})
	if len(tasks) != 1 || tasks[0].Title != "Write the doc" || tasks[0].State != data.TaskTodo {
		t.Fatalf("tasks after Enter: %+v", tasks)
	}
	task := tasks[0]
	settled(t, ctx, e)

	k.tabTo(`form[action="/tasks/`+string(task.ID)+`/state"] select`, 120)
	k.markPage()
	k.press(kb.ArrowDown)
	k.press(kb.ArrowDown)
	time.Sleep(500 * time.Millisecond) // time for a save a change event would start
	if k.loaded() {
		t.Fatal("arrow keys on the task's state loaded another page")
	}
	if got, err := e.store.Task(bg, task.ID); err != nil || got.State != data.TaskTodo {
		t.Fatalf("arrow keys saved the task's state: %v %v", got.State, err)
	}
	if v := read(t, ctx, "chosen state", chromedp.Evaluate[string](`document.activeElement.value`)); v != string(data.TaskDone) {
		t.Fatalf("two arrow keys chose %q, want done", v)
	}
	k.tabTo(`form[action="/tasks/`+string(task.ID)+`/state"] button`, 2)
	k.press(kb.Enter)
	k.waitLoaded("set the state")
	if got, err := e.store.Task(bg, task.ID); err != nil || got.State != data.TaskDone {
		t.Fatalf("state after its button: %v %v", got.State, err)
	}
}

// waitUntil polls ok until it holds: the meeting room saves in place,
// without a new page to wait for.
func waitUntil(t *testing.T, step string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: not saved after %v", step, stepTimeout)
}
