package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// ladrsPageSize is how many LADRs the list shows at once.
const ladrsPageSize = 100

func (a *app) ladrList(c echo.Context) error {
	ctx := c.Request().Context()
	today := a.today(c, "")
	state := c.QueryParam("state")
	list, err := a.Store.LADRs(ctx, data.LADRFilter{State: data.LADRState(state), Page: data.Page{Limit: ladrsPageSize + 1, After: c.QueryParam("after")}})
	if err != nil {
		return err
	}
	t := a.tr(c)
	var v pages.LADRs
	if len(list) > ladrsPageSize {
		list = list[:ladrsPageSize]
		v.NextPage = listURL("/ladrs", "state", state, "after", string(list[len(list)-1].ID))
	}
	for _, l := range list {
		row := pages.LADRRow{ID: string(l.ID), Number: ladrNumber(l.Number), Title: l.Title, State: string(l.State),
			StateLabel: label(t, ladrStateLabels, l.State), Date: day(t, l.Date), ReviewBy: day(t, l.ReviewBy),
			ReviewPassed: !l.ReviewBy.IsZero() && l.ReviewBy.Before(today), Superseded: len(l.SupersededBy) > 0, PRURL: l.PRURL}
		if n := len(l.DecisionIDs); n > 0 {
			row.Decisions = t.N("ladrs.decisions", n, nil)
		}
		v.Rows = append(v.Rows, row)
	}
	// The picture shows the latest records, where the links are news.
	shown := list
	if len(shown) > 30 {
		shown = shown[len(shown)-30:]
	}
	decisions := make(map[data.LADRID][]data.Decision, len(shown))
	for _, l := range shown {
		if decisions[l.ID], err = a.Store.Decisions(ctx, data.DecisionFilter{LADRID: l.ID, Page: data.Page{Limit: 5}}); err != nil {
			return err
		}
	}
	v.Graph = newLinkGraph(shown, decisions)
	return a.show(c, http.StatusOK, pages.LADRsPage(a.layout(c, t.S("nav.ladrs"), "ladrs"), v))
}

func (a *app) ladrPage(c echo.Context) error {
	return a.showLADR(c, http.StatusOK, form{})
}

func (a *app) showLADR(c echo.Context, status int, f form) error {
	ctx := c.Request().Context()
	l, err := a.liveLADR(c)
	if err != nil {
		return err
	}
	today := a.today(c, "")
	t := a.tr(c)
	v := pages.LADR{ID: string(l.ID), Number: ladrNumber(l.Number), Title: l.Title, Revision: itoa(l.Revision), State: string(l.State),
		StateLabel: label(t, ladrStateLabels, l.State), Date: day(t, l.Date), Authors: strings.Join(l.Authors, ", "), PRURL: l.PRURL,
		ReviewBy: day(t, l.ReviewBy), ReviewPassed: !l.ReviewBy.IsZero() && l.ReviewBy.Before(today),
		States: choices(t, ladrStateLabels, data.LADRStates, l.State), Form: f}
	v.Sections = []pages.Section{{Heading: t.S("ladr.section.context"), Body: l.Context},
		{Heading: t.S("ladr.section.specification"), Body: l.Specification},
		{Heading: t.S("ladr.section.decision"), Body: l.Decision}, {Heading: t.S("ladr.section.consequences"), Body: l.Consequences}}
	for _, s := range l.Extra {
		v.Sections = append(v.Sections, pages.Section{Heading: s.Heading, Body: s.Body})
	}
	if a.RenderLADR != nil {
		doc, body, err := a.RenderLADR(ctx, l)
		if err != nil {
			return err
		}
		v.PRBody = body
		v.Document = stripFrontMatter(string(doc))
	}
	for _, id := range l.Supersedes {
		if other, err := a.Store.LADR(ctx, id); err == nil {
			v.Supersedes = append(v.Supersedes, pages.Link{Href: "/ladrs/" + string(other.ID), Label: ladrLabel(other)})
		}
	}
	for _, id := range l.SupersededBy {
		if other, err := a.Store.LADR(ctx, id); err == nil {
			v.SupersededBy = append(v.SupersededBy, pages.Link{Href: "/ladrs/" + string(other.ID), Label: ladrLabel(other)})
		}
	}
	decisions, err := a.Store.Decisions(ctx, data.DecisionFilter{LADRID: l.ID, Page: data.Page{Limit: 50}})
	if err != nil {
		return err
	}
	for _, d := range decisions {
		v.DecisionTitles = append(v.DecisionTitles, d.Title)
	}
	return a.show(c, status, pages.LADRPage(a.layout(c, ladrLabel(l), "ladrs"), v))
}

// stripFrontMatter drops a leading YAML block, which is for tools, not
// for people reading the page.
func stripFrontMatter(doc string) string {
	if rest, ok := strings.CutPrefix(doc, "---\n"); ok {
		if _, body, ok := strings.Cut(rest, "\n---\n"); ok {
			return body
		}
	}
	return doc
}

