package server_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
	"github.com/kaigi-dev/kaigi/server/notify"
)

// webhook is a Slack-compatible incoming webhook on a real listener: it
// records each post's text and answers with the status next says.
type webhook struct {
	srv   *httptest.Server
	mu    sync.Mutex
	texts []string
	next  int           // status of the next answer; 0: 200
	hold  chan struct{} // when set, answers wait for it to close
}

func newWebhook(t *testing.T) *webhook {
	w := &webhook{}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var body struct{ Text string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || r.Header.Get("Content-Type") != "application/json" {
			http.Error(rw, "invalid_payload", http.StatusBadRequest)
			return
		}
		w.mu.Lock()
		hold, status := w.hold, w.next
		w.texts, w.next = append(w.texts, body.Text), 0
		w.mu.Unlock()
		if hold != nil {
			<-hold
		}
		if status != 0 {
			http.Error(rw, "no_service", status)
			return
		}
		rw.Write([]byte("ok"))
	}))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *webhook) posts() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.texts...)
}

// holdAnswers makes answers wait until the returned func is called.
func (w *webhook) holdAnswers() (release func()) {
	ch := make(chan struct{})
	w.mu.Lock()
	w.hold = ch
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		w.hold = nil
		w.mu.Unlock()
		close(ch)
	}
}

func (w *webhook) answer(status int) {
	w.mu.Lock()
	w.next = status
	w.mu.Unlock()
}

// TestMinutesPostedToSlackWhenHeld: with the series' setting on, marking a
// meeting held posts its minutes (Slack's escaping) to the webhook once,
// after the answer, without holding it up; holding it again unchanged
// posts nothing, changed minutes post again; a refusal is recorded as
// failed and tried again at the next holding, a 5xx as maybe delivered
// and never again; the series page shows them; the URL is never logged.
func TestMinutesPostedToSlackWhenHeld(t *testing.T) {
	hook := newWebhook(t)
	secretURL := hook.srv.URL + "/services/T000/B000/s3cr3t-path"
	var bg sync.WaitGroup
	var logs lockedBuffer
	e := newEnv(t, func(d *server.Deps) {
		d.MinutesPoster = &notify.Slack{URL: secretURL}
		d.Background = func(_ string, f func()) { bg.Go(f) }
		d.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	b := e.login()
	ctx := context.Background()
	sr, m := e.seedMeeting("プラットフォーム定例")
	ag := data.Agenda{SeriesID: sr.ID, Title: "<!channel> & 相性"}
	must(t, e.store.CreateAgenda(ctx, &ag, m.ID))
	resp, body := b.submit("/series/"+string(sr.ID)+"/minutes-post", url.Values{"on": {"1"}})
	seeOther(t, resp, body)

	setState := func(path string) {
		t.Helper()
		cur, err := e.store.Meeting(ctx, m.ID)
		must(t, err)
		resp, body := b.submit("/meetings/"+string(m.ID)+"/"+path, url.Values{"revision": {itoa(cur.Revision)}})
		seeOther(t, resp, body)
	}
	// The webhook holds its answer: "mark held" has answered before it.
	release := hook.holdAnswers()
	setState("held")
	release()
	bg.Wait()
	posts := hook.posts()
	if len(posts) != 1 || !strings.HasPrefix(posts[0], "*プラットフォーム定例") || !strings.Contains(posts[0], "&lt;!channel&gt; &amp; 相性") ||
		strings.Contains(posts[0], "<!channel>") {
		t.Fatalf("posts after mark held: %q", posts)
	}

	setState("reopen")
	setState("held")
	bg.Wait()
	if n := len(hook.posts()); n != 1 {
		t.Fatalf("holding again unchanged posted again: %d posts", n)
	}

	setState("reopen")
	must(t, e.store.SetDiscussionNotes(ctx, m.ID, ag.ID, "決めた"))
	hook.answer(http.StatusBadRequest)
	setState("held")
	bg.Wait()
	_, page := b.get("/series/" + string(sr.ID))
	if n := len(hook.posts()); n != 2 || !strings.Contains(page, "failed") || !strings.Contains(page, "no_service") {
		t.Fatalf("a refused post: %d posts; series page:\n%s", n, page)
	}
	setState("reopen")
	setState("held") // the same minutes: the failed post is tried again
	bg.Wait()
	if posts := hook.posts(); len(posts) != 3 || posts[2] != posts[1] || !strings.Contains(posts[2], "決めた") {
		t.Fatalf("a failed post is not tried again at the next holding: %q", posts)
	}

	setState("reopen")
	must(t, e.store.SetDiscussionNotes(ctx, m.ID, ag.ID, "決め直した"))
	hook.answer(http.StatusServiceUnavailable)
	setState("held")
	bg.Wait()
	setState("reopen")
	setState("held")
	bg.Wait()
	if n := len(hook.posts()); n != 4 {
		t.Fatalf("a post that may have arrived was sent again: %d posts", n)
	}
	if _, page := b.get("/series/" + string(sr.ID)); !strings.Contains(page, "may not have arrived") {
		t.Errorf("series page does not show the unknown post:\n%s", page)
	}
	if l := logs.String(); strings.Contains(l, "s3cr3t") || strings.Contains(l, "T000") || !strings.Contains(l, "minutes not posted") {
		t.Errorf("log names the webhook URL or not the failure:\n%s", l)
	}
}

// TestMinutesPostNeedsAWebhook: without KAIGI_SLACK_WEBHOOK_URL the setting
// is shown disabled and cannot be turned on; holding posts nothing.
func TestMinutesPostNeedsAWebhook(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	sr, _ := e.seedMeeting("週次")
	_, page := b.get("/series/" + string(sr.ID))
	if !strings.Contains(page, `name="on" value="1" disabled`) || !strings.Contains(page, "not connected to Slack") || strings.Contains(page, "KAIGI_") {
		t.Errorf("series page offers the post without a webhook:\n%s", page)
	}
	if resp, body := b.submit("/series/"+string(sr.ID)+"/minutes-post", url.Values{"on": {"1"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("turning it on without a webhook: %d %s", resp.StatusCode, body)
	}
	if on, err := e.store.PostsMinutes(context.Background(), sr.ID); err != nil || on {
		t.Errorf("setting stored without a webhook: %v %v", on, err)
	}
}
