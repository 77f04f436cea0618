package notion

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/notionfake"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

type webhookRig struct {
	h       *harness
	svc     *Service
	srv     *httptest.Server
	logs    *bytes.Buffer
	pokes   atomic.Int32
	token   string
	pullCtx context.Context
	// holdPulls makes the webhook only count the pulls it asks for: the
	// service's pull would run at once on the manual clock (its 2-second
	// debounce costs no real time) and race the test for the queued pages.
	holdPulls bool
}

func newWebhookRig(t *testing.T) *webhookRig { return startWebhookRig(t, false, "2022-06-28") }

// newHeldWebhookRig is a rig whose webhook schedules no pull; the test
// starts it with r.svc.PullSoon(r.pullCtx) once it has looked at the queue.
func newHeldWebhookRig(t *testing.T) *webhookRig { return startWebhookRig(t, true, "2022-06-28") }

// startWebhookRig starts a rig whose subscription is on an API version.
func startWebhookRig(t *testing.T, holdPulls bool, version string) *webhookRig {
	t.Helper()
	r := &webhookRig{h: newHarness(t, 21, nil), logs: &bytes.Buffer{}, holdPulls: holdPulls}
	r.svc = r.h.service()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); r.svc.Wait() })
	r.pullCtx = ctx
	hook := NewWebhook(WebhookOptions{Store: r.h.store, Clock: r.h.clock, Logger: slog.New(slog.NewTextHandler(r.logs, nil)),
		PullSoon: func() {
			r.pokes.Add(1)
			if !r.holdPulls {
				r.svc.PullSoon(ctx)
			}
		}})
	r.srv = httptest.NewServer(hook)
	t.Cleanup(r.srv.Close)
	var err error
	if r.token, err = r.h.fake.SubscribeWebhookAt(ctx, r.srv.URL, version); err != nil {
		t.Fatalf("verification request: %v", err)
	}
	return r
}

