//go:build loadbench

package server_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The load run. It builds the kaigi binary, serves a ~1k-row and a
// ~114k-row database (data.Seed, cached between runs) with two `kaigi
// serve` processes, and drives them with wrk on loopback:
//
//   - every page and API list route at 1 connection on both databases,
//     runs alternating between them, with the ratio of their medians;
//   - the meeting page at 16 connections against the same bytes served
//     as a static file by Go's file server in this process, in rounds;
//   - each server's CPU time per request and its peak RSS (VmHWM).
//
// Run it with
//
//	go test -tags loadbench -run TestLoad -v -timeout 60m ./server
//
// The meeting page and home are served from the page cache when nothing
// changed; their render path is measured too, on an in-process server
// over the same database with the cache off.
//
// KAIGI_LOAD_SECONDS sets each wrk run's length (default 3; every route
// runs twice on each database),
// KAIGI_LOAD_ROUNDS the rounds of the static comparison (default 3), and
// KAIGI_LOAD_FRESH=1 seeds the databases again instead of using the cache.
func TestLoad(t *testing.T) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Fatalf("wrk is needed for the load run (apt-get install -y wrk): %v", err)
	}
	seconds, rounds := envInt("KAIGI_LOAD_SECONDS", 3), envInt("KAIGI_LOAD_ROUNDS", 3)
	bin := buildKaigi(t)
	var servers []*loadServer
	for _, sz := range loadSizes {
		ls := startSeeded(t, bin, sz.name, sz.size)
		t.Logf("%s: %d rows, serving at %s", sz.name, ls.rows, ls.url)
		servers = append(servers, ls)
	}
	large := servers[1]

	var out strings.Builder
	fmt.Fprintf(&out, "\nwrk runs of %d s (each route twice per database, means shown), loopback, two `kaigi serve` processes; %s\n\n", seconds, machine())
	fmt.Fprintln(&out, "| route | 1k: p50 | 1k: p99 | 1k: req/s | 100k: p50 | 100k: p99 | 100k: req/s | 100k CPU/req | p50 100k / 1k |")
	fmt.Fprintln(&out, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range loadRoutes {
		// Each database twice, in the order 1k, 100k, 100k, 1k, so that a
		// change in the machine's other load falls on both alike.
		var p50, p99 [2]time.Duration
		var rps [2]float64
		var cpu time.Duration
		var requests int
		for _, i := range []int{0, 1, 1, 0} {
			ls := servers[i]
			base := ls.url
			if r.direct {
				base = ls.direct
			}
			path := strings.ReplaceAll(r.path, "{meeting}", ls.meeting)
			path = strings.ReplaceAll(path, "{series}", ls.series)
			before := ls.cpuTime(t)
			res := runWrk(t, wrk, base+path, ls.token, 1, seconds)
			if i == 1 && !r.direct {
				cpu += ls.cpuTime(t) - before
				requests += res.requests
			}
			checkErrors(t, ls.name+" "+r.name, res)
			p50[i] += res.p50 / 2
			p99[i] += res.p99 / 2
			rps[i] += res.rps / 2
		}
		cpuPerReq := "—"
		if requests > 0 {
			cpuPerReq = ms(cpu / time.Duration(requests))
		}
		fmt.Fprintf(&out, "| %s | %s | %s | %.0f | %s | %s | %.0f | %s | **%.2f** |\n", r.name, ms(p50[0]), ms(p99[0]), rps[0],
			ms(p50[1]), ms(p99[1]), rps[1], cpuPerReq, float64(p50[1])/float64(p50[0]))
	}

	static := serveStaticCopy(t, large)
	fmt.Fprintln(&out, "\n| round | meeting page (100k) p99 | p50 | req/s | static copy p99 | p50 | req/s | p99 ratio | no page cache (in-process) p99 | p50 | req/s | its p99 ratio |")
	fmt.Fprintln(&out, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	for round := 1; round <= rounds; round++ {
		page := runWrk(t, wrk, large.url+"/meetings/"+large.meeting, large.token, 16, seconds)
		checkErrors(t, "meeting page at 16", page)
		file := runWrk(t, wrk, static+"/meeting.html", large.token, 16, seconds)
		checkErrors(t, "static copy at 16", file)
		direct := runWrk(t, wrk, large.direct+"/meetings/"+large.meeting, large.token, 16, seconds)
		checkErrors(t, "meeting page without the page cache at 16", direct)
		fmt.Fprintf(&out, "| %d | %s | %s | %.0f | %s | %s | %.0f | **%.2f** | %s | %s | %.0f | %.2f |\n", round, ms(page.p99), ms(page.p50), page.rps,
			ms(file.p99), ms(file.p50), file.rps, float64(page.p99)/float64(file.p99),
			ms(direct.p99), ms(direct.p50), direct.rps, float64(direct.p99)/float64(file.p99))
	}
	fmt.Fprintln(&out, "\n| server | peak RSS (VmHWM) |\n|---|---|")
	for _, ls := range servers {
		fmt.Fprintf(&out, "| %s | %.1f MB |\n", ls.name, float64(ls.peakRSS(t))/(1<<20))
	}
	t.Log(out.String())
	if path := os.Getenv("KAIGI_LOAD_OUT"); path != "" {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// loadRoutes are the pages and API lists, measured on both databases.
var loadRoutes = []struct {
	name, path string
	direct     bool // in this process, without the page cache
}{
	{"meeting page", "/meetings/{meeting}", false},
	{"meeting page, no page cache (in-process server)", "/meetings/{meeting}", true},
	{"home", "/", false},
	{"home, no page cache (in-process server)", "/", true},
	{"/tasks (all states)", "/tasks?state=all", false},
	{"/tasks (open)", "/tasks", false},
	{"/decisions", "/decisions", false},
	{"/ladrs", "/ladrs", false},
	{"/series", "/series", false},
	{"series page", "/series/{series}", false},
	{"search, Japanese (ログ基盤)", "/search?q=" + url.QueryEscape("ログ基盤"), false},
	{"search, English (deployment pipeline)", "/search?q=" + url.QueryEscape("deployment pipeline"), false},
	{"/api/v1/tasks?limit=100", "/api/v1/tasks?limit=100", false},
	{"/api/v1/tasks?limit=100&offset=50000", "/api/v1/tasks?limit=100&offset=50000", false},
	{"/api/v1/agendas?limit=100", "/api/v1/agendas?limit=100", false},
	{"/api/v1/decisions?limit=100", "/api/v1/decisions?limit=100", false},
	{"/api/v1/meetings?limit=100", "/api/v1/meetings?limit=100", false},
	{"/api/v1/series", "/api/v1/series", false},
	{"/api/v1/ladrs", "/api/v1/ladrs", false},
	{"/api/v1/search (English)", "/api/v1/search?q=" + url.QueryEscape("deployment pipeline"), false},
}

// serveStaticCopy saves the meeting page as served and serves the same
// bytes with http.FileServer in this process, for the floor to compare.
func serveStaticCopy(t *testing.T, ls *loadServer) string {
	req, _ := http.NewRequest(http.MethodGet, ls.url+"/meetings/"+ls.meeting, nil)
	req.Header.Set("Authorization", "Bearer "+ls.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("meeting page: %d %v", resp.StatusCode, err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "meeting.html"), body, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("meeting page: %d bytes", len(body))
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// checkErrors fails the run on an answer that was not 2xx or a broken
// connection. A wrk timeout (no answer within 2 s) is reported, not
// failed: on a machine shared with other work it measures the machine.
func checkErrors(t *testing.T, what string, r wrkResult) {
	if r.errors+r.non2xx > 0 {
		t.Errorf("%s: %d errors, %d not 2xx (%s)", what, r.errors, r.non2xx, r.socketErrLine)
	}
	if r.timeouts > 0 {
		t.Logf("%s: %d requests timed out (machine busy?)", what, r.timeouts)
	}
}

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil && n > 0 {
		return n
	}
	return def
}

// machine describes where the run happened.
func machine() string {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	load, _ := os.ReadFile("/proc/loadavg")
	return fmt.Sprintf("%s, load average before the run %s", model, strings.Join(strings.Fields(string(load))[:3], " "))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
