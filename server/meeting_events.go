package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/live"
)

// The live meeting page. A page that runs app.js opens
// GET /meetings/:id/events, a Server-Sent Events stream whose events are
// positions of the store's change journal ("id: 4711"): the page fetches
// itself again when one is newer than the position it was rendered after
// (data-seq), and swaps in what changed, keeping any form a person is
// typing in. The position makes a lost connection lose nothing: the
// browser reconnects with Last-Event-ID, and the stream starts with the
// head at once when it moved meanwhile.

const (
	// streamKeepAlive is how often an idle stream sends a comment, so that
	// proxies keep it open and a vanished client is noticed.
	streamKeepAlive = 25 * time.Second
	// streamLife ends a stream after a while; the browser reconnects at
	// once, and the new request checks the session again.
	streamLife = 5 * time.Minute
	// streamRetry is the reconnect delay the browser is told to use.
	streamRetry = 2 * time.Second
)

// meetingEvents streams the journal's head to one meeting page. It needs
// the session the page needs, and ends when the client goes, the stream's
// life is over or the server shuts down.
func (a *app) meetingEvents(c echo.Context) error {
	ctx := c.Request().Context()
	id := data.MeetingID(c.Param("id"))
	m, err := a.Store.Meeting(ctx, id)
	if err != nil {
		return err
	}
	if m.Deleted() { // as the page answers
		return data.Errorf(data.ENOTFOUND, "meeting %s is in the trash", id)
	}
	sent := lastEventID(c)
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	sub, err := a.live.Subscribe()
	if err != nil {
		// Shutting down: an empty stream, which the browser retries after
		// streamRetry, by when a restarted server answers.
		w.WriteHeader(http.StatusOK)
		fmt.Fprintf(w, "retry: %d\n\n", streamRetry.Milliseconds())
		return nil
	}
	defer sub.Close()
	// Read after subscribing: a change committed in between is in head or
	// comes as an event.
	head, _, err := a.Store.LastChange(ctx)
	if err != nil {
		return err
	}
	// The server's write timeout, if any, is for pages, not for a stream.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: %d\n\n", streamRetry.Milliseconds())
	if head > sent {
		writeEvent(w, head)
		sent = head
	}
	w.Flush()

	keepAlive := time.NewTicker(streamKeepAlive)
	defer keepAlive.Stop()
	end := time.NewTimer(streamLife)
	defer end.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-sub.Done():
			return nil
		case <-end.C:
			return nil
		case <-keepAlive.C:
			fmt.Fprint(w, ": still here\n\n")
		case seq := <-sub.Changed():
			if seq <= sent {
				continue
			}
			writeEvent(w, seq)
			sent = seq
		}
		w.Flush()
	}
}

func writeEvent(w *echo.Response, seq int64) {
	fmt.Fprintf(w, "event: change\nid: %d\ndata: %d\n\n", seq, seq)
}

// lastEventID is the journal position the page has seen: the browser's
// Last-Event-ID on a reconnect, else the page's own (?after=).
func lastEventID(c echo.Context) int64 {
	for _, s := range []string{c.Request().Header.Get("Last-Event-ID"), c.QueryParam("after")} {
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && n >= 0 {
			return n
		}
	}
	return 0
}

// nudgeLive tells the live pages' broker, after a request that may have
// written, to read the journal now instead of at its next poll.
func (a *app) nudgeLive(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := next(c)
		if unsafeMethod(c.Request().Method) {
			a.live.Nudge()
		}
		return err
	}
}

func newBroker(d Deps) *live.Broker {
	return live.New(live.Options{Head: func(ctx context.Context) (int64, error) {
		seq, _, err := d.Store.LastChange(ctx)
		return seq, err
	}, Logger: d.Logger, Go: func(fn func()) { d.Background("live pages", fn) }})
}