func (a *app) liveLADR(c echo.Context) (data.LADR, error) {
	l, err := a.Store.LADR(c.Request().Context(), data.LADRID(c.Param("id")))
	if err != nil {
		return l, err
	}
	if l.Deleted() {
		return l, data.Errorf(data.ENOTFOUND, "LADR %s is in the trash", l.ID)
	}
	return l, nil
}

// showLADRForm shows the form that creates (l zero) or edits l.
func (a *app) showLADRForm(c echo.Context, status int, l data.LADR, from string, f form) error {
	t := a.tr(c)
	v := pages.LADRForm{Heading: t.S("ladr_form.new"), Action: "/ladrs/new", From: from, Form: f, Guidance: formGuidance(t),
		States: choices(t, ladrStateLabels, data.LADRStates, data.LADRState(f.Get("state"))), Key: newNonce()}
	title := v.Heading
	if l.ID != "" {
		v.Editing, v.Action = true, "/ladrs/"+string(l.ID)+"/edit"
		title = t.F("ladr_form.edit", i18n.Args{"Number": ladrNumber(l.Number)})
		v.Heading = ladrNumber(l.Number) + " " + l.Title
	}
	return a.show(c, status, pages.LADRFormPage(a.layout(c, title, "ladrs"), v))
}

// ladrNew offers the LADR template, pre-filled from a decision or agenda
// when started from one.
func (a *app) ladrNew(c echo.Context) error {
	ctx := c.Request().Context()
	// Guidance is shown as placeholder text (pages.LADRForm.Guidance), never
	// as a value that a save would store.
	vals := url.Values{"state": {string(data.LADRDraft)}, "authors": {currentUser(c).Name}}
	var from string
	if id := c.QueryParam("decision"); id != "" {
		d, err := a.Store.Decision(ctx, data.DecisionID(id))
		if err != nil {
			return err
		}
		sections, err := a.decisionSections(c, d)
		if err != nil {
			return err
		}
		vals.Set("title", d.Title)
		vals.Set("context", sections.Context)
		vals.Set("decision", sections.Decision)
		vals.Set("decision_id", string(d.ID))
		vals.Set("agenda_id", string(d.AgendaID))
		vals.Set("meeting_id", string(d.MeetingID))
		from = a.tr(c).F("ladr_form.from_decision", i18n.Args{"Title": d.Title})
	} else if id := c.QueryParam("agenda"); id != "" {
		ag, err := a.Store.Agenda(ctx, data.AgendaID(id))
		if err != nil {
			return err
		}
		vals.Set("title", ag.Title)
		vals.Set("context", ag.Body)
		vals.Set("agenda_id", string(ag.ID))
		from = a.tr(c).F("ladr_form.from_agenda", i18n.Args{"Title": ag.Title})
	}
	return a.showLADRForm(c, http.StatusOK, data.LADR{}, from, form{Values: vals})
}

// decisionSections are the Context and Decision of an LADR made from d:
// the agenda's details and every meeting's notes on it, linked, and what
// was decided where.
func (a *app) decisionSections(c echo.Context, d data.Decision) (ladr.DecisionSections, error) {
	ctx := c.Request().Context()
	var agenda *data.Agenda
	var thread []data.ThreadEntry
	if d.AgendaID != "" {
		ag, err := a.Store.Agenda(ctx, d.AgendaID)
		if err != nil {
			return ladr.DecisionSections{}, err
		}
		agenda = &ag
		if thread, err = a.Store.AgendaThread(ctx, d.AgendaID); err != nil {
			return ladr.DecisionSections{}, err
		}
	}
	if d.MeetingID != "" && !slices.ContainsFunc(thread, func(e data.ThreadEntry) bool { return e.Meeting.ID == d.MeetingID }) {
		if m, err := a.Store.Meeting(ctx, d.MeetingID); err == nil {
			thread = append(thread, data.ThreadEntry{Meeting: m})
		}
	}
	meetingURL := func(id data.MeetingID) string { return a.absURL(c, "/meetings/"+string(id)) }
	return ladr.FromDecision(a.tr(c), d, agenda, thread, meetingURL), nil
}

// ladrFromForm reads the editable fields into l.
func (a *app) ladrFromForm(c echo.Context, l *data.LADR) error {
	l.Title = c.FormValue("title")
	if st := c.FormValue("state"); st != "" {
		l.State = data.LADRState(st)
	}
	l.Authors = nil
	for _, s := range strings.Split(c.FormValue("authors"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			l.Authors = append(l.Authors, s)
		}
	}
	l.Context, l.Specification = a.sectionValue(c, "context"), a.sectionValue(c, "specification")
	l.Decision, l.Consequences = a.sectionValue(c, "decision"), a.sectionValue(c, "consequences")
	l.PRURL = strings.TrimSpace(c.FormValue("pr_url"))
	var err error
	if l.ReviewBy, err = formDate(c, "review_by"); err != nil {
		return err
	}
	if l.Revision, err = formInt(c, "revision"); err != nil {
		return err
	}
	l.Supersedes = nil
	for _, s := range strings.FieldsFunc(c.FormValue("supersedes"), func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(strings.TrimPrefix(s, "#"))
		if err != nil {
			return data.Invalid("supersedes", "%q is not an LADR number; list numbers like 3, 7", s)
		}
		old, err := a.Store.LADRByNumber(c.Request().Context(), n)
		if err != nil {
			return data.Invalid("supersedes", "there is no LADR number %d", n)
		}
		l.Supersedes = append(l.Supersedes, old.ID)
	}
	return nil
}