func (r *webhookRig) post(t *testing.T, body, signature string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL, strings.NewReader(body))
	if signature != "" {
		req.Header.Set("X-Notion-Signature", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func pendingCount(t *testing.T, st *data.Store) int {
	t.Helper()
	ids, err := syncdb.New(st).PendingPages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ids)
}

func TestWebhookVerificationTokenShownOnce(t *testing.T) {
	r := newWebhookRig(t)
	if n := strings.Count(r.logs.String(), r.token); n != 1 {
		t.Fatalf("the verification token appears %d times in the log, want once:\n%s", n, r.logs)
	}
	ctx := context.Background()
	if _, err := r.svc.Status(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := r.svc.TakeWebhookToken(ctx)
	if err != nil || got != r.token {
		t.Fatalf("first take: token %q, err %v", got, err)
	}
	if again, _ := r.svc.TakeWebhookToken(ctx); again != "" {
		t.Fatalf("the token is handed out twice")
	}
	// Notion resends the same verification: fine. Someone else's token: refused.
	if code := r.post(t, `{"verification_token":"`+r.token+`"}`, ""); code != http.StatusOK {
		t.Fatalf("same verification again: %d", code)
	}
	if code := r.post(t, `{"verification_token":"secret_forged"}`, ""); code != http.StatusConflict {
		t.Fatalf("second verification token: %d, want 409", code)
	}
	if got, _ := r.h.state().WebhookToken(ctx); got != r.token {
		t.Fatalf("stored token changed")
	}
	if err := ResetWebhook(ctx, r.h.store); err != nil {
		t.Fatal(err)
	}
	if code := r.post(t, `{"verification_token":"secret_new"}`, ""); code != http.StatusOK {
		t.Fatalf("verification after reset: %d", code)
	}
}

func TestWebhookEventPullsTheNamedPage(t *testing.T) {
	ctx := context.Background()
	r := newWebhookRig(t)
	h := r.h
	task := data.Task{SeriesID: h.series, Title: "Book the room"}
	if err := h.store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	// kaigi's own writes were announced too; deliver them, then wait for their pull.
	if err := h.fake.DeliverWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
	r.svc.Wait()

	page := h.pageOf(data.EntityTask, string(task.ID))
	h.fake.Advance(time.Minute)
	if err := h.fake.As(h.person).UpdateProperties(page, map[string]any{"Name": title("Book the big room")}); err != nil {
		t.Fatal(err)
	}
	events := h.fake.PendingWebhooks()
	if len(events) != 1 {
		t.Fatalf("%d events queued, want 1", len(events))
	}
	before := r.pokes.Load()
	if err := h.fake.DeliverWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
	if r.pokes.Load() != before+1 {
		t.Fatalf("the event did not schedule a pull")
	}
	r.svc.Wait()
	if got, _ := h.store.Task(ctx, task.ID); got.Title != "Book the big room" {
		t.Fatalf("after the webhook's pull the task is %q", got.Title)
	}
	if n := pendingCount(t, h.store); n != 0 {
		t.Fatalf("%d pages still pending after the pull", n)
	}
	runs, _ := r.svc.Runs(ctx, 1)
	if len(runs) != 1 || runs[0].Trigger != "webhook" {
		t.Fatalf("latest run %+v, want one triggered by the webhook", runs)
	}

	// Notion delivers the same event again: nothing is queued or scheduled.
	body := `{"id":"` + events[0].ID + `","type":"page.properties_updated","entity":{"id":"` + page + `","type":"page"}}`
	if code := r.post(t, body, notionfake.Sign([]byte(body), r.token)); code != http.StatusOK {
		t.Fatalf("duplicate event: %d", code)
	}
	if r.pokes.Load() != before+1 || pendingCount(t, h.store) != 0 {
		t.Fatalf("a duplicate event was handled again")
	}
}

func TestWebhookRefusesBadSignatures(t *testing.T) {
	r := newHeldWebhookRig(t)
	body := `{"id":"5f2a9e1c-7b3d-4c8e-9a10-2b3c4d5e6f70","type":"page.created","entity":{"id":"0123456789abcdef0123456789abcdef","type":"page"}}`
	for name, sig := range map[string]string{
		"missing":       "",
		"other key":     notionfake.Sign([]byte(body), "secret_other"),
		"other body":    notionfake.Sign([]byte(body+" "), r.token),
		"not hex":       "sha256=zz",
		"wrong scheme":  strings.Replace(notionfake.Sign([]byte(body), r.token), "sha256=", "sha1=", 1),
		"truncated mac": notionfake.Sign([]byte(body), r.token)[:20],
	} {
		if code := r.post(t, body, sig); code != http.StatusUnauthorized {
			t.Errorf("%s signature: %d, want 401", name, code)
		}
	}
	if n := pendingCount(t, r.h.store); n != 0 || r.pokes.Load() != 0 {
		t.Fatalf("a refused event changed something: %d pending, %d pulls", n, r.pokes.Load())
	}
	if code := r.post(t, "not json", ""); code != http.StatusBadRequest {
		t.Fatalf("malformed body: %d", code)
	}
	if code := r.post(t, body, notionfake.Sign([]byte(body), r.token)); code != http.StatusOK {
		t.Fatalf("good signature: %d, want 200", code)
	}
	if n := pendingCount(t, r.h.store); n != 1 || r.pokes.Load() != 1 {
		t.Fatalf("a good event left %d pages queued and asked for %d pulls, want 1 and 1", n, r.pokes.Load())
	}
	// The pull the event asked for reads the page and empties the queue.
	r.svc.PullSoon(r.pullCtx)
	r.svc.Wait()
	runs, err := r.svc.Runs(context.Background(), 1)
	if err != nil || len(runs) != 1 || runs[0].Trigger != "webhook" {
		t.Fatalf("after the pull: runs %+v (err %v), want one triggered by the webhook", runs, err)
	}
	if n := pendingCount(t, r.h.store); n != 0 {
		t.Fatalf("%d pages still queued after the pull", n)
	}
}

// TestPoisonWebhookEventIsRefusedAndTheNextCycleIsGreen: a signed event whose
// page id is not a Notion ID is refused at the door (400) and queues
// nothing; a bad id queued before the check existed is dropped by the next
// cycle, which succeeds and syncs the rest.
func TestPoisonWebhookEventIsRefusedAndTheNextCycleIsGreen(t *testing.T) {
	ctx := context.Background()
	r := newHeldWebhookRig(t)
	for _, body := range []string{
		`{"id":"not-a-uuid","type":"page.properties_updated","entity":{"id":"0123456789abcdef0123456789abcdef","type":"page"}}`,
		`{"id":"0123456789abcdef0123456789abcdee","type":"page.properties_updated","entity":{"id":"../../v1/users","type":"page"}}`,
	} {
		if code := r.post(t, body, notionfake.Sign([]byte(body), r.token)); code != http.StatusBadRequest {
			t.Fatalf("a signed event with a bad id: %d, want 400", code)
		}
	}
	if n := pendingCount(t, r.h.store); n != 0 || r.pokes.Load() != 0 {
		t.Fatalf("refused events queued %d pages and asked for %d pulls", n, r.pokes.Load())
	}
	// A row queued by an older kaigi.
	if err := syncdb.New(r.h.store).QueuePage(ctx, "not-a-uuid", r.h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	task := newTask(t, r.h, "Still syncs")
	sum, err := r.svc.Cycle(ctx, "test")
	if err != nil || sum.Created != 1 {
		t.Fatalf("the cycle after a poison row: %s, %v", sum, err)
	}
	if n := pendingCount(t, r.h.store); n != 0 {
		t.Fatalf("the poison row is still queued")
	}
	if _, err := r.svc.Cycle(ctx, "test"); err != nil {
		t.Fatalf("the next cycle: %v", err)
	}
	r.h.pageOf(data.EntityTask, string(task.ID))
}

// TestTrashedPageArrivesWithItsWebhook: with webhooks on, a page trashed in
// Notion reaches kaigi's trash at the next cycle even when no confirmation
// runs at all (a budget of none).
func TestTrashedPageArrivesWithItsWebhook(t *testing.T) {
	ctx := context.Background()
	r := newHeldWebhookRig(t)
	h := r.h
	svc := NewService(ServiceOptions{Options: Options{Store: h.store, Client: h.client, Config: h.cfg, Clock: h.clock, ConfirmBudget: -1}})
	task := newTask(t, h, "Book the room")
	if _, err := svc.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	if err := h.fake.DeliverWebhooks(ctx); err != nil { // kaigi's own writes, announced too
		t.Fatal(err)
	}
	if _, err := svc.Cycle(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	h.fake.Advance(time.Minute)
	if err := h.fake.As(h.person).Trash(h.pageOf(data.EntityTask, string(task.ID))); err != nil {
		t.Fatal(err)
	}
	if err := h.fake.DeliverWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
	if sum, err := svc.Cycle(ctx, "test"); err != nil || sum.Trashed != 1 || sum.Confirm != 0 {
		t.Fatalf("the cycle after the trash's event: %s, %v", sum, err)
	}
	if got, _ := h.store.Task(ctx, task.ID); !got.Deleted() {
		t.Fatalf("the task is not in kaigi's trash")
	}
}
