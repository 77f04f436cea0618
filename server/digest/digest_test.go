package digest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/smtptest"
	"github.com/kaigi-dev/kaigi/internal/testclock"
	"github.com/kaigi-dev/kaigi/server/digest"
	"github.com/kaigi-dev/kaigi/server/notify"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// world is a real database file, a real SMTP server and a webhook
// listener, on a clock that starts Monday 2026-01-05 09:00 UTC (18:00 in
// Tokyo).
type world struct {
	t      *testing.T
	path   string
	store  *data.Store
	clock  *testclock.Clock
	smtp   *smtptest.Server
	slack  *hook
	series data.Series
}

type hook struct {
	mu    sync.Mutex
	posts []string
	srv   *httptest.Server
}

func (h *hook) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.posts...)
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, path: filepath.Join(t.TempDir(), "kaigi.db"), clock: testclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))}
	w.open()
	w.smtp = smtptest.Start(t, "kaigi", "mail password")
	w.slack = &hook{}
	w.slack.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.slack.mu.Lock()
		w.slack.posts = append(w.slack.posts, body["text"])
		w.slack.mu.Unlock()
		io.WriteString(rw, "ok")
	}))
	t.Cleanup(w.slack.srv.Close)
	w.series = data.Series{Name: "週次定例", Schedule: "0 10 * * MON", TimeZone: "Asia/Tokyo"}
	must(t, w.store.CreateSeries(context.Background(), &w.series))
	return w
}

// open opens the database file: again after a restart.
func (w *world) open() {
	st, err := data.Open(context.Background(), w.path, data.Options{Now: w.clock.Now})
	if err != nil {
		w.t.Fatal(err)
	}
	w.store = st
	w.t.Cleanup(func() { st.Close() })
}

func (w *world) restart() {
	must(w.t, w.store.Close())
	w.open()
}

func (w *world) job() *digest.Job {
	cat, err := i18n.Load(i18n.English)
	must(w.t, err)
	return &digest.Job{Store: w.store, Catalog: cat, Now: w.clock.Now, Zone: time.UTC, BaseURL: "https://kaigi.example",
		Mail:  &notify.SMTP{Addr: w.smtp.Addr, From: "kaigi <kaigi@example.com>", User: "kaigi", Password: "mail password", TLS: w.smtp.ClientTLS},
		Slack: &notify.Slack{URL: w.slack.srv.URL + "/services/secret"}}
}

func (w *world) run() digest.Result {
	w.t.Helper()
	res, err := w.job().Run(context.Background())
	must(w.t, err)
	return res
}

func (w *world) user(name, email string, st data.Settings) data.Person {
	w.t.Helper()
	p := data.Person{Name: name, Email: email}
	must(w.t, w.store.CreateUser(context.Background(), &p, "hash"))
	must(w.t, w.store.UpdateSettings(context.Background(), p.ID, st))
	return p
}

func (w *world) task(title string, who data.PersonID, created time.Time, due string) data.Task {
	w.t.Helper()
	d, err := data.ParseDate(due)
	must(w.t, err)
	k := data.Task{SeriesID: w.series.ID, Title: title, AssigneeID: who, State: data.TaskTodo, Due: d, Meta: data.Meta{CreatedAt: created}}
	must(w.t, w.store.CreateTask(context.Background(), &k))
	return k
}

