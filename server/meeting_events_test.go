package server_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// stream is an open event stream of a meeting page.
type stream struct {
	t      *testing.T
	resp   *http.Response
	lines  *bufio.Scanner
	cancel context.CancelFunc
}

// openStream opens the meeting's events as b, with Last-Event-ID lastID
// when it is not empty.
func (b *browser) openStream(mid data.MeetingID, after, lastID string) *stream {
	b.e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.e.srv.URL+"/meetings/"+string(mid)+"/events?after="+after, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		cancel()
		b.e.t.Fatal(err)
	}
	s := &stream{t: b.e.t, resp: resp, lines: bufio.NewScanner(resp.Body), cancel: cancel}
	b.e.t.Cleanup(s.close)
	return s
}

func (s *stream) close() { s.cancel(); s.resp.Body.Close() }

// next reads the stream up to its next event and returns the event's id;
// a stream that ends first returns -1. A stuck stream fails the test.
func (s *stream) next() int64 {
	s.t.Helper()
	got := make(chan int64, 1)
	go func() {
		for s.lines.Scan() {
			if id, ok := strings.CutPrefix(s.lines.Text(), "id: "); ok {
				n, _ := strconv.ParseInt(id, 10, 64)
				got <- n
				return
			}
		}
		got <- -1
	}()
	select {
	case id := <-got:
		return id
	case <-time.After(stepTimeout):
		s.close()
		s.t.Fatal("no event on the stream")
		return 0
	}
}

var pageSeq = regexp.MustCompile(`data-seq="(\d+)"`)

// seqOf is the journal position a meeting page says it was rendered after.
func seqOf(t *testing.T, page string) string {
	t.Helper()
	m := pageSeq.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the meeting page has no data-seq:\n%s", page)
	}
	return m[1]
}

func head(t *testing.T, e *env) int64 {
	t.Helper()
	seq, _, err := e.store.LastChange(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func TestAChangeReachesAnOpenMeetingStream(t *testing.T) {
	e := newEnv(t)
	_, m := e.seedMeeting("Weekly")
	alice, bob := e.login(), e.login()
	_, page := bob.get("/meetings/" + string(m.ID))
	seen := seqOf(t, page)
	if want := strconv.FormatInt(head(t, e), 10); seen != want {
		t.Fatalf("the page says it was rendered after %s, the journal's head is %s", seen, want)
	}
	s := bob.openStream(m.ID, seen, "")
	if ct := s.resp.Header.Get("Content-Type"); s.resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events: %d %s", s.resp.StatusCode, ct)
	}
	for _, title := range []string{"First", "Second"} {
		resp, body := alice.submit("/meetings/"+string(m.ID)+"/agendas", url.Values{"title": {title}, "priority": {"2"}})
		seeOther(t, resp, body)
		if got, want := s.next(), head(t, e); got != want {
			t.Fatalf("after adding %q the stream said %d, the journal's head is %d", title, got, want)
		}
		// The page fetched for that event shows the change: the page cache
		// keys on the journal's head.
		_, page := bob.get("/meetings/" + string(m.ID))
		if !strings.Contains(page, ">"+title+"</a>") {
			t.Fatalf("the refetched page lacks %q", title)
		}
	}
}

// A change made while the page had no stream (between rendering and
// connecting, or during a reconnect) comes at once when the stream opens.
func TestAStreamStartsWithAChangeItMissed(t *testing.T) {
	e := newEnv(t)
	_, m := e.seedMeeting("Weekly")
	b := e.login()
	_, page := b.get("/meetings/" + string(m.ID))
	seen := seqOf(t, page)
	ag := data.Agenda{SeriesID: m.SeriesID, Title: "Added meanwhile", Priority: 2}
	must(t, e.store.CreateAgenda(context.Background(), &ag, m.ID)) // not through the server: no nudge
	if got, want := b.openStream(m.ID, seen, "").next(), head(t, e); got != want {
		t.Fatalf("a new stream began with %d, want the head %d", got, want)
	}
	// A reconnect names the last event it had: Last-Event-ID wins over ?after.
	if got, want := b.openStream(m.ID, "0", seen).next(), head(t, e); got != want {
		t.Fatalf("a reconnect began with %d, want %d", got, want)
	}
	// A page that is up to date gets no event until something changes.
	s := b.openStream(m.ID, strconv.FormatInt(head(t, e), 10), "")
	ag2 := data.Agenda{SeriesID: m.SeriesID, Title: "Later", Priority: 2}
	must(t, e.store.CreateAgenda(context.Background(), &ag2, m.ID)) // found by the broker's poll
	if got, want := s.next(), head(t, e); got != want {
		t.Fatalf("the up-to-date stream's first event is %d, want %d", got, want)
	}
}

func TestMeetingEventsNeedWhatThePageNeeds(t *testing.T) {
	e := newEnv(t)
	_, m := e.seedMeeting("Weekly")
	anon := e.anonymous()
	resp, _ := anon.get("/meetings/" + string(m.ID) + "/events")
	page, _ := anon.get("/meetings/" + string(m.ID))
	if resp.StatusCode == http.StatusOK || resp.StatusCode != page.StatusCode {
		t.Fatalf("without a session: events %d, page %d", resp.StatusCode, page.StatusCode)
	}
	b := e.login()
	if resp, _ := b.get("/meetings/0190aaaa-bbbb-7ccc-8ddd-000000000000/events"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("events of an unknown meeting: %d, want 404", resp.StatusCode)
	}
	resp, body := b.submit("/meetings/"+string(m.ID)+"/trash", url.Values{})
	seeOther(t, resp, body)
	if resp, _ := b.get("/meetings/" + string(m.ID) + "/events"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("events of a meeting in the trash: %d, want 404", resp.StatusCode)
	}
}

// The server's life ends the streams, so a graceful shutdown does not wait
// for them; a client that goes ends its stream too.
func TestStreamsEndWhenTheServerStops(t *testing.T) {
	life, stop := context.WithCancel(context.Background())
	defer stop()
	e := newEnv(t, func(d *server.Deps) { d.Context = life })
	_, m := e.seedMeeting("Weekly")
	b := e.login()
	gone := b.openStream(m.ID, "0", "")
	if gone.next() < 0 {
		t.Fatal("the stream ended at once")
	}
	gone.close() // the client leaves: httptest's Close below would wait for a stuck handler
	s := b.openStream(m.ID, strconv.FormatInt(head(t, e), 10), "")
	stop()
	if got := s.next(); got != -1 {
		t.Fatalf("after the server's end the stream sent %d instead of ending", got)
	}
	// One opened after the end is empty: the browser retries it later,
	// when a restarted server answers.
	late := b.openStream(m.ID, "0", "")
	if late.resp.StatusCode != http.StatusOK || late.next() != -1 {
		t.Fatalf("a stream opened after the end: %d, or it did not end", late.resp.StatusCode)
	}
}
