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
	ctx := context.Background()
	meetingP50 := map[string]map[int]time.Duration{}
	var table strings.Builder
	fmt.Fprintln(&table, "| database | page | connections | requests/s | p50 | p99 | requests | errors |")
	fmt.Fprintln(&table, "|---|---|---|---|---|---|---|---|")
	for _, sz := range loadSizes {
		st, err := data.Open(ctx, filepath.Join(t.TempDir(), sz.name+".db"), data.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		began := time.Now()
		if err := data.Seed(ctx, st, sz.size); err != nil {
			t.Fatal(err)
		}
		var rows int
		if err := st.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM agendas) + (SELECT count(*) FROM tasks) +
			(SELECT count(*) FROM decisions) + (SELECT count(*) FROM meetings)`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: seeded %d rows in %v", sz.name, rows, time.Since(began).Round(time.Second))
		hash, _ := server.HashPassword(testPassword)
		must(t, st.CreateUser(ctx, &data.Person{Name: "Load", Email: "load@example.com"}, hash))
		token, tokenHash := server.NewSecret()
		if _, err := st.CreateAPIToken(ctx, "load@example.com", "load", tokenHash); err != nil {
			t.Fatal(err)
		}
		// The same meeting in both databases, so that only their size differs.
		meeting := benchMeeting(t, st)
		app, err := server.New(server.Deps{Store: st})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(app) // loopback only
		meetingP50[sz.name] = map[int]time.Duration{}
		pages := []struct{ name, path string }{
			{"meeting", "/meetings/" + string(meeting)},
			{"search", "/search?q=" + url.QueryEscape("ログ基盤")},
		}
		for _, p := range pages {
			for _, conns := range []int{1, 16, 64} {
				r := runWrk(t, wrk, srv.URL+p.path, token, conns, seconds)
				if p.name == "meeting" {
					meetingP50[sz.name][conns] = r.p50
				}
				fmt.Fprintf(&table, "| %s (%d rows) | %s | %d | %.0f | %s | %s | %d | %d |\n", sz.name, rows, p.name, conns, r.rps,
					ms(r.p50), ms(r.p99), r.requests, r.errors+r.non2xx)
				if r.errors+r.non2xx > 0 {
					t.Errorf("%s %s at %d connections: %d errors (%s)", sz.name, p.name, conns, r.errors+r.non2xx, r.socketErrLine)
				}
			}
		}
		srv.Close()
	}
	fmt.Fprintln(&table, "\n| connections | meeting page p50, large / tiny |\n|---|---|")
	for _, conns := range []int{1, 16, 64} {
		fmt.Fprintf(&table, "| %d | %.2f |\n", conns, float64(meetingP50["large"][conns])/float64(meetingP50["tiny"][conns]))
	}
	t.Log("\n" + table.String())
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
