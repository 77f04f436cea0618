package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// decisionQuery is the filter in the decisions log's URL.
type decisionQuery struct {
	Q, Series, State, From, To, LADR string
	After                            string // the last decision of the previous page
	Offset                           int    // links made before cursors
}

// decisionsPageSize is how many decisions the log shows at once.
const decisionsPageSize = 50

func parseDecisionQuery(c echo.Context) (decisionQuery, data.DecisionFilter, error) {
	q := decisionQuery{Q: strings.TrimSpace(c.QueryParam("q")), Series: c.QueryParam("series"), State: c.QueryParam("state"),
		From: c.QueryParam("from"), To: c.QueryParam("to"), LADR: c.QueryParam("ladr"), After: c.QueryParam("after")}
	q.Offset, _ = strconv.Atoi(c.QueryParam("offset"))
	f := data.DecisionFilter{SeriesID: data.SeriesID(q.Series), State: data.DecisionState(q.State), LADRID: data.LADRID(q.LADR),
		Page: data.Page{Limit: decisionsPageSize + 1, Offset: max(q.Offset, 0), After: q.After}}
	var err error
	if f.From, err = data.ParseDate(q.From); err != nil {
		return q, f, data.Invalid("from", "%v", err)
	}
	if f.To, err = data.ParseDate(q.To); err != nil {
		return q, f, data.Invalid("to", "%v", err)
	}
	return q, f, nil
}

func (q decisionQuery) url(after string, offset int) string {
	v := url.Values{}
	for k, s := range map[string]string{"q": q.Q, "series": q.Series, "state": q.State, "from": q.From, "to": q.To, "ladr": q.LADR} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if after != "" {
		v.Set("after", after)
	} else if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	return "/decisions?" + v.Encode()
}

func (a *app) decisionsPage(c echo.Context) error {
	return a.showDecisions(c, http.StatusOK, form{})
}

func (a *app) showDecisions(c echo.Context, status int, fm form) error {
	ctx := c.Request().Context()
	q, f, err := parseDecisionQuery(c)
	if err != nil {
		return err
	}
	var list []data.Decision
	if q.Q != "" {
		list, err = a.searchDecisions(c, q.Q, f)
	} else {
		list, err = a.Store.Decisions(ctx, f)
	}
	if err != nil {
		return err
	}
	all, err := a.Store.ListSeries(ctx)
	if err != nil {
		return err
	}
	names := make(map[data.SeriesID]string, len(all))
	t := a.tr(c)
	v := pages.Decisions{Q: q.Q, From: q.From, To: q.To, LADR: q.LADR, Self: q.Self(), Form: fm,
		States: choices(t, decisionStateLabels, data.DecisionStates, data.DecisionState(q.State))}
	for _, sr := range all {
		names[sr.ID] = sr.Name
		v.Series = append(v.Series, pages.Option{Value: string(sr.ID), Label: sr.Name, Selected: string(sr.ID) == q.Series})
	}
	for _, d := range list {
		row := pages.DecisionRow{ID: string(d.ID), Title: d.Title, Date: day(t, d.DecidedOn), State: string(d.State),
			StateLabel: label(t, decisionStateLabels, d.State), Revision: itoa(d.Revision), SeriesName: names[d.SeriesID],
			AgendaID: string(d.AgendaID), LADRID: string(d.LADRID), SupersededBy: string(d.SupersededBy),
			States: choices(t, decisionStateLabels, data.DecisionStates, d.State)}
		if d.SupersededBy != "" {
			succ, err := a.Store.Decision(ctx, d.SupersededBy)
			if err != nil {
				return err
			}
			row.SuccessorID, row.SuccessorTitle = string(succ.ID), succ.Title
		}
		v.Rows = append(v.Rows, row)
	}
	if q.Q == "" && len(v.Rows) > decisionsPageSize {
		v.Rows = v.Rows[:decisionsPageSize]
		v.NextPage = q.url(v.Rows[len(v.Rows)-1].ID, 0)
	}
	return a.show(c, status, pages.DecisionsPage(a.layout(c, t.S("nav.decisions"), "decisions"), v))
}

// searchDecisions finds decisions by full text, then applies the other
// filters to the hits.
func (a *app) searchDecisions(c echo.Context, text string, f data.DecisionFilter) ([]data.Decision, error) {
	ctx := c.Request().Context()
	hits, err := a.Store.Search(ctx, text, data.SearchFilter{Entity: data.EntityDecision, Limit: 100})
	if err != nil {
		return nil, err
	}
	var out []data.Decision
	for _, h := range hits {
		d, err := a.Store.Decision(ctx, data.DecisionID(h.ID))
		if err != nil {
			return nil, err
		}
		if d.Deleted() || (f.SeriesID != "" && d.SeriesID != f.SeriesID) || (f.State != "" && d.State != f.State) ||
			(f.LADRID != "" && d.LADRID != f.LADRID) ||
			(!f.From.IsZero() && d.DecidedOn.Before(f.From)) || (!f.To.IsZero() && f.To.Before(d.DecidedOn)) {
			continue
		}
		out = append(out, d)
	}
	return out, nil
}

