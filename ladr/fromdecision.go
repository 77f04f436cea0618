package ladr

import (
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// DecisionSections are an LADR's first Context and Decision, written from
// a decision and the agenda it came from, so that a record made from a
// meeting starts full instead of empty.
type DecisionSections struct {
	Context  string
	Decision string
}

// FromDecision writes the sections of an LADR made from decision d:
// Context is the agenda's details and the discussion notes of every
// meeting that discussed it, each meeting linked; Decision is what was
// decided, then its body, then the meeting where it was decided.
// meetingURL turns a meeting into the address of its page; t is the
// team's language.
func FromDecision(t *i18n.T, d data.Decision, agenda *data.Agenda, thread []data.ThreadEntry, meetingURL func(data.MeetingID) string) DecisionSections {
	var ctx []string
	if agenda != nil && strings.TrimSpace(agenda.Body) != "" {
		ctx = append(ctx, strings.TrimSpace(agenda.Body))
	}
	var decidedIn *data.Meeting
	var items []string
	for i := range thread {
		m := thread[i].Meeting
		if m.ID == d.MeetingID {
			decidedIn = &thread[i].Meeting
		}
		item := "- " + meetingLink(t, m, meetingURL)
		if notes := strings.TrimSpace(thread[i].Discussion.Notes); notes != "" {
			item += "\n\n" + indent(notes, "  ")
		}
		items = append(items, item)
	}
	if len(items) > 0 {
		ctx = append(ctx, t.S("ladr_pr.discussed_in")+"\n\n"+strings.Join(items, "\n\n"))
	}
	dec := []string{strings.TrimSpace(d.Title)}
	if body := strings.TrimSpace(d.Body); body != "" {
		dec = append(dec, body)
	}
	if decidedIn != nil {
		dec = append(dec, t.F("ladr_pr.decided_in", i18n.Args{"Meeting": meetingLink(t, *decidedIn, meetingURL)}))
	}
	return DecisionSections{Context: strings.Join(ctx, "\n\n"), Decision: strings.Join(dec, "\n\n")}
}

func meetingLink(t *i18n.T, m data.Meeting, meetingURL func(data.MeetingID) string) string {
	text := strings.TrimSpace(m.Title)
	if day := t.Date(m.StartsAt); day != "" {
		text += " (" + day + ")"
	}
	text = strings.NewReplacer("[", "\\[", "]", "\\]").Replace(text)
	return "[" + text + "](" + meetingURL(m.ID) + ")"
}

// indent puts prefix before every non-empty line, so notes stay inside
// their list item.
func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
