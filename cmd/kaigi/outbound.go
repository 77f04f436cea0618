package main

import (
	"context"
	"flag"
	"log/slog"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/digest"
	"github.com/kaigi-dev/kaigi/server/notify"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// uiConfig is the server's language and time zone, and where reminders go.
type uiConfig struct {
	Lang           string // KAIGI_LANG: ja or en
	TimeZone       string // KAIGI_TZ: an IANA zone, the day of people who set none
	DigestSchedule string // when the digest job runs (cron), or "off"

	catalog *i18n.Catalog
	zone    *time.Location
	mail    *notify.SMTP  // nil without KAIGI_SMTP_ADDR
	slack   *notify.Slack // nil without KAIGI_SLACK_WEBHOOK_URL
}

func addUIFlags(fs *flag.FlagSet, c *uiConfig, env map[string]string) {
	fs.StringVar(&c.Lang, "lang", envOr(env, "KAIGI_LANG", "en"),
		"language of people whose browser asks for neither ja nor en and who chose none: ja or en (env KAIGI_LANG)")
	fs.StringVar(&c.TimeZone, "time-zone", envOr(env, "KAIGI_TZ", envOr(env, "TZ", "UTC")),
		"time zone of people who set none, for their reminders (env KAIGI_TZ)")
	fs.StringVar(&c.DigestSchedule, "digest-schedule", envOr(env, "KAIGI_DIGEST_SCHEDULE", "5 * * * *"),
		"cron schedule of the daily-digest job (each person gets theirs at their hour); off turns it off (env KAIGI_DIGEST_SCHEDULE)")
}

// load checks the settings and reads the mail and webhook ones from env
// (secrets come only from the environment).
func (c *uiConfig) load(env map[string]string) error {
	lang, ok := i18n.ParseLang(c.Lang)
	if !ok {
		return usagef("--lang %q: use ja or en", c.Lang)
	}
	var err error
	if c.catalog, err = i18n.Load(lang); err != nil {
		return err
	}
	if c.zone, err = time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "Local" {
		return usagef("--time-zone %q: use a zone name like Asia/Tokyo", c.TimeZone)
	}
	if addr := env["KAIGI_SMTP_ADDR"]; addr != "" {
		c.mail = &notify.SMTP{Addr: addr, From: env["KAIGI_SMTP_FROM"], User: env["KAIGI_SMTP_USER"], Password: env["KAIGI_SMTP_PASSWORD"]}
		if err := c.mail.Check(); err != nil {
			return usagef("%v", err)
		}
	}
	if u := env["KAIGI_SLACK_WEBHOOK_URL"]; u != "" {
		c.slack = &notify.Slack{URL: u}
		if err := c.slack.Check(); err != nil {
			return usagef("%v", err)
		}
	}
	return nil
}

// digestJob is the daily digest, or nil when there is nowhere to send it.
func (c *uiConfig) digestJob(st *data.Store, baseURL string, log *slog.Logger) *digest.Job {
	if c.mail == nil && c.slack == nil || c.DigestSchedule == "off" {
		return nil
	}
	j := &digest.Job{Store: st, Catalog: c.catalog, Zone: c.zone, BaseURL: baseURL, Now: st.Now, Log: log}
	if c.mail != nil {
		j.Mail = c.mail
	}
	if c.slack != nil {
		j.Slack = c.slack
	}
	return j
}

// runDigest is one run of the digest job from the cron.
func runDigest(ctx context.Context, j *digest.Job, log *slog.Logger) {
	res, err := j.Run(ctx)
	if err != nil {
		log.Error("daily digest", "err", err)
		return
	}
	if res != (digest.Result{}) {
		log.Info("daily digests", "sent", res.Sent, "failed", res.Failed, "unknown", res.Unknown)
	}
}
