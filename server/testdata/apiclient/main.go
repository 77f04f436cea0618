// Command main drives kaigi through a Go client that oapi-codegen made
// from server/openapi.yaml. TestGeneratedClientScenario generates the
// client next to this file (through a build overlay), runs it against a
// real server and checks what it printed and what the server stored.
//
// Usage: main BASE_URL TOKEN
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
)

// Result is what the scenario made, printed as JSON for the test.
type Result struct {
	SeriesID, MeetingID, AgendaID, DecisionID, TaskID string
	Minutes                                           string
	SearchHits                                        []string
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: main BASE_URL TOKEN")
	}
	res, err := scenario(context.Background(), os.Args[1], os.Args[2])
	if err != nil {
		fail(err.Error())
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(1)
}

func ptr[T any](v T) *T { return &v }

// answered checks that a call answered the status the scenario expects.
func answered(what string, err error, resp *http.Response, body []byte, want int) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s: status %d, want %d: %s", what, resp.StatusCode, want, body)
	}
	return nil
}

// scenario: series → next meeting → agenda → its outcome → decision →
// task → the series' open tasks → minutes → search, and one refused call.
func scenario(ctx context.Context, base, token string) (Result, error) {
	var res Result
	c, err := NewClientWithResponses(base+"/api/v1", WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}))
	if err != nil {
		return res, err
	}
	sr, err := c.CreateSeriesWithResponse(ctx, &CreateSeriesParams{}, Series{Name: ptr("週次定例"), Schedule: ptr("0 10 * * MON"), TimeZone: ptr("Asia/Tokyo")})
	if err := answered("create series", err, sr.HTTPResponse, sr.Body, 201); err != nil {
		return res, err
	}
	res.SeriesID = *sr.JSON201.Id

	next, err := c.OpenNextMeetingWithResponse(ctx, res.SeriesID)
	if err := answered("open the next meeting", err, next.HTTPResponse, next.Body, 201); err != nil {
		return res, err
	}
	if !next.JSON201.Created || next.JSON201.Meeting.State == nil || *next.JSON201.Meeting.State != MeetingState("planned") {
		return res, fmt.Errorf("next meeting: %s", next.Body)
	}
	res.MeetingID = *next.JSON201.Meeting.Id

	ag, err := c.CreateAgendaWithResponse(ctx, &CreateAgendaParams{}, Agenda{SeriesId: &res.SeriesID, Title: ptr("CI の所要時間を短くする"),
		Priority: ptr(1), MeetingId: &res.MeetingID})
	if err := answered("create agenda", err, ag.HTTPResponse, ag.Body, 201); err != nil {
		return res, err
	}
	res.AgendaID = *ag.JSON201.Id
	if ag.JSON201.ResolvedAt != nil {
		return res, fmt.Errorf("a new agenda is resolved at %v", ag.JSON201.ResolvedAt)
	}

	disc, err := c.SetMeetingAgendaWithResponse(ctx, res.MeetingID, res.AgendaID,
		DiscussionChange{Notes: ptr("並列化で 12 分から 5 分になった。"), Outcome: ptr(Outcome("resolved"))})
	if err := answered("set the agenda's outcome", err, disc.HTTPResponse, disc.Body, 200); err != nil {
		return res, err
	}
	if disc.JSON200.Outcome != Outcome("resolved") || disc.JSON200.State != AgendaState("resolved") {
		return res, fmt.Errorf("outcome: %s", disc.Body)
	}

	dec, err := c.CreateDecisionWithResponse(ctx, &CreateDecisionParams{IdempotencyKey: ptr("scenario-decision")},
		Decision{MeetingId: &res.MeetingID, AgendaId: &res.AgendaID, Title: ptr("テストは並列で実行する")})
	if err := answered("create decision", err, dec.HTTPResponse, dec.Body, 201); err != nil {
		return res, err
	}
	res.DecisionID = *dec.JSON201.Id
	if dec.JSON201.ReviewBy != nil {
		return res, fmt.Errorf("a decision without a review date answered review_by %v", dec.JSON201.ReviewBy)
	}

	due := openapi_types.Date{Time: time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)}
	task, err := c.CreateTaskWithResponse(ctx, &CreateTaskParams{}, Task{SeriesId: &res.SeriesID, MeetingId: &res.MeetingID,
		AgendaId: &res.AgendaID, Title: ptr("計測結果を共有する"), Due: &due})
	if err := answered("create task", err, task.HTTPResponse, task.Body, 201); err != nil {
		return res, err
	}
	res.TaskID = *task.JSON201.Id
	if task.JSON201.Due == nil || task.JSON201.Due.String() != "2026-01-12" {
		return res, fmt.Errorf("task due: %s", task.Body)
	}

	open, err := c.ListTasksWithResponse(ctx, &ListTasksParams{SeriesId: &res.SeriesID, State: ptr(TaskState("todo"))})
	if err := answered("list open tasks", err, open.HTTPResponse, open.Body, 200); err != nil {
		return res, err
	}
	if len(open.JSON200.Items) != 1 || *open.JSON200.Items[0].Id != res.TaskID || open.JSON200.NextCursor != nil {
		return res, fmt.Errorf("open tasks: %s", open.Body)
	}

	mins, err := c.GetMeetingMinutesWithResponse(ctx, res.MeetingID, &GetMeetingMinutesParams{Lang: ptr(Lang("ja"))})
	if err := answered("minutes", err, mins.HTTPResponse, mins.Body, 200); err != nil {
		return res, err
	}
	res.Minutes = string(mins.Body)

	hits, err := c.SearchWithResponse(ctx, &SearchParams{Q: "並列", Entity: ptr(SearchEntity("decision"))})
	if err := answered("search", err, hits.HTTPResponse, hits.Body, 200); err != nil {
		return res, err
	}
	for _, h := range hits.JSON200.Items {
		res.SearchHits = append(res.SearchHits, string(h.Entity)+"/"+h.Id)
	}

	bad, err := c.SearchWithResponse(ctx, &SearchParams{Q: "並列", Entity: ptr(SearchEntity("bogus"))})
	if err := answered("search for an unknown entity", err, bad.HTTPResponse, bad.Body, 400); err != nil {
		return res, err
	}
	if bad.JSONDefault == nil || bad.JSONDefault.Error.Code != ErrorErrorCode("bad_request") || !strings.Contains(bad.JSONDefault.Error.Message, "bogus") {
		return res, fmt.Errorf("unknown entity: %s", bad.Body)
	}
	return res, nil
}
