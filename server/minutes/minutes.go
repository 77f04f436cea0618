package minutes

import (
	"strings"

	"github.com/kaigi-dev/kaigi/server/notify"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// Markdown is the minutes as a CommonMark (GFM) document.
func Markdown(t *i18n.T, src Source) string { return write(t, Build(t, src), markdown) }

// Slack is the minutes as Slack mrkdwn, for an incoming webhook's "text".
func Slack(t *i18n.T, src Source) string { return write(t, Build(t, src), slack) }

// dialect is how one format writes the few shapes the minutes use; text
// it is given is already escaped.
type dialect struct {
	text    func(string) string // a title or name: literal text on one line
	block   func(string) string // a line of what people wrote as Markdown
	heading func(level int, text string) string
	bold    func(string) string
	em      func(string) string
	bullet  string
	nested  string // what a block inside a list item is indented with
}

var markdown = dialect{
	text:    mdText,
	block:   func(s string) string { return s },
	heading: func(level int, s string) string { return strings.Repeat("#", level) + " " + s },
	bold:    func(s string) string { return "**" + s + "**" },
	em:      func(s string) string { return "*" + s + "*" },
	bullet:  "- ",
	nested:  "  ",
}

// Slack has no headings, no escapes and no nested blocks: headings are
// bold lines, and only & < > are markup to escape.
var slack = dialect{
	text:    slackText,
	block:   notify.SlackEscape,
	heading: func(_ int, s string) string { return "*" + s + "*" },
	bold:    func(s string) string { return "*" + s + "*" },
	em:      func(s string) string { return "_" + s + "_" },
	bullet:  "• ",
}

// doc writes one document: blocks separated by blank lines.
type doc struct {
	t *i18n.T
	d dialect
	b strings.Builder
}

// block writes lines as one block, after a blank line.
func (w *doc) block(lines ...string) {
	if w.b.Len() > 0 {
		w.b.WriteString("\n")
	}
	for _, l := range lines {
		w.b.WriteString(l + "\n")
	}
}

// quote is text people wrote, kept as their Markdown inside a block
// quote, each line after prefix.
func (w *doc) quote(prefix, text string) []string {
	ls := lines(text)
	out := make([]string, len(ls))
	for i, l := range ls {
		if strings.TrimSpace(l) == "" {
			out[i] = prefix + ">"
		} else {
			out[i] = prefix + "> " + w.d.block(l)
		}
	}
	return out
}

// quoteOr is the quote of text, or an emphasised line when there is none.
func (w *doc) quoteOr(text, none string) {
	if q := w.quote("", text); len(q) > 0 {
		w.block(q...)
	} else {
		w.block(w.d.em(w.t.S(none)))
	}
}

func write(t *i18n.T, v Doc, d dialect) string {
	w := &doc{t: t, d: d}
	w.block(d.heading(1, d.text(v.Title)))
	w.block(
		d.bullet+d.bold(t.S("minutes.series"))+" "+d.text(v.Series),
		d.bullet+d.bold(t.S("minutes.when"))+" "+d.text(v.When),
		d.bullet+d.bold(t.S("minutes.status"))+" "+d.text(v.State),
	)
	w.attendees(v)
	w.block(d.heading(2, t.S("minutes.agenda")))
	if len(v.Items) == 0 {
		w.block(d.em(t.S("minutes.no_agenda")))
	}
	for _, it := range v.Items {
		w.item(it)
	}
	w.decisions(v)
	w.tasks(v)
	w.block(d.heading(2, t.S("minutes.notes")))
	w.quoteOr(v.Notes, "minutes.no_notes")
	return w.b.String()
}

// item writes one agenda: its age and owner, its details, this meeting's
// notes, and the decisions and tasks made on it here.
func (w *doc) item(it Item) {
	t, d := w.t, w.d
	w.block(d.heading(3, it.Number+". "+d.text(it.Title)+" — "+it.Outcome))
	line := d.em(t.F("minutes.item.priority", i18n.Args{"Priority": it.Priority}) + t.S("age.separator") + it.Age)
	if it.Owner != "" {
		line += " — " + t.F("minutes.owner", i18n.Args{"Name": d.text(it.Owner)})
	}
	w.block(line)
	if details := w.quote("", it.Details); len(details) > 0 {
		w.block(d.bold(t.S("minutes.item.details")))
		w.block(details...)
		w.block(d.bold(t.S("minutes.item.notes")))
	}
	w.quoteOr(it.Notes, "minutes.nothing_noted")
	var ls []string
	for _, dec := range it.Decisions {
		ls = append(ls, d.bullet+d.bold(t.S("minutes.item.decided"))+" "+d.text(dec))
	}
	for _, task := range it.Tasks {
		ls = append(ls, d.bullet+d.bold(t.S("minutes.item.task"))+" "+w.task(task))
	}
	if len(ls) > 0 {
		w.block(ls...)
	}
}

// task is a task's line: title, owner, due day, state.
func (w *doc) task(task Task) string {
	t, d := w.t, w.d
	line := d.text(task.Title) + " — " + t.F("minutes.owner", i18n.Args{"Name": d.text(task.Owner)})
	if task.Due != "" {
		line += " — " + t.F("minutes.due", i18n.Args{"Day": task.Due})
		if task.Overdue {
			line += " — " + d.bold(t.S("minutes.overdue"))
		}
	}
	return line + " — " + t.F("minutes.item.state", i18n.Args{"State": task.State})
}

func (w *doc) names(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = w.d.text(n)
	}
	return strings.Join(out, w.t.S("minutes.separator"))
}

func (w *doc) attendees(v Doc) {
	t, d := w.t, w.d
	w.block(d.heading(2, t.S("minutes.attendees")))
	if len(v.Present)+len(v.Absent) == 0 {
		w.block(d.em(t.S("minutes.no_attendees")))
		return
	}
	var ls []string
	if len(v.Present) > 0 {
		ls = append(ls, d.bullet+d.bold(t.S("minutes.present"))+" "+w.names(v.Present))
	}
	if len(v.Absent) > 0 {
		ls = append(ls, d.bullet+d.bold(t.S("minutes.absent"))+" "+w.names(v.Absent))
	}
	w.block(ls...)
}

func (w *doc) decisions(v Doc) {
	t, d := w.t, w.d
	w.block(d.heading(2, t.S("minutes.decisions")))
	if len(v.Decisions) == 0 {
		w.block(d.em(t.S("minutes.no_decisions")))
	}
	for _, dec := range v.Decisions {
		line := d.bullet + d.bold(d.text(dec.Title))
		if dec.Agenda != "" {
			line += " — " + t.F("minutes.on_agenda", i18n.Args{"Title": d.text(dec.Agenda)})
		}
		body := w.quote(d.nested, dec.Body)
		if len(body) == 0 || d.nested == "" {
			w.block(append([]string{line}, body...)...)
			continue
		}
		w.block(line)
		w.block(body...)
	}
}

func (w *doc) tasks(v Doc) {
	t, d := w.t, w.d
	w.block(d.heading(2, t.S("minutes.tasks")))
	if len(v.Tasks) == 0 {
		w.block(d.em(t.S("minutes.no_tasks")))
		return
	}
	ls := make([]string, 0, len(v.Tasks))
	for _, task := range v.Tasks {
		ls = append(ls, d.bullet+w.task(task))
	}
	w.block(ls...)
}
