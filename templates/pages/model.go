package pages

import (
	"context"
	"net/url"
	"strconv"

	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// Layout is what every page shares: who is logged in, the CSRF token for
// its forms, which navigation entry is current and where the assets are.
type Layout struct {
	Lang     string // the page's language (html lang)
	Admin    bool   // shows the admin pages' link
	Title    string
	User     string // the person's name
	LoggedIn bool   // false on pages seen before login
	CSRF     string
	Nav      string
	SyncOn   bool
	Assets   Assets
}

// Assets are the content-hashed URLs of the static files.
type Assets struct {
	CSS, JS string
	Print   string // the minutes' print view's style sheet
}

// Option is one entry of a <select>, decided in Go so that templates do
// not compare values option by option.
type Option struct {
	Value, Label string
	Selected     bool
}

// Form is a submitted form shown again: the person's values, and the field
// and message of what went wrong. For names the form on a page with many
// similar forms it belongs to.
type Form struct {
	Values url.Values
	Field  string
	Error  string
	For    string
}

// Get returns a submitted value.
func (f Form) Get(key string) string { return f.Values.Get(key) }

// Bad reports whether the error is about field key.
func (f Form) Bad(key string) bool { return f.Field == key }

// Failed reports whether this form is the one being shown again.
func (f Form) Failed(forID string) bool { return f.Error != "" && f.For == forID }

// Val returns a field of the form when it is the failed form forID, so
// that the other forms on the page stay empty.
func (f Form) Val(forID, key string) string {
	if f.For != forID {
		return ""
	}
	return f.Values.Get(key)
}

// At reports whether the failed form forID's error is about field key:
// the message goes next to that field, and focus moves there.
func (f Form) At(forID, key string) bool { return f.Failed(forID) && f.Field == key }

// Elsewhere reports whether the failed form forID's error is about none
// of keys, the fields it shows: the message then goes above the form.
func (f Form) Elsewhere(forID string, keys ...string) bool {
	if !f.Failed(forID) {
		return false
	}
	for _, k := range keys {
		if f.Field == k {
			return false
		}
	}
	return true
}

// invalid is the class of a label whose field the failed form forID
// names.
func (f Form) invalid(forID, key string) string {
	if f.Failed(forID) && f.Bad(key) {
		return "invalid"
	}
	return ""
}

// TaskState is the inline form that changes a task's state from a list.
type TaskState struct {
	ID, Title, Revision, CSRF, Back string
	States                          []Option
}

// TaskRow is a task in a table.
type TaskRow struct {
	ID, Title, Assignee, Due, State string
	AgendaID                        string
	Overdue                         bool
	DueToday                        bool // due on the team's today (the home page marks it)
	Form                            TaskState
}

// AgingChart shows each open agenda as a bar as long as it has been open.
type AgingChart struct {
	Bars          []AgingBar
	Width, Height int
	BarX          int
}

// AgingBar is one agenda in the aging chart.
type AgingBar struct {
	Title, Label, Class string // Label: the agenda's labelled age
	Y, Width            int
}

// LinkGraph shows decisions pointing at the LADRs that record them, and
// LADRs pointing at the records that supersede them.
type LinkGraph struct {
	Nodes         []GraphNode
	Edges         []GraphEdge
	Width, Height int
}

// GraphNode is a box in the link graph.
type GraphNode struct {
	X, Y, W, H  int
	Label, Href string
	Class       string
}

// GraphEdge is an arrow in the link graph; D is SVG path data.
type GraphEdge struct {
	D, Class string
}

func itoa(n int) string { return strconv.Itoa(n) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// badClass marks a label whose field the form's error names.
func badClass(f Form, key string) string {
	if f.Bad(key) {
		return "invalid"
	}
	return ""
}

// tr is the translator the page is rendered in (server puts the request's
// in the context; see i18n.NewContext).
func tr(ctx context.Context) *i18n.T { return i18n.From(ctx) }

// weekdayNames are the catalog's weekdays, Sunday (0) first.
var weekdayNames = [7]string{"weekday.sunday", "weekday.monday", "weekday.tuesday", "weekday.wednesday",
	"weekday.thursday", "weekday.friday", "weekday.saturday"}

// weekdayName is the message of a weekday given as 0 (Sunday) to 6.
func weekdayName(n string) string {
	d, err := strconv.Atoi(n)
	if err != nil || d < 0 || d > 6 {
		d = 6 // as the schedule form always did: anything else reads as Saturday
	}
	return weekdayNames[d]
}

// repeatNames are the catalog's words for the series form's repeat choices.
var repeatNames = map[string]string{"weekly": "series.repeat_weekly", "biweekly": "series.repeat_biweekly",
	"monthly": "series.repeat_monthly"}

// repeatName is the message of a repeat choice; anything else is custom.
func repeatName(r string) string {
	if id, ok := repeatNames[r]; ok {
		return id
	}
	return "series.repeat_custom"
}
