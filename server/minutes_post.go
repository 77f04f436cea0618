package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server/minutes"
	"github.com/kaigi-dev/kaigi/server/notify"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// MinutesPoster posts to the team's Slack-compatible webhook
// (notify.Slack).
type MinutesPoster interface {
	Post(ctx context.Context, text string) error
}

// minutesPostStore is the series setting and the record of posts.
type minutesPostStore interface {
	PostsMinutes(ctx context.Context, id data.SeriesID) (bool, error)
	SetPostsMinutes(ctx context.Context, id data.SeriesID, on bool) error
	ClaimMinutesPost(ctx context.Context, id data.MeetingID, textHash string) (bool, error)
	FinishMinutesPost(ctx context.Context, id data.MeetingID, textHash string, state data.DigestState, errText string) error
	MinutesPosts(ctx context.Context, id data.SeriesID, limit int) ([]data.MinutesPost, error)
}

// minutesPostTimeout bounds one post, which runs after the response.
const minutesPostTimeout = time.Minute

// minutesHeld is called after a meeting was marked held (committed): when
// its series asked for it, the minutes are posted in the background, so
// that "mark held" never waits for or fails with the webhook.
func (a *app) minutesHeld(ctx context.Context, id data.MeetingID) {
	if a.MinutesPoster == nil {
		return
	}
	ctx = context.WithoutCancel(ctx) // the request ends before the post
	a.Background("minutes post", func() {
		ctx, cancel := context.WithTimeout(ctx, minutesPostTimeout)
		defer cancel()
		a.postMinutes(ctx, id)
	})
}

// postMinutes posts a held meeting's minutes, in the server's language,
// once per text: holding it again after a reopen posts again only when
// the minutes changed. The post is claimed in the store first; a post that
// may have arrived is never sent again, one that certainly failed is sent
// at the next holding. Errors are recorded and logged, never the URL.
func (a *app) postMinutes(ctx context.Context, id data.MeetingID) {
	log := a.Logger.With("meeting", id)
	src, err := a.minutesSource(ctx, id)
	if err != nil {
		log.ErrorContext(ctx, "read minutes to post", "err", err)
		return
	}
	if on, err := a.Store.PostsMinutes(ctx, src.Minutes.Series.ID); err != nil || !on || src.Minutes.Meeting.State != data.MeetingHeld {
		if err != nil {
			log.ErrorContext(ctx, "read minutes post setting", "err", err)
		}
		return
	}
	text := minutes.Slack(a.catalog.Default(), src)
	sum := sha256.Sum256([]byte(text))
	hash := hex.EncodeToString(sum[:])
	ok, err := a.Store.ClaimMinutesPost(ctx, id, hash)
	if err != nil || !ok {
		if err != nil {
			log.ErrorContext(ctx, "claim minutes post", "err", err)
		}
		return
	}
	state, errText := data.DigestSent, ""
	if err := a.MinutesPoster.Post(ctx, text); err != nil {
		state, errText = data.DigestFailed, err.Error()
		if notify.OutcomeUnknown(err) {
			state = data.DigestUnknown
		}
		log.WarnContext(ctx, "minutes not posted", "state", state, "err", err)
	} else {
		log.InfoContext(ctx, "minutes posted")
	}
	if err := a.Store.FinishMinutesPost(context.WithoutCancel(ctx), id, hash, state, errText); err != nil {
		log.ErrorContext(ctx, "record minutes post", "err", err)
	}
}

// seriesMinutesPost saves a series' choice.
func (a *app) seriesMinutesPost(c echo.Context) error {
	if err := readForm(c); err != nil {
		return err
	}
	if a.MinutesPoster == nil {
		return echo.NewHTTPError(http.StatusConflict, a.tr(c).S("minutes.post.no_webhook"))
	}
	id := data.SeriesID(c.Param("id"))
	if err := a.Store.SetPostsMinutes(c.Request().Context(), id, c.FormValue("on") == "1"); err != nil {
		return err
	}
	return seeOther(c, "/series/%s#minutes-post", id)
}

var postStateLabels = map[data.DigestState]string{
	data.DigestSending: "minutes.post.state.sending", data.DigestSent: "minutes.post.state.sent",
	data.DigestFailed: "minutes.post.state.failed", data.DigestUnknown: "minutes.post.state.unknown",
}

// minutesPostView is the series page's setting with its last posts.
func (a *app) minutesPostView(c echo.Context, sr data.Series) (pages.MinutesPostSetting, error) {
	ctx := c.Request().Context()
	v := pages.MinutesPostSetting{SeriesID: string(sr.ID), Available: a.MinutesPoster != nil}
	var err error
	if v.On, err = a.Store.PostsMinutes(ctx, sr.ID); err != nil {
		return v, err
	}
	posts, err := a.Store.MinutesPosts(ctx, sr.ID, 5)
	if err != nil {
		return v, err
	}
	t, loc := a.tr(c), a.zones.location(sr.TimeZone)
	for _, p := range posts {
		v.Posts = append(v.Posts, pages.MinutesPostLine{MeetingID: string(p.MeetingID), MeetingTitle: p.MeetingTitle,
			When: t.DateTime(p.ClaimedAt.In(loc)), State: t.S(postStateLabels[p.State]), Error: p.Error,
			Failed: p.State == data.DigestFailed || p.State == data.DigestUnknown})
	}
	return v, nil
}
