package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/ladr"
)

type ladrListView struct {
	LADRs []data.LADR
	Graph linkGraph
	State string
	Today data.Date // review-by dates before it have passed
}

func (a *app) ladrList(c echo.Context) error {
	ctx := c.Request().Context()
	v := ladrListView{State: c.QueryParam("state"), Today: data.DateOf(a.Now())}
	var err error
	if v.LADRs, err = a.Store.LADRs(ctx, data.LADRFilter{State: data.LADRState(v.State), Page: data.Page{Limit: 500}}); err != nil {
		return err
	}
	// The picture shows the latest records, where the links are news.
	shown := v.LADRs
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
	return render(a, c, http.StatusOK, "ladrs", v)
}

type ladrView struct {
	LADR         data.LADR
	Sections     []ladrSection
	Document     template.HTML // the rendered file, when a renderer is configured
	PRBody       string
	Supersedes   []data.LADR
	SupersededBy []data.LADR
	Decisions    []data.Decision
	States       []data.LADRState
	Form         form
	Today        data.Date // a review-by date before it has passed
}

type ladrSection struct {
	Heading string
	Body    string
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
	v := ladrView{LADR: l, States: data.LADRStates, Form: f, Today: data.DateOf(a.Now())}
	v.Sections = []ladrSection{{"Context", l.Context}, {"Specification", l.Specification}, {"Decision", l.Decision}, {"Consequences", l.Consequences}}
	for _, s := range l.Extra {
		v.Sections = append(v.Sections, ladrSection{s.Heading, s.Body})
	}
	if a.RenderLADR != nil {
		doc, body, err := a.RenderLADR(ctx, l)
		if err != nil {
			return err
		}
		v.PRBody = body
		v.Document = renderMarkdown(stripFrontMatter(string(doc)))
	}
	for _, id := range l.Supersedes {
		if other, err := a.Store.LADR(ctx, id); err == nil {
			v.Supersedes = append(v.Supersedes, other)
		}
	}
	for _, id := range l.SupersededBy {
		if other, err := a.Store.LADR(ctx, id); err == nil {
			v.SupersededBy = append(v.SupersededBy, other)
		}
	}
	if v.Decisions, err = a.Store.Decisions(ctx, data.DecisionFilter{LADRID: l.ID, Page: data.Page{Limit: 50}}); err != nil {
		return err
	}
	return render(a, c, status, "ladr", v)
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

type ladrFormView struct {
	LADR     data.LADR // zero when creating
	Action   string
	From     string // what the new record was started from
	States   []data.LADRState
	Form     form
	Guidance map[string]string // placeholder text of each section
}

// ladrNew offers the LADR template, pre-filled from a decision or agenda
// when started from one.
func (a *app) ladrNew(c echo.Context) error {
	ctx := c.Request().Context()
	// Guidance is shown as placeholder text (ladrFormView.Guidance), never
	// as a value that a save would store.
	vals := url.Values{"state": {string(data.LADRDraft)}, "authors": {currentUser(c).Name}}
	var from string
	if id := c.QueryParam("decision"); id != "" {
		d, err := a.Store.Decision(ctx, data.DecisionID(id))
		if err != nil {
			return err
		}
		vals.Set("title", d.Title)
		vals.Set("decision", d.Body)
		vals.Set("decision_id", string(d.ID))
		vals.Set("agenda_id", string(d.AgendaID))
		vals.Set("meeting_id", string(d.MeetingID))
		from = "decision “" + d.Title + "”"
	} else if id := c.QueryParam("agenda"); id != "" {
		ag, err := a.Store.Agenda(ctx, data.AgendaID(id))
		if err != nil {
			return err
		}
		vals.Set("title", ag.Title)
		vals.Set("context", ag.Body)
		vals.Set("agenda_id", string(ag.ID))
		from = "agenda “" + ag.Title + "”"
	}
	return render(a, c, http.StatusOK, "ladr_form", ladrFormView{Action: "/ladrs", From: from, States: data.LADRStates, Form: form{Values: vals}, Guidance: ladr.FormGuidance})
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
	l.Context, l.Specification = sectionValue(c, "context"), sectionValue(c, "specification")
	l.Decision, l.Consequences = sectionValue(c, "decision"), sectionValue(c, "consequences")
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
func sectionValue(c echo.Context, name string) string {
	v := c.FormValue(name)
	if ladr.IsGuidance(v) {
		return ""
	}
	return v
}

func (a *app) ladrCreate(c echo.Context) error {
	ctx := c.Request().Context()
	l := data.LADR{AgendaID: data.AgendaID(c.FormValue("agenda_id")), MeetingID: data.MeetingID(c.FormValue("meeting_id"))}
	err := a.ladrFromForm(c, &l)
	if err == nil {
		l.Slug = ladr.Slug(l.Title)
		err = a.Store.CreateLADR(ctx, &l)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "")
		if err != nil {
			return err
		}
		return render(a, c, status, "ladr_form", ladrFormView{Action: "/ladrs", States: data.LADRStates, Form: f, Guidance: ladr.FormGuidance})
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
	return render(a, c, http.StatusOK, "ladr_form", ladrFormView{LADR: l, Action: "/ladrs/" + string(l.ID),
		States: data.LADRStates, Form: form{Values: a.ladrValues(c, l)}, Guidance: ladr.FormGuidance})
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
		return render(a, c, status, "ladr_form", ladrFormView{LADR: current, Action: "/ladrs/" + string(current.ID), States: data.LADRStates,
			Form: f, Guidance: ladr.FormGuidance})
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
