package server

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/minutes"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// minutesRoutes mount the ways a meeting's minutes leave kaigi: the
// Markdown file, the print view and the API's Markdown. They need what
// the meeting page needs: a signed-in person or an API token.
func (a *app) minutesRoutes(g *echo.Group) {
	g.GET("/meetings/:id/minutes.md", a.minutesDownload)
	g.GET("/meetings/:id/print", a.minutesPrint)
	g.GET("/api/v1/meetings/:id/minutes", a.apiMinutes)
	g.POST("/series/:id/minutes-post", a.seriesMinutesPost)
}

// minutesSource reads a meeting's minutes with the names of its people
// and its series' time zone.
func (a *app) minutesSource(ctx context.Context, id data.MeetingID) (minutes.Source, error) {
	mn, err := a.Store.Minutes(ctx, id)
	if err != nil {
		return minutes.Source{}, err
	}
	people, err := a.Store.PersonNames(ctx)
	if err != nil {
		return minutes.Source{}, err
	}
	return minutes.Source{Minutes: mn, Names: nameIndex(people), Location: a.zones.location(mn.Series.TimeZone), Now: a.Now()}, nil
}

// minutesLang is the request's language, unless ?lang=ja|en asks for
// another (a script fetching Japanese minutes with a token).
func (a *app) minutesLang(c echo.Context) *i18n.T {
	if l, ok := i18n.ParseLang(c.QueryParam("lang")); ok {
		return a.catalog.For(l)
	}
	return a.tr(c)
}

const markdownType = "text/markdown; charset=utf-8"

func (a *app) minutesDownload(c echo.Context) error {
	src, err := a.minutesSource(c.Request().Context(), data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", attachment(minutesFileName(src)))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, markdownType, []byte(minutes.Markdown(a.minutesLang(c), src)))
}

func (a *app) apiMinutes(c echo.Context) error {
	// A script asking for a language kaigi does not have is told so, not
	// answered in another one.
	if l := c.QueryParam("lang"); l != "" && l != string(i18n.English) && l != string(i18n.Japanese) {
		return data.BadRequest("lang", "lang must be %q or %q, not %q", i18n.English, i18n.Japanese, l)
	}
	src, err := a.minutesSource(c.Request().Context(), data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, markdownType, []byte(minutes.Markdown(a.minutesLang(c), src)))
}

func (a *app) minutesPrint(c echo.Context) error {
	src, err := a.minutesSource(c.Request().Context(), data.MeetingID(c.Param("id")))
	if err != nil {
		return err
	}
	t := a.minutesLang(c)
	if t != a.tr(c) {
		c.Set(ctxTranslator, t) // the page's own words in the asked language too
	}
	d := minutes.Build(t, src)
	id := string(src.Minutes.Meeting.ID)
	v := pages.MinutesPrint{Lang: string(t.Lang()), Title: d.Title, Assets: a.assets, MeetingURL: "/meetings/" + id,
		MDURL: "/meetings/" + id + "/minutes.md", Series: d.Series, When: d.When, State: d.State, Notes: d.Notes,
		Present: strings.Join(d.Present, t.S("minutes.separator")), Absent: strings.Join(d.Absent, t.S("minutes.separator"))}
	for _, it := range d.Items {
		item := pages.MinutesItem{Number: it.Number, Title: it.Title, Outcome: it.Outcome, Priority: it.Priority, Age: it.Age, Owner: it.Owner,
			Details: it.Details, Notes: it.Notes, Decisions: it.Decisions}
		for _, task := range it.Tasks {
			item.Tasks = append(item.Tasks, pages.MinutesTask(task))
		}
		v.Items = append(v.Items, item)
	}
	for _, dec := range d.Decisions {
		v.Decisions = append(v.Decisions, pages.MinutesDecision(dec))
	}
	for _, task := range d.Tasks {
		v.Tasks = append(v.Tasks, pages.MinutesTask(task))
	}
	return a.show(c, http.StatusOK, pages.MinutesPrintPage(v))
}

// minutesFileName is "<meeting title> <date>.md" in the series' zone,
// with what file systems refuse replaced, and an ASCII name for clients
// that read only filename.
func minutesFileName(src minutes.Source) (name, ascii string) {
	m := src.Minutes.Meeting
	day := m.StartsAt.In(src.Location).Format(time.DateOnly)
	title := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(m.Title))
	for utf8.RuneCountInString(title) > 80 {
		_, size := utf8.DecodeLastRuneInString(title)
		title = title[:len(title)-size]
	}
	if !strings.Contains(title, day) {
		title = strings.TrimSpace(title + " " + day)
	}
	return title + ".md", "minutes-" + day + ".md"
}

// attachment is a Content-Disposition for a download named name: the
// UTF-8 name as RFC 5987 filename* (RFC 6266), which browsers prefer, so a
// Japanese title survives, and filename for older clients: name itself
// when it is printable ASCII, else fallback.
func attachment(name, fallback string) string {
	plain := name
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			plain = fallback
			break
		}
	}
	return `attachment; filename="` + plain + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes every byte outside RFC 5987's attr-char.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
