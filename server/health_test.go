package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/server"
)

// healthBody is /healthz's answer as a monitor reads it.
type healthBody struct {
	Status      string `json:"status"`
	Database    string `json:"database"`
	Replication *struct {
		Target      string  `json:"target"`
		Current     bool    `json:"current"`
		LagSeconds  float64 `json:"lag_seconds"`
		LastSuccess *string `json:"last_success"`
		Error       string  `json:"error"`
	} `json:"replication"`
}

func getHealth(t *testing.T, e *env) (int, healthBody) {
	t.Helper()
	resp, body := e.anonymous().get("/healthz")
	var h healthBody
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatalf("healthz body %q: %v", body, err)
	}
	return resp.StatusCode, h
}

func TestHealthzReportsTheReplica(t *testing.T) {
	last := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	rs := server.ReplicationStatus{Target: "s3://team/kaigi", Interval: time.Second, LastSuccess: last, Lag: 1500 * time.Millisecond, Current: true}
	e := newEnv(t, func(d *server.Deps) { d.Replication = func() server.ReplicationStatus { return rs } })
	code, h := getHealth(t, e)
	if code != http.StatusOK || h.Status != "ok" || h.Replication == nil {
		t.Fatalf("healthz = %d %+v", code, h)
	}
	if r := h.Replication; r.Target != "s3://team/kaigi" || !r.Current || r.LagSeconds != 1.5 || r.LastSuccess == nil || *r.LastSuccess != "2026-03-02T09:00:00Z" {
		t.Errorf("replication = %+v", *r)
	}

	// A replica that fails is reported, and the server still counts as up.
	rs = server.ReplicationStatus{Target: "s3://team/kaigi", Interval: time.Second, Lag: time.Minute, LastError: "monitor error: connection refused"}
	code, h = getHealth(t, e)
	if code != http.StatusOK || h.Replication.Current || h.Replication.LastSuccess != nil || !strings.Contains(h.Replication.Error, "connection refused") {
		t.Errorf("failing replica: healthz = %d %+v", code, *h.Replication)
	}
}

func TestHealthzWithoutReplicaOrDatabase(t *testing.T) {
	e := newEnv(t)
	if code, h := getHealth(t, e); code != http.StatusOK || h.Status != "ok" || h.Replication != nil {
		t.Errorf("healthz without a replica = %d %+v", code, h)
	}
	down := newEnv(t, func(d *server.Deps) { d.Ping = func(context.Context) error { return errors.New("disk gone") } })
	if code, h := getHealth(t, down); code != http.StatusServiceUnavailable || h.Database != "unavailable" {
		t.Errorf("healthz with a dead database = %d %+v", code, h)
	}
}

func TestAdminPageShowsTheReplica(t *testing.T) {
	rs := server.ReplicationStatus{Target: "file:///backups/kaigi", Interval: time.Second, Lag: 2300 * time.Millisecond,
		LastSuccess: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), LastError: "upload refused"}
	e := newEnv(t, func(d *server.Deps) { d.Replication = func() server.ReplicationStatus { return rs } })
	_, page := e.login().get("/admin/users")
	for _, want := range []string{"file:///backups/kaigi", "lag 2.3 s", "behind", "upload refused"} {
		if !strings.Contains(page, want) {
			t.Errorf("admin page lacks %q", want)
		}
	}
	_, page = newEnv(t).login().get("/admin/users")
	if !strings.Contains(page, "No continuous replica") || strings.Contains(page, "KAIGI_REPLICA") {
		t.Errorf("admin page without a replica does not say the record lives on one disk, or names the server's variable")
	}
}
