// Package digest sends each person who asked for one a daily digest of
// their overdue and due-soon tasks, by mail and/or to the team's
// Slack-compatible webhook, in their language, at their hour in their time
// zone. Each digest is claimed in the store before it is sent, so a person
// gets at most one per day and channel, whatever crashes and restarts
// happen in between; a send that certainly failed is tried again at the
// next run, one that may have arrived never is.
package digest

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/notify"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// Store is what the job reads and records.
type Store interface {
	DigestRecipients(ctx context.Context) ([]data.Account, error)
	Tasks(ctx context.Context, f data.TaskFilter) ([]data.Task, error)
	ListSeries(ctx context.Context) ([]data.Series, error)
	ClaimDigest(ctx context.Context, id data.PersonID, day data.Date, ch data.DigestChannel, tasks int) (bool, error)
	FinishDigest(ctx context.Context, id data.PersonID, day data.Date, ch data.DigestChannel, state data.DigestState, errText string) error
}

// Mailer sends one mail (notify.SMTP).
type Mailer interface {
	Send(ctx context.Context, m notify.Mail) error
}

// Poster posts one message to the team's channel (notify.Slack).
type Poster interface {
	Post(ctx context.Context, text string) error
}

// Job is the daily digest. Mail and Slack are nil when the server has no
// such channel; a person's choice of a missing channel sends nothing.
type Job struct {
	Store   Store
	Catalog *i18n.Catalog
	Mail    Mailer
	Slack   Poster
	Zone    *time.Location // a person without a time zone has this one
	BaseURL string         // for links to tasks and settings
	Now     func() time.Time
	Log     *slog.Logger
}

// SoonDays is how far ahead "due soon" looks: today and the next two days.
const SoonDays = 2

// Result counts what one run did.
type Result struct {
	Sent, Failed, Unknown int
}

// Run sends every digest that is due now and was not sent today.
func (j *Job) Run(ctx context.Context) (Result, error) {
	var res Result
	if j.Mail == nil && j.Slack == nil {
		return res, nil
	}
	people, err := j.Store.DigestRecipients(ctx)
	if err != nil {
		return res, err
	}
	series, err := j.seriesNames(ctx)
	if err != nil {
		return res, err
	}
	for _, p := range people {
		if err := j.runFor(ctx, p, series, &res); err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			// One person's trouble (a store error) does not stop the others.
			j.log().ErrorContext(ctx, "daily digest", "person", p.Person.ID, "err", err)
		}
	}
	return res, nil
}

func (j *Job) log() *slog.Logger {
	if j.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return j.Log
}

func (j *Job) seriesNames(ctx context.Context) (map[data.SeriesID]string, error) {
	all, err := j.Store.ListSeries(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[data.SeriesID]string, len(all))
	for _, s := range all {
		names[s.ID] = s.Name
	}
	return names, nil
}

// runFor sends p's digest on each of their channels, if it is their hour
// and they have tasks to hear about.
func (j *Job) runFor(ctx context.Context, p data.Account, series map[data.SeriesID]string, res *Result) error {
	now := j.Now().In(data.TeamZone(j.Zone, p.Settings.TimeZone))
	if now.Hour() < p.Settings.DigestHour {
		return nil // later today
	}
	today := data.DateOf(now)
	overdue, soon, err := j.dueTasks(ctx, p.Person.ID, today)
	if err != nil {
		return err
	}
	if len(overdue)+len(soon) == 0 {
		return nil
	}
	t := j.Catalog.Choose(p.Settings.Lang, "")
	d := digest{t: t, name: p.Person.Name, day: today, overdue: overdue, soon: soon, series: series, base: j.BaseURL}
	n := len(overdue) + len(soon)
	if p.Settings.DigestMail && j.Mail != nil && p.Person.Email != "" {
		j.send(ctx, p, today, data.DigestByMail, n, res, func() error {
			return j.Mail.Send(ctx, notify.Mail{To: mail.Address{Name: p.Person.Name, Address: p.Person.Email},
				Subject: d.subject(), Body: d.mailBody()})
		})
	}
	if p.Settings.DigestSlack && j.Slack != nil {
		j.send(ctx, p, today, data.DigestBySlack, n, res, func() error { return j.Slack.Post(ctx, d.slackText()) })
	}
	return nil
}

// send claims the day's digest on a channel, sends it, and records how it
// went. A digest claimed before (sent, or lost in a crash) is not sent.
func (j *Job) send(ctx context.Context, p data.Account, day data.Date, ch data.DigestChannel, n int, res *Result, deliver func() error) {
	log := j.log().With("person", p.Person.ID, "channel", ch, "day", day.String())
	ok, err := j.Store.ClaimDigest(ctx, p.Person.ID, day, ch, n)
	if err != nil {
		log.ErrorContext(ctx, "claim daily digest", "err", err)
		return
	}
	if !ok {
		return
	}
	state, text := data.DigestSent, ""
	if err := deliver(); err != nil {
		state, text = data.DigestFailed, err.Error()
		if notify.OutcomeUnknown(err) {
			state = data.DigestUnknown
			res.Unknown++
		} else {
			res.Failed++
		}
		log.WarnContext(ctx, "daily digest not sent", "state", state, "err", err)
	} else {
		res.Sent++
		log.InfoContext(ctx, "daily digest sent", "tasks", n)
	}
	// The send is done: record it even if the run is being cancelled.
	if err := j.Store.FinishDigest(context.WithoutCancel(ctx), p.Person.ID, day, ch, state, text); err != nil {
		log.ErrorContext(ctx, "record daily digest", "err", err)
	}
}

// dueTasks are p's open tasks due before today (overdue, however long ago,
// including tasks that were overdue when they were made) and due from
// today to SoonDays ahead, earliest first.
func (j *Job) dueTasks(ctx context.Context, id data.PersonID, today data.Date) (overdue, soon []data.Task, err error) {
	tasks, err := j.Store.Tasks(ctx, data.TaskFilter{AssigneeID: id, OpenOnly: true, Page: data.Page{Limit: 500}})
	if err != nil {
		return nil, nil, fmt.Errorf("tasks of %s: %w", id, err)
	}
	horizon := data.DateOf(today.Time().AddDate(0, 0, SoonDays))
	for _, t := range tasks {
		switch {
		case t.Due.IsZero() || !t.State.Open():
		case t.Due.Before(today):
			overdue = append(overdue, t)
		case !horizon.Before(t.Due):
			soon = append(soon, t)
		}
	}
	return overdue, soon, nil
}
