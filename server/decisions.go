package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
)

type decisionsView struct {
	Filter     decisionQuery
	Series     []data.Series
	SeriesName map[data.SeriesID]string
	Rows       []decisionRow
	States     []data.DecisionState
	NextPage   string
	Form       form
}

type decisionRow struct {
	data.Decision
	Successor data.Decision // set when superseded
}

// decisionQuery is the filter in the decisions log's URL.
type decisionQuery struct {
	Q, Series, State, From, To, LADR string
	Offset                           int
}

func parseDecisionQuery(c echo.Context) (decisionQuery, data.DecisionFilter, error) {
	q := decisionQuery{Q: strings.TrimSpace(c.QueryParam("q")), Series: c.QueryParam("series"), State: c.QueryParam("state"),
		From: c.QueryParam("from"), To: c.QueryParam("to"), LADR: c.QueryParam("ladr")}
	q.Offset, _ = strconv.Atoi(c.QueryParam("offset"))
	f := data.DecisionFilter{SeriesID: data.SeriesID(q.Series), State: data.DecisionState(q.State), LADRID: data.LADRID(q.LADR),
		Page: data.Page{Limit: 50, Offset: q.Offset}}
	var err error
	if f.From, err = data.ParseDate(q.From); err != nil {
		return q, f, data.Invalid("from", "%v", err)
	}
	if f.To, err = data.ParseDate(q.To); err != nil {
		return q, f, data.Invalid("to", "%v", err)
	}
	return q, f, nil
}

func (q decisionQuery) url(offset int) string {
	v := url.Values{}
	for k, s := range map[string]string{"q": q.Q, "series": q.Series, "state": q.State, "from": q.From, "to": q.To, "ladr": q.LADR} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if offset > 0 {
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
	v := decisionsView{Filter: q, States: data.DecisionStates, Form: fm, SeriesName: map[data.SeriesID]string{}}
	if v.Series, err = a.Store.ListSeries(ctx); err != nil {
		return err
	}
	for _, sr := range v.Series {
		v.SeriesName[sr.ID] = sr.Name
	}
	for _, d := range list {
		row := decisionRow{Decision: d}
		if d.SupersededBy != "" {
			if row.Successor, err = a.Store.Decision(ctx, d.SupersededBy); err != nil {
				return err
			}
		}
		v.Rows = append(v.Rows, row)
	}
	if q.Q == "" && len(list) == f.Limit {
		v.NextPage = q.url(q.Offset + f.Limit)
	}
	return render(a, c, status, "decisions", v)
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
func (q decisionQuery) Self() string { return q.url(q.Offset) }

type decisionView struct {
	Decision  data.Decision
	Successor data.Decision
	Agenda    data.Agenda
	LADR      data.LADR
	States    []data.DecisionState
}

// decisionPage shows one decision with what it came from and what it led to.
func (a *app) decisionPage(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := a.Store.Decision(ctx, data.DecisionID(c.Param("id")))
	if err != nil {
		return err
	}
	if d.Deleted() {
		return data.Errorf(data.ENOTFOUND, "decision %s is in the trash", d.ID)
	}
	v := decisionView{Decision: d, States: data.DecisionStates}
	if d.SupersededBy != "" {
		if v.Successor, err = a.Store.Decision(ctx, d.SupersededBy); err != nil {
			return err
		}
	}
	if d.AgendaID != "" {
		if v.Agenda, err = a.Store.Agenda(ctx, d.AgendaID); err != nil {
			return err
		}
	}
	if d.LADRID != "" {
		if v.LADR, err = a.Store.LADR(ctx, d.LADRID); err != nil {
			return err
		}
	}
	return render(a, c, http.StatusOK, "decision", v)
}
