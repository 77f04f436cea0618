package server

import (
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kaigi-dev/kaigi/data"
)

// zones keeps the time zones pages show times in: time.LoadLocation reads
// and parses the zone file on every call.
type zones struct {
	mu  sync.Mutex
	loc map[string]*time.Location
}

// location is a series' time zone (UTC for a zone this machine does not
// know).
func (z *zones) location(tz string) *time.Location {
	z.mu.Lock()
	loc, ok := z.loc[tz]
	if !ok {
		var err error
		if loc, err = time.LoadLocation(tz); err != nil {
			loc = time.UTC
		}
		if z.loc == nil {
			z.loc = map[string]*time.Location{}
		}
		z.loc[tz] = loc
	}
	z.mu.Unlock()
	return loc
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// hitURL is the page that shows a search hit.
func hitURL(h data.SearchHit) string {
	switch h.Entity {
	case data.EntityDiscussion:
		return "/meetings/" + string(h.MeetingID) + "#agenda-" + string(h.AgendaID)
	case data.EntityMeeting:
		return "/meetings/" + string(h.MeetingID) + "#meeting-notes"
	case data.EntityAgenda:
		return "/agendas/" + h.ID
	case data.EntityLADR:
		return "/ladrs/" + h.ID
	case data.EntityDecision:
		return "/decisions/" + h.ID
	}
	return "/tasks?state=all#task-" + h.ID
}
