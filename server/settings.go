package server

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// commonZones are offered as suggestions; any IANA name is accepted.
var commonZones = []string{"Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Asia/Singapore", "Asia/Kolkata", "Europe/London",
	"Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago", "America/Los_Angeles", "Australia/Sydney", "UTC"}

func (a *app) settingsPage(c echo.Context) error {
	return a.showSettings(c, http.StatusOK, pages.Form{}, nil, c.QueryParam("saved") == "1", func(v *pages.Settings) {
		v.PasswordChanged = c.QueryParam("password") == "changed"
	})
}

// showSettings renders the settings page; a failed form is shown with the
// person's values, and newURLs are calendar addresses made just now.
// Each more changes the view before it is shown.
func (a *app) showSettings(c echo.Context, status int, f pages.Form, newURLs []pages.FeedURL, saved bool, more ...func(*pages.Settings)) error {
	ctx := c.Request().Context()
	t := a.tr(c)
	me, err := a.Store.Account(ctx, currentUser(c).ID)
	if err != nil {
		return err
	}
	st := me.Settings
	if f.Values != nil {
		st = settingsFrom(f.Values, st, a.Accounts)
	}
	zone := a.zoneOf(me.Settings)
	v := pages.Settings{CSRF: csrfToken(c), Form: f, Saved: saved, Zones: commonZones, TimeZone: st.TimeZone,
		ServerZone: a.Accounts.Zone.String(), Email: me.Person.Email, DigestMail: st.DigestMail, DigestSlack: st.DigestSlack,
		MailOn: a.Accounts.MailOn, SlackOn: a.Accounts.SlackOn}
	v.Langs = []pages.Option{{Value: "", Label: t.S("settings.lang_browser"), Selected: st.Lang == ""}}
	for _, l := range i18n.Langs {
		v.Langs = append(v.Langs, pages.Option{Value: string(l), Label: t.S(langNames[l]), Selected: st.Lang == string(l)})
	}
	for h := range 24 {
		v.Hours = append(v.Hours, pages.Option{Value: strconv.Itoa(h), Label: t.F("settings.hour", i18n.Args{"Hour": strconv.Itoa(h)}), Selected: h == st.DigestHour})
	}
	digests, err := a.Store.Digests(ctx, me.Person.ID, 7)
	if err != nil {
		return err
	}
	for _, d := range digests {
		v.Digests = append(v.Digests, pages.DigestLine{Day: t.Day(d.Day.Year, d.Day.Month, d.Day.Day), Channel: t.S(channelNames[d.Channel]),
			State: t.S(digestStates[d.State]), Tasks: t.N("settings.digest_tasks", d.Tasks, nil), Error: d.Error})
	}
	ft, on, err := a.Store.FeedTokenOf(ctx, me.Person.ID)
	if err != nil {
		return err
	}
	v.Calendar.NewURLs = newURLs
	if on {
		v.Calendar.On = t.DateTime(ft.CreatedAt.In(zone))
		if !ft.LastUsedAt.IsZero() {
			v.Calendar.LastUsed = t.F("calendar.last_used", i18n.Args{"Date": t.DateTime(ft.LastUsedAt.In(zone))})
		}
	}
	for _, m := range more {
		m(&v)
	}
	return a.show(c, status, pages.SettingsPage(a.layout(c, t.S("settings.title"), "settings"), v))
}

var langNames = map[i18n.Lang]string{i18n.Japanese: "settings.lang_ja", i18n.English: "settings.lang_en"}

var channelNames = map[data.DigestChannel]string{data.DigestByMail: "digest.channel_mail", data.DigestBySlack: "digest.channel_slack"}

var digestStates = map[data.DigestState]string{data.DigestSending: "digest.state_sending", data.DigestSent: "digest.state_sent",
	data.DigestFailed: "digest.state_failed", data.DigestUnknown: "digest.state_unknown"}

// zoneOf is a person's time zone, else the server's.
func (a *app) zoneOf(st data.Settings) *time.Location {
	return data.TeamZone(a.Accounts.Zone, st.TimeZone)
}

// settingsFrom reads the settings form over the stored settings; a channel
// the server cannot use keeps its stored value (its box is disabled and
// not sent).
func settingsFrom(f url.Values, st data.Settings, o AccountOptions) data.Settings {
	st.Lang, st.TimeZone = f.Get("lang"), f.Get("time_zone")
	if o.MailOn {
		st.DigestMail = f.Get("digest_mail") == "on"
	}
	if o.SlackOn {
		st.DigestSlack = f.Get("digest_slack") == "on"
	}
	if h, err := strconv.Atoi(f.Get("digest_hour")); err == nil {
		st.DigestHour = h
	} else {
		st.DigestHour = -1
	}
	return st
}

func (a *app) settingsSave(c echo.Context) error {
	ctx := c.Request().Context()
	me, err := a.Store.Account(ctx, currentUser(c).ID)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	if err := a.Store.UpdateSettings(ctx, me.Person.ID, settingsFrom(form, me.Settings, a.Accounts)); err != nil {
		return a.refused(c, err, func(status int, f pages.Form) error { return a.showSettings(c, status, f, nil, false) })
	}
	return c.Redirect(http.StatusSeeOther, "/settings?saved=1")
}

// refused shows a form again with what went wrong when err is the
// person's to fix, and passes any other error on.
func (a *app) refused(c echo.Context, err error, show func(status int, f pages.Form) error) error {
	code := data.ErrorCode(err)
	if code == data.EINTERNAL || code == data.EUNAUTHORIZED {
		return err
	}
	form, _ := c.FormParams()
	field := data.ErrorField(err)
	return show(statusOf(code), pages.Form{Values: form, Field: field, Error: translated(a.tr(c), code, field, data.ErrorMessage(err))})
}

// calendarRotate makes a new private calendar address; the old one stops
// working at once. The addresses are shown on this answer only.
func (a *app) calendarRotate(c echo.Context) error {
	ctx := c.Request().Context()
	me := currentUser(c)
	secret, hash := NewSecret()
	if err := a.Store.RotateFeedToken(ctx, me.ID, hash); err != nil {
		return err
	}
	t := a.tr(c)
	urls := []pages.FeedURL{{Label: t.S("calendar.tasks_feed"), URL: a.absURL(c, "/feeds/"+secret+"/tasks.ics")}}
	all, err := a.Store.ListSeries(ctx)
	if err != nil {
		return err
	}
	for _, sr := range all {
		urls = append(urls, pages.FeedURL{Label: t.F("calendar.series_feed", i18n.Args{"Series": sr.Name}),
			URL: a.absURL(c, "/feeds/"+secret+"/series/"+string(sr.ID)+".ics")})
	}
	return a.showSettings(c, http.StatusOK, pages.Form{}, urls, false)
}

func (a *app) calendarOff(c echo.Context) error {
	if err := a.Store.DeleteFeedToken(c.Request().Context(), currentUser(c).ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings")
}