// decisionUpdate changes a decision's state and successor from the log.
func (a *app) decisionUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := a.Store.Decision(ctx, data.DecisionID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err == nil {
		d.Revision = rev
		d.State = data.DecisionState(c.FormValue("state"))
		d.SupersededBy = data.DecisionID(strings.TrimSpace(c.FormValue("superseded_by")))
		if d.State != data.DecisionSuperseded {
			d.SupersededBy = ""
		}
		err = a.Store.UpdateDecision(ctx, &d)
	}
	if err != nil {
		f, status, err := failedForm(c, err, string(d.ID))
		if err != nil {
			return err
		}
		return a.showDecisions(c, status, f)
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("back"), "/decisions")+"#decision-"+string(d.ID))
}

// Self is the log's current URL, to come back to after a change.
func (q decisionQuery) Self() string { return q.url(q.After, q.Offset) }

// decisionPage shows one decision with what it came from and what it led
// to, and its edit form.
func (a *app) decisionPage(c echo.Context) error { return a.showDecision(c, http.StatusOK, form{}) }

func (a *app) showDecision(c echo.Context, status int, f form) error {
	ctx := c.Request().Context()
	d, err := a.Store.Decision(ctx, data.DecisionID(c.Param("id")))
	if err != nil {
		return err
	}
	if d.Deleted() {
		return data.Errorf(data.ENOTFOUND, "decision %s is in the trash", d.ID)
	}
	t := a.tr(c)
	v := pages.Decision{ID: string(d.ID), Title: d.Title, Revision: itoa(d.Revision), State: string(d.State),
		StateLabel: label(t, decisionStateLabels, d.State), DecidedOn: d.DecidedOn.String(), ReviewBy: d.ReviewBy.String(),
		DecidedOnText: day(t, d.DecidedOn), ReviewByText: day(t, d.ReviewBy), Body: d.Body, MeetingID: string(d.MeetingID),
		SupersededBy: string(d.SupersededBy), States: choices(t, decisionStateLabels, data.DecisionStates, d.State), Form: f}
	if f.Failed("decision") {
		v.States = choices(t, decisionStateLabels, data.DecisionStates, data.DecisionState(f.Get("state")))
	}
	if d.MeetingID != "" {
		if m, err := a.Store.Meeting(ctx, d.MeetingID); err == nil {
			v.MeetingTitle = m.Title
		}
	}
	agendas, err := a.Store.Agendas(ctx, data.AgendaFilter{SeriesID: d.SeriesID, Page: data.Page{Limit: 200}})
	if err != nil {
		return err
	}
	chosen := string(d.AgendaID)
	if f.Failed("decision") {
		chosen = f.Get("agenda_id")
	}
	for _, ag := range agendas {
		v.Agendas = append(v.Agendas, option{Value: string(ag.ID), Label: shorten(ag.Title, 60), Selected: string(ag.ID) == chosen})
	}
	if d.SupersededBy != "" {
		succ, err := a.Store.Decision(ctx, d.SupersededBy)
		if err != nil {
			return err
		}
		v.SuccessorID, v.SuccessorTitle = string(succ.ID), succ.Title
	}
	if d.AgendaID != "" {
		ag, err := a.Store.Agenda(ctx, d.AgendaID)
		if err != nil {
			return err
		}
		v.AgendaID, v.AgendaTitle = string(ag.ID), ag.Title
	}
	if d.LADRID != "" {
		l, err := a.Store.LADR(ctx, d.LADRID)
		if err != nil {
			return err
		}
		v.LADRID, v.LADRLabel = string(l.ID), ladrLabel(l)
	}
	return a.show(c, status, pages.DecisionPage(a.layout(c, d.Title, "decisions"), v))
}

// decisionEdit saves the decision page's form: title, details, agenda,
// dates, state and successor. Invalid or stale input comes back with what
// was typed.
func (a *app) decisionEdit(c echo.Context) error {
	if vals, _ := c.FormParams(); !vals.Has("title") {
		return a.decisionUpdate(c) // a state form (pages from before the edit form)
	}
	ctx := c.Request().Context()
	d, err := a.Store.Decision(ctx, data.DecisionID(c.Param("id")))
	if err != nil {
		return err
	}
	rev, err := formInt(c, "revision")
	if err == nil {
		d.Revision = rev
		d.Title, d.Body, d.AgendaID = c.FormValue("title"), c.FormValue("body"), data.AgendaID(c.FormValue("agenda_id"))
		d.State = data.DecisionState(c.FormValue("state"))
		d.SupersededBy = data.DecisionID(strings.TrimSpace(c.FormValue("superseded_by")))
		if d.State != data.DecisionSuperseded {
			d.SupersededBy = ""
		}
		d.DecidedOn, err = formDate(c, "decided_on")
	}
	if err == nil {
		d.ReviewBy, err = formDate(c, "review_by")
	}
	if err == nil {
		err = a.Store.UpdateDecision(ctx, &d)
	}
	if err != nil {
		f, status, err := failedForm(c, err, "decision")
		if err != nil {
			return err
		}
		return a.showDecision(c, status, f)
	}
	return seeOther(c, "/decisions/%s", d.ID)
}
