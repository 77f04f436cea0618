package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/data"

	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// ReplicationStatus is the continuous replica's state as the server shows
// it; cmd fills it from Litestream.
type ReplicationStatus struct {
	Target      string        // the replica's URL, without a password
	Interval    time.Duration // between uploads
	LastSuccess time.Time     // zero before the first upload
	Lag         time.Duration // since the replica last confirmed every write
	Current     bool          // the lag is within a few intervals
	LastError   string        // the newest failure since the last success
}

// healthAnswer is /healthz's JSON body.
type healthAnswer struct {
	Status      string             `json:"status"` // ok, or unavailable
	Database    string             `json:"database"`
	Replication *replicationHealth `json:"replication,omitempty"` // absent without a replica
}

type replicationHealth struct {
	Target          string  `json:"target"`
	Current         bool    `json:"current"`
	LagSeconds      float64 `json:"lag_seconds"`
	IntervalSeconds float64 `json:"interval_seconds"`
	LastSuccess     *string `json:"last_success"` // RFC 3339, null before the first upload
	Error           string  `json:"error,omitempty"`
}

// health answers 200 while the database answers and 503 when it does not.
// A replica that is behind does not fail the check: the server still
// serves, and a load balancer must not take it away for a bucket's outage;
// monitoring reads replication.current instead.
func (a *app) health(c echo.Context) error {
	ans := healthAnswer{Status: "ok", Database: "ok"}
	status := http.StatusOK
	if a.Ping != nil {
		if err := a.Ping(c.Request().Context()); err != nil {
			a.Logger.Error("health check", "err", err)
			ans.Status, ans.Database, status = "unavailable", "unavailable", http.StatusServiceUnavailable
		}
	}
	// Reads still work on a full disk or a read-only file; a probe that
	// only reads would call this healthy while every save fails.
	if status == http.StatusOK && a.Writable != nil {
		if err := a.Writable(c.Request().Context()); err != nil {
			ans.Status, ans.Database, status = "unavailable", "not writable: "+data.ErrorMessage(err), http.StatusServiceUnavailable
		}
	}
	if a.Replication != nil {
		r := a.Replication()
		h := &replicationHealth{Target: r.Target, Current: r.Current, LagSeconds: r.Lag.Seconds(),
			IntervalSeconds: r.Interval.Seconds(), Error: r.LastError}
		if !r.LastSuccess.IsZero() {
			at := r.LastSuccess.UTC().Format(time.RFC3339Nano)
			h.LastSuccess = &at
		}
		ans.Replication = h
	}
	return c.JSON(status, ans)
}

// adminReplica is the replica's state for the admin page; nil without one.
func (a *app) adminReplica(t *i18n.T) *pages.AdminReplica {
	if a.Replication == nil {
		return nil
	}
	r := a.Replication()
	return &pages.AdminReplica{Target: r.Target, Last: a.when(t, r.LastSuccess),
		Lag: strconv.FormatFloat(r.Lag.Seconds(), 'f', 1, 64), Current: r.Current, Error: r.LastError}
}
