package digest

import (
	"strings"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/notify"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// digest is one person's digest of one day, written in their language.
type digest struct {
	t             *i18n.T
	name          string
	day           data.Date
	overdue, soon []data.Task
	series        map[data.SeriesID]string
	base          string
}

func (d digest) dayText(x data.Date) string { return d.t.Day(x.Year, x.Month, x.Day) }

func (d digest) subject() string {
	return d.t.F("digest.subject", i18n.Args{"Day": d.dayText(d.day)})
}

func (d digest) item(t data.Task) string {
	return d.t.F("digest.item", i18n.Args{"Title": t.Title, "Due": d.dayText(t.Due), "Series": d.series[t.SeriesID]})
}

// section is a heading and its tasks.
type section struct {
	heading string
	tasks   []data.Task
}

// sections are the overdue and due-soon lists with their headings.
func (d digest) sections() []section {
	var out []section
	if len(d.overdue) > 0 {
		out = append(out, section{d.t.N("digest.overdue", len(d.overdue), nil), d.overdue})
	}
	if len(d.soon) > 0 {
		out = append(out, section{d.t.N("digest.due_soon", len(d.soon), nil), d.soon})
	}
	return out
}

func (d digest) mailBody() string {
	var b strings.Builder
	b.WriteString(d.t.F("digest.greeting", i18n.Args{"Name": d.name}) + "\n")
	for _, s := range d.sections() {
		b.WriteString("\n" + s.heading + "\n")
		for _, t := range s.tasks {
			b.WriteString("- " + d.item(t) + "\n")
			if d.base != "" {
				b.WriteString("  " + d.base + "/tasks/" + string(t.ID) + "\n")
			}
		}
	}
	b.WriteString("\n-- \n" + d.t.F("digest.footer", i18n.Args{"URL": d.base + "/settings"}) + "\n")
	return b.String()
}

// slackText is the digest as a post: Slack's mrkdwn, where &, < and > in
// people's text must be escaped.
func (d digest) slackText() string {
	var b strings.Builder
	b.WriteString("*" + notify.SlackEscape(d.t.F("digest.slack_heading", i18n.Args{"Name": d.name, "Day": d.dayText(d.day)})) + "*\n")
	for _, s := range d.sections() {
		b.WriteString(notify.SlackEscape(s.heading) + "\n")
		for _, t := range s.tasks {
			line := notify.SlackEscape(d.item(t))
			if d.base != "" {
				line = "<" + d.base + "/tasks/" + string(t.ID) + "|" + line + ">"
			}
			b.WriteString("• " + line + "\n")
		}
	}
	return b.String()
}
