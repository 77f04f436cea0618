package server

import (
	"bytes"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/kaigi-dev/kaigi/data"
)

// markdown renders GFM without raw HTML: goldmark drops raw HTML and unsafe
// link schemes unless told otherwise, and we never tell it otherwise.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// renderMarkdown is the one place where text people typed becomes
// template.HTML, and only as goldmark's escaped output.
func renderMarkdown(src string) template.HTML {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String())
}

func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"md":       renderMarkdown,
		"date":     func(t time.Time) string { return fmtTime(t, "2006-01-02") },
		"datetime": func(t time.Time) string { return fmtTime(t, "2006-01-02 15:04") },
		"inZone":   inZone,
		"short":    shorten,
		"upper":    strings.ToUpper,
		"add":      func(a, b int) int { return a + b },
		"priority": priorityLabel,
		"isoDate":  func(d data.Date) string { return d.String() },
		"list":     func(xs ...int) []int { return xs },
		"taskForm": func(t data.Task, csrf, back string) taskFormView { return taskFormView{t, csrf, back, data.TaskStates} },
		"hitURL":   hitURL,
	}
}

func fmtTime(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(layout)
}

// inZone shows an instant in a series' time zone.
func inZone(t time.Time, tz string) string {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Mon 2006-01-02 15:04 MST")
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func priorityLabel(p int) string {
	switch p {
	case 1:
		return "P1 urgent"
	case 2:
		return "P2 normal"
	case 3:
		return "P3 low"
	}
	return "P4 someday"
}

// taskFormView feeds the inline task-state form shown on several pages.
type taskFormView struct {
	Task   data.Task
	CSRF   string
	Back   string
	States []data.TaskState
}

// hitURL is the page that shows a search hit.
func hitURL(h data.SearchHit) string {
	switch h.Entity {
	case data.EntityAgenda:
		return "/agendas/" + h.ID
	case data.EntityLADR:
		return "/ladrs/" + h.ID
	case data.EntityDecision:
		return "/decisions/" + h.ID
	}
	return "/tasks?state=all#task-" + h.ID
}