// sectionValue is a section as typed; text that is only guidance (a
// pasted placeholder, a form from before placeholders) is not content.
func (a *app) sectionValue(c echo.Context, name string) string {
	v := c.FormValue(name)
	if ladr.IsGuidance(v) || a.isFormGuidance(name, v) {
		return ""
	}
	return v
}

// guidanceIDs are the LADR form's placeholder texts, by section.
var guidanceIDs = map[string]string{
	"context": "ladr.guidance.context", "specification": "ladr.guidance.specification",
	"decision": "ladr.guidance.decision", "consequences": "ladr.guidance.consequences",
}

// formGuidance is the LADR form's placeholder text of each section, in t's
// language.
func formGuidance(t *i18n.T) map[string]string {
	out := make(map[string]string, len(guidanceIDs))
	for section, id := range guidanceIDs {
		out[section] = t.S(id)
	}
	return out
}

// isFormGuidance reports whether v is a section's placeholder text in one
// of kaigi's languages (pasted into the field, it is not content).
func (a *app) isFormGuidance(section, v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	for _, l := range i18n.Langs {
		if strings.TrimSpace(a.catalog.For(l).S(guidanceIDs[section])) == v {
			return true
		}
	}
	return false
}

func (a *app) ladrCreate(c echo.Context) error {
	ctx := c.Request().Context()
	l := data.LADR{AgendaID: data.AgendaID(c.FormValue("agenda_id")), MeetingID: data.MeetingID(c.FormValue("meeting_id"))}
	err := a.ladrFromForm(c, &l)
	if err == nil {
		l.Slug = ladr.Slug(l.Title)
		if l.Date.IsZero() {
			l.Date = a.today(c, "")
		}
		if a.LADRNumber != nil {
			l.Number, err = a.LADRNumber(ctx)
		}
	}
	if err == nil {
		err = a.Store.CreateLADR(ctx, &l)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "")
		if err != nil {
			return err
		}
		return a.showLADRForm(c, status, data.LADR{}, "", f)
	}
	if id := c.FormValue("decision_id"); id != "" {
		if err := a.linkDecision(c, data.DecisionID(id), l.ID); err != nil {
			return err
		}
	}
	return seeOther(c, "/ladrs/%s", l.ID)
}

// linkDecision records on the decision that l documents it.
func (a *app) linkDecision(c echo.Context, id data.DecisionID, l data.LADRID) error {
	ctx := c.Request().Context()
	d, err := a.Store.Decision(ctx, id)
	if err != nil {
		return err
	}
	d.LADRID = l
	d.Revision = 0 // only the link changes; other edits in between stay
	return a.Store.UpdateDecision(ctx, &d)
}

func (a *app) ladrEdit(c echo.Context) error {
	l, err := a.liveLADR(c)
	if err != nil {
		return err
	}
	return a.showLADRForm(c, http.StatusOK, l, "", form{Values: a.ladrValues(c, l)})
}

func (a *app) ladrValues(c echo.Context, l data.LADR) url.Values {
	var nums []string
	for _, id := range l.Supersedes {
		if old, err := a.Store.LADR(c.Request().Context(), id); err == nil {
			nums = append(nums, strconv.Itoa(old.Number))
		}
	}
	return url.Values{"title": {l.Title}, "state": {string(l.State)}, "authors": {strings.Join(l.Authors, ", ")},
		"context": {l.Context}, "specification": {l.Specification}, "decision": {l.Decision}, "consequences": {l.Consequences},
		"pr_url": {l.PRURL}, "review_by": {l.ReviewBy.String()}, "revision": {fmt.Sprint(l.Revision)}, "supersedes": {strings.Join(nums, ", ")}}
}

func (a *app) ladrUpdate(c echo.Context) error {
	l, err := a.liveLADR(c)
	if err != nil {
		return err
	}
	current := l
	err = a.ladrFromForm(c, &l)
	if err == nil {
		err = a.Store.UpdateLADR(c.Request().Context(), &l)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "")
		if err != nil {
			return err
		}
		return a.showLADRForm(c, status, current, "", f)
	}
	return seeOther(c, "/ladrs/%s", l.ID)
}

func (a *app) ladrState(c echo.Context) error {
	l, err := a.liveLADR(c)
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err == nil {
		l.Revision = rev
		l.State = data.LADRState(c.FormValue("state"))
		err = a.Store.UpdateLADR(c.Request().Context(), &l)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "state")
		if err != nil {
			return err
		}
		return a.showLADR(c, status, f)
	}
	return seeOther(c, "/ladrs/%s", l.ID)
}