// mails are the accepted messages to one address: subject and body.
func (w *world) mails(to string) [][2]string {
	w.t.Helper()
	var out [][2]string
	for _, m := range w.smtp.Messages() {
		if m.To[0] != to {
			continue
		}
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		must(w.t, err)
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		must(w.t, err)
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		must(w.t, err)
		out = append(out, [2]string{subject, strings.ReplaceAll(string(body), "\r\n", "\n")})
	}
	return out
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var twoWeeksAgo = time.Date(2025, 12, 22, 9, 0, 0, 0, time.UTC)

func TestOneDigestPerPersonPerDayInTheirLanguage(t *testing.T) {
	w := newWorld(t)
	aiko := w.user("相沢", "aiko@example.com", data.Settings{Lang: "ja", TimeZone: "Asia/Tokyo", DigestMail: true, DigestSlack: true, DigestHour: 8})
	ken := w.user("Ken", "ken@example.com", data.Settings{Lang: "en", DigestMail: true, DigestHour: 8})
	mio := w.user("Mio", "mio@example.com", data.Settings{DigestMail: true, DigestHour: 8})
	w.user("Off", "off@example.com", data.Settings{})
	w.task("議事録を送る", aiko.ID, twoWeeksAgo, "2025-12-28")         // overdue for a week
	w.task("昔の宿題", aiko.ID, w.clock.Now(), "2025-12-20")         // overdue from the start
	w.task("見積もりを出す", aiko.ID, twoWeeksAgo, "2026-01-07")        // due in two days
	w.task("来月の準備", aiko.ID, twoWeeksAgo, "2026-01-20")          // not soon
	w.task("Review the LADR", ken.ID, twoWeeksAgo, "2026-01-05") // due today
	w.task("No date", mio.ID, twoWeeksAgo, "")
	done := w.task("Done already", mio.ID, twoWeeksAgo, "2025-12-30")
	done.State = data.TaskDone
	must(t, w.store.UpdateTask(context.Background(), &done))

	if res := w.run(); res.Sent != 3 {
		t.Fatalf("first run: %+v, want 3 sent (2 mails, 1 post)", res)
	}
	a := w.mails("aiko@example.com")
	if len(a) != 1 || a[0][0] != "kaigi: 2026年1月5日(月) のタスク" {
		t.Fatalf("Aiko's mail: %q", a)
	}
	for _, want := range []string{"相沢 さん", "期限切れ（2件）:", "- 議事録を送る（期限 2025年12月28日(日)・週次定例）", "- 昔の宿題（期限 2025年12月20日(土)",
		"まもなく期限（1件）:", "見積もりを出す", "https://kaigi.example/tasks/", "https://kaigi.example/settings"} {
		if !strings.Contains(a[0][1], want) {
			t.Errorf("Aiko's mail lacks %q:\n%s", want, a[0][1])
		}
	}
	if strings.Contains(a[0][1], "来月の準備") {
		t.Errorf("a task due in two weeks is in the digest:\n%s", a[0][1])
	}
	k := w.mails("ken@example.com")
	if len(k) != 1 || k[0][0] != "kaigi: your tasks for Mon 5 Jan 2026" || !strings.Contains(k[0][1], "Due soon (1 task):\n- Review the LADR — due Mon 5 Jan 2026") {
		t.Fatalf("Ken's mail: %q", k)
	}
	if m := w.mails("mio@example.com"); len(m) != 0 {
		t.Fatalf("Mio has nothing due but got %q", m)
	}
	posts := w.slack.got()
	if len(posts) != 1 || !strings.Contains(posts[0], "*相沢 さんの 2026年1月5日(月) のタスク*") || !strings.Contains(posts[0], "|議事録を送る") {
		t.Fatalf("Slack posts %q", posts)
	}

	// The same day again, and after a restart: nothing more.
	if res := w.run(); res != (digest.Result{}) {
		t.Fatalf("second run the same day: %+v", res)
	}
	w.restart()
	w.clock.Advance(3 * time.Hour)
	if res := w.run(); res != (digest.Result{}) {
		t.Fatalf("run after a restart the same day: %+v", res)
	}
	if n := len(w.smtp.Messages()); n != 2 || len(w.slack.got()) != 1 {
		t.Fatalf("%d mails and %d posts after three runs in a day", n, len(w.slack.got()))
	}
}

func TestNoDigestOnceTheTaskIsDone(t *testing.T) {
	w := newWorld(t)
	ken := w.user("Ken", "ken@example.com", data.Settings{DigestMail: true, DigestHour: 8})
	k := w.task("Send the minutes", ken.ID, twoWeeksAgo, "2026-01-02")
	w.run()
	if len(w.mails("ken@example.com")) != 1 {
		t.Fatal("no digest on the first day")
	}
	k.State = data.TaskDone
	must(t, w.store.UpdateTask(context.Background(), &k))
	w.clock.Advance(24 * time.Hour)
	if res := w.run(); res.Sent != 0 {
		t.Fatalf("a digest the day after the task was done: %+v", res)
	}
	if n := len(w.mails("ken@example.com")); n != 1 {
		t.Fatalf("%d mails", n)
	}
}

func TestDigestWaitsForThePersonsHourInTheirZone(t *testing.T) {
	w := newWorld(t)
	// 09:00 UTC is 04:00 in New York: before the person's 07:00.
	p := w.user("Nora", "nora@example.com", data.Settings{TimeZone: "America/New_York", DigestMail: true, DigestHour: 7})
	w.task("Call the vendor", p.ID, twoWeeksAgo, "2026-01-05")
	if res := w.run(); res.Sent != 0 {
		t.Fatalf("sent before the hour: %+v", res)
	}
	w.clock.Advance(3 * time.Hour) // 07:00 in New York
	if res := w.run(); res.Sent != 1 {
		t.Fatalf("not sent at the hour: %+v", res)
	}
	if m := w.mails("nora@example.com"); len(m) != 1 || !strings.Contains(m[0][0], "Mon 5 Jan 2026") {
		t.Fatalf("mail %q", m)
	}
}

func TestAClaimLeftByACrashIsNeverSentAgain(t *testing.T) {
	w := newWorld(t)
	ken := w.user("Ken", "ken@example.com", data.Settings{DigestMail: true, DigestHour: 8})
	w.task("Send the minutes", ken.ID, twoWeeksAgo, "2026-01-02")
	// A process claimed today's digest, maybe sent it, and died.
	ok, err := w.store.ClaimDigest(context.Background(), ken.ID, data.Date{Year: 2026, Month: 1, Day: 5}, data.DigestByMail, 1)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	w.restart()
	if res := w.run(); res.Sent != 0 || len(w.smtp.Messages()) != 0 {
		t.Fatalf("a claimed digest was sent again after the crash: %+v", res)
	}
}

func TestFailedSendsAreRetriedUnknownOnesAreNot(t *testing.T) {
	w := newWorld(t)
	ken := w.user("Ken", "ken@example.com", data.Settings{DigestMail: true, DigestHour: 8})
	w.task("Send the minutes", ken.ID, twoWeeksAgo, "2026-01-02")
	w.smtp.SetFault(smtptest.RefuseRcpt)
	if res := w.run(); res.Failed != 1 {
		t.Fatalf("refused: %+v", res)
	}
	w.smtp.SetFault(smtptest.NoFault)
	if res := w.run(); res.Sent != 1 {
		t.Fatalf("the retry after a refusal: %+v", res)
	}
	w.clock.Advance(24 * time.Hour)
	w.smtp.SetFault(smtptest.DropAfterData)
	if res := w.run(); res.Unknown != 1 {
		t.Fatalf("dropped after the message: %+v", res)
	}
	w.smtp.SetFault(smtptest.NoFault)
	if res := w.run(); res != (digest.Result{}) {
		t.Fatalf("a digest that may have arrived was sent again: %+v", res)
	}
	recs, err := w.store.Digests(context.Background(), ken.ID, 5)
	must(t, err)
	if len(recs) != 2 || recs[0].State != data.DigestUnknown || recs[1].State != data.DigestSent || recs[1].Attempts != 2 {
		t.Fatalf("records %+v", recs)
	}
}
