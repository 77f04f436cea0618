//go:build loadbench

package server_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http/httptest"
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

// loadServer is one `kaigi serve` process over its own database.
type loadServer struct {
	name, url, token, meeting, series string
	direct                            string // in-process, no page cache
	rows                              int
	cmd                               *exec.Cmd
}

func buildKaigi(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "kaigi")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/kaigi").CombinedOutput(); err != nil {
		t.Fatalf("build kaigi: %v\n%s", err, out)
	}
	return bin
}

// startSeeded copies the cached generated database of this size (making
// it first if needed), adds the benchmark meeting and an API token, and
// starts `kaigi serve` on it.
func startSeeded(t *testing.T, bin, name string, size data.SeedSize) *loadServer {
	ctx := context.Background()
	work := filepath.Join(t.TempDir(), "kaigi.db")
	if err := data.Restore(ctx, seededCopy(t, size), work, true); err != nil {
		t.Fatal(err)
	}
	st, err := data.Open(ctx, work, data.Options{Now: seedClock})
	if err != nil {
		t.Fatal(err)
	}
	ls := &loadServer{name: name}
	for _, e := range []data.Entity{data.EntityAgenda, data.EntityTask, data.EntityDecision, data.EntityMeeting} {
		for _, trashed := range []bool{false, true} {
			ids, err := st.RecordIDs(ctx, e, trashed)
			if err != nil {
				t.Fatal(err)
			}
			ls.rows += len(ids)
		}
	}
	hash, _ := server.HashPassword(testPassword)
	must(t, st.CreateUser(ctx, &data.Person{Name: "Load", Email: "load@example.com"}, hash))
	token, tokenHash := server.NewSecret()
	if _, err := st.CreateAPIToken(ctx, "load@example.com", "load", tokenHash); err != nil {
		t.Fatal(err)
	}
	ls.token = token
	// The same meeting in both databases, so that only their size differs.
	ls.meeting = string(benchMeeting(t, st))
	m, err := st.Meeting(ctx, data.MeetingID(ls.meeting))
	if err != nil {
		t.Fatal(err)
	}
	ls.series = string(m.SeriesID)
	st.Close()
	ls.direct = serveDirect(t, work)

	ls.cmd = exec.Command(bin, "serve", "--db", work, "--addr", "127.0.0.1:0", "--open-ahead", "0", "--sync-schedule", "off")
	ls.cmd.Env = append(os.Environ(), "KAIGI_LOG_LEVEL=warn")
	stdout, err := ls.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	ls.cmd.Stderr = os.Stderr
	if err := ls.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ls.cmd.Process.Signal(os.Interrupt)
		ls.cmd.Wait()
	})
	running := regexp.MustCompile(`running at (http://\S+)`)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := running.FindStringSubmatch(sc.Text()); m != nil {
			ls.url = m[1]
			break
		}
	}
	if ls.url == "" {
		t.Fatalf("kaigi serve did not say where it runs")
	}
	go func() {
		for sc.Scan() {
		}
	}()
	return ls
}

// serveDirect serves the database from this process with the page cache
// off, to measure the render path.
func serveDirect(t *testing.T, path string) string {
	st, err := data.Open(context.Background(), path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	app, err := server.New(server.Deps{Store: st, NoPageCache: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return srv.URL
}

// cpuTime is the process's user + system CPU time so far.
func (ls *loadServer) cpuTime(t *testing.T) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", ls.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command name, which is in parentheses: utime and
	// stime are the 14th and 15th fields of the line, in clock ticks.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

// peakRSS is the process's peak resident set size in bytes.
func (ls *loadServer) peakRSS(t *testing.T) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", ls.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM")
	return 0
}

type wrkResult struct {
	rps           float64
	p50, p99      time.Duration
	requests      int
	errors        int // connect, read and write errors
	timeouts      int // requests wrk gave up on after 2 s
	non2xx        int
	socketErrLine string
}

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
		for _, n := range m[1:4] {
			v, _ := strconv.Atoi(n)
			r.errors += v
		}
		r.timeouts, _ = strconv.Atoi(m[4])
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
