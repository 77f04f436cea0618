//go:build loadbench

package server_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// The load run: seed a tiny and a large database, serve each on loopback,
// and drive the meeting page and search with wrk at 1, 16 and 64
// connections. Run it with
//
//	go test -tags loadbench -run TestLoad -v -timeout 60m ./server
//
// KAIGI_LOAD_SECONDS sets each run's length (default 10).

var loadSizes = []struct {
	name string
	size data.SeedSize
}{
	{"tiny", data.SeedSize{Series: 1, Weeks: 2, AgendasPerMeeting: 8, TasksPerMeeting: 11, DecisionsPerMeeting: 2, Seed: 1}},
	{"large", data.SeedSize{Series: 20, Weeks: 260, AgendasPerMeeting: 8, TasksPerMeeting: 11, DecisionsPerMeeting: 2, Seed: 1}},
}

type wrkResult struct {
	rps           float64
	p50, p99      time.Duration
	requests      int
	errors        int
	non2xx        int
	socketErrLine string
}

func TestLoad(t *testing.T) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Fatalf("wrk is needed for the load run (apt-get install -y wrk): %v", err)
	}
	seconds := 10
	if s := os.Getenv("KAIGI_LOAD_SECONDS"); s != "" {
		seconds, _ = strconv.Atoi(s)
	}
	// Both databases are served at once and their runs alternate, so that
	// whatever else the machine is doing falls on both alike.
	type target struct {
		name, token, meeting string
		rows                 int
		srv                  *httptest.Server
	}
	var targets []target
	for _, sz := range loadSizes {
		tg := target{name: sz.name}
		tg.srv, tg.token, tg.meeting, tg.rows = serveSeeded(t, sz.size)
		t.Logf("%s: %d rows", sz.name, tg.rows)
		targets = append(targets, tg)
	}
	var table strings.Builder
	fmt.Fprintln(&table, "| database | page | connections | requests/s | p50 | p99 | requests | errors |")
	fmt.Fprintln(&table, "|---|---|---|---|---|---|---|---|")
	meetingP50 := map[string]map[int]time.Duration{}
	for _, page := range []string{"meeting", "search"} {
		for _, conns := range []int{1, 16, 64} {
			for _, tg := range targets {
				path := "/search?q=" + url.QueryEscape("ログ基盤")
				if page == "meeting" {
					path = "/meetings/" + tg.meeting
				}
				r := runWrk(t, wrk, tg.srv.URL+path, tg.token, conns, seconds)
				if page == "meeting" {
					if meetingP50[tg.name] == nil {
						meetingP50[tg.name] = map[int]time.Duration{}
					}
					meetingP50[tg.name][conns] = r.p50
				}
				fmt.Fprintf(&table, "| %s (%d rows) | %s | %d | %.0f | %s | %s | %d | %d |\n", tg.name, tg.rows, page, conns, r.rps,
					ms(r.p50), ms(r.p99), r.requests, r.errors+r.non2xx)
				if r.errors+r.non2xx > 0 {
					t.Errorf("%s %s at %d connections: %d errors (%s)", tg.name, page, conns, r.errors+r.non2xx, r.socketErrLine)
				}
			}
		}
	}
	fmt.Fprintln(&table, "\n| connections | meeting page p50, large / tiny |\n|---|---|")
	for _, conns := range []int{1, 16, 64} {
		fmt.Fprintf(&table, "| %d | %.2f |\n", conns, float64(meetingP50["large"][conns])/float64(meetingP50["tiny"][conns]))
	}
	t.Log("\n" + table.String())
}

// serveSeeded seeds a database of the given size, adds the benchmark
// meeting and an API token, and serves the app on loopback.
func serveSeeded(t *testing.T, size data.SeedSize) (srv *httptest.Server, token, meeting string, rows int) {
	ctx := context.Background()
	st, err := data.Open(ctx, filepath.Join(t.TempDir(), "kaigi.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := data.Seed(ctx, st, size); err != nil {
		t.Fatal(err)
	}
	for _, e := range []data.Entity{data.EntityAgenda, data.EntityTask, data.EntityDecision, data.EntityMeeting} {
		for _, trashed := range []bool{false, true} {
			ids, err := st.RecordIDs(ctx, e, trashed)
			if err != nil {
				t.Fatal(err)
			}
			rows += len(ids)
		}
	}
	hash, _ := server.HashPassword(testPassword)
	must(t, st.CreateUser(ctx, &data.Person{Name: "Load", Email: "load@example.com"}, hash))
	token, tokenHash := server.NewSecret()
	if _, err := st.CreateAPIToken(ctx, "load@example.com", "load", tokenHash); err != nil {
		t.Fatal(err)
	}
	// The same meeting in both databases, so that only their size differs.
	meeting = string(benchMeeting(t, st))
	app, err := server.New(server.Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv = httptest.NewServer(app) // loopback only
	t.Cleanup(srv.Close)
	return srv, token, meeting, rows
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

var (
	wrkLatency  = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$`)
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocket   = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

func runWrk(t *testing.T, wrk, target, token string, conns, seconds int) wrkResult {
	t.Helper()
	threads := min(conns, 2) // the machine has two cores
	out, err := exec.Command(wrk, "--latency", "-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns), "-d", strconv.Itoa(seconds)+"s",
		"-H", "Authorization: Bearer "+token, target).CombinedOutput()
	if err != nil {
		t.Fatalf("wrk: %v\n%s", err, out)
	}
	s := string(out)
	var r wrkResult
	if m := wrkRPS.FindStringSubmatch(s); m != nil {
		r.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	if m := wrkRequests.FindStringSubmatch(s); m != nil {
		r.requests, _ = strconv.Atoi(m[1])
	}
	if m := wrkNon2xx.FindStringSubmatch(s); m != nil {
		r.non2xx, _ = strconv.Atoi(m[1])
	}
	if m := wrkSocket.FindStringSubmatch(s); m != nil {
		r.socketErrLine = m[0]
		for _, n := range m[1:] {
			v, _ := strconv.Atoi(n)
			r.errors += v
		}
	}
	for _, m := range wrkLatency.FindAllStringSubmatch(s, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[m[3]]
		d := time.Duration(v * float64(unit))
		if m[1] == "50" {
			r.p50 = d
		} else {
			r.p99 = d
		}
	}
	if r.requests == 0 || r.p50 == 0 {
		t.Fatalf("could not read wrk's output:\n%s", s)
	}
	return r
}
