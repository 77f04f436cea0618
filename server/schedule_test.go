package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
)

// neverFires are schedules cron parses but that match no date: a series
// with one would accept meetings it can never open.
var neverFires = []string{"0 0 30 2 *", "0 0 31 4 *", "0 10 31 6,9,11 *", "0 0 30,31 2 *"}

func TestScheduleThatNeverFiresIsRefused(t *testing.T) {
	e := newEnv(t)
	b := e.login()
	api := e.api()
	ctx := context.Background()
	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	must(t, e.store.CreateSeries(ctx, &sr))
	for _, sched := range neverFires {
		resp, body := b.submit("/series", url.Values{"name": {"Never"}, "schedule": {sched}, "time_zone": {"UTC"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "never") {
			t.Errorf("create with %q in the form: %d, want 422 saying it never fires", sched, resp.StatusCode)
		}
		if !strings.Contains(body, `value="`+sched+`"`) {
			t.Errorf("create with %q: the form does not keep what was typed", sched)
		}
		resp, body = b.submit("/series/"+string(sr.ID), url.Values{"name": {"Weekly"}, "schedule": {sched},
			"time_zone": {"Asia/Tokyo"}, "revision": {strconv.FormatInt(sr.Revision, 10)}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "never") {
			t.Errorf("update to %q in the form: %d, want 422", sched, resp.StatusCode)
		}
		var apiErr struct {
			Error struct{ Field, Message string }
		}
		if status := api.call(http.MethodPost, "/series", `{"name":"Never","schedule":"`+sched+`"}`, &apiErr); status != http.StatusUnprocessableEntity ||
			apiErr.Error.Field != "schedule" || !strings.Contains(apiErr.Error.Message, "never") {
			t.Errorf("API create with %q: %d %+v", sched, status, apiErr)
		}
		patch, _ := json.Marshal(map[string]string{"schedule": sched})
		if status := api.call(http.MethodPatch, "/series/"+string(sr.ID), string(patch), &apiErr); status != http.StatusUnprocessableEntity ||
			apiErr.Error.Field != "schedule" {
			t.Errorf("API update to %q: %d %+v", sched, status, apiErr)
		}
	}
	all, err := e.store.ListSeries(ctx)
	must(t, err)
	if len(all) != 1 || all[0].Schedule != "0 10 * * MON" {
		t.Fatalf("series after the refusals: %+v", all)
	}
	// Leap days fire every four years: a real schedule.
	if status := api.call(http.MethodPost, "/series", `{"name":"Leap","schedule":"0 0 29 2 *"}`, nil); status != http.StatusCreated {
		t.Fatalf("a leap-day schedule: %d, want 201", status)
	}
}
