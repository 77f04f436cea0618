package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/server"
)

// The replication drill: a real `kaigi serve` takes writes through the API
// while it replicates, is SIGKILLed, and the database is restored from the
// replica into a new folder (newest state, and a point in time), then served.

// drillInterval is KAIGI_REPLICA_INTERVAL in the drill. At the default
// (1 s) a write reaches the replica 0.9-1.2 s after its commit at the median
// on this shared 2-core machine, but under the drill's full-speed load a
// write acknowledged 2.6 s before the kill was once (1 of 20 S3 runs) not
// yet there: what two
// intervals must cover is the interval plus an upload's time, and the
// upload's time does not shrink with the interval. 2 s keeps the bound the
// drill checks ("acknowledged two intervals before the kill") above what
// CPU starvation adds; docs/benchmarks.md has the lag at the default.
const drillInterval = 2 * time.Second

func TestReplicationDrillFileReplica(t *testing.T) {
	if testing.Short() {
		t.Skip("the drill runs a real server for about 15 s")
	}
	bin := buildKaigi(t)
	drill(t, bin, "file://"+filepath.Join(t.TempDir(), "replica"), nil)
}

func TestReplicationDrillS3Replica(t *testing.T) {
	if testing.Short() {
		t.Skip("the drill runs a real server for about 15 s")
	}
	gw, err := exec.LookPath("versitygw")
	if err != nil {
		t.Skip("versitygw is not on PATH: install it with `go install github.com/versity/versitygw/cmd/versitygw@v1.8.0` (.ci/run does) to run the S3 drill")
	}
	bin := buildKaigi(t)
	endpoint := startVersityGW(t, gw, "AKDRILL0001", "drill-secret-key-0001", "team")
	// AWS_CA_BUNDLE set in the environment made Litestream's S3 client fail
	// at start; kaigi must replicate and restore with it set.
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(bundle, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	drill(t, bin, "s3://team/kaigi?endpoint="+endpoint+"&region=us-east-1&forcePathStyle=true",
		[]string{"AWS_ACCESS_KEY_ID=AKDRILL0001", "AWS_SECRET_ACCESS_KEY=drill-secret-key-0001", "AWS_CA_BUNDLE=" + bundle})
}

func drill(t *testing.T, bin, replicaURL string, extraEnv []string) {
	env := append(append(os.Environ(), "KAIGI_LOG_LEVEL=warn", "KAIGI_REPLICA_INTERVAL="+drillInterval.String()), extraEnv...)
	db := filepath.Join(t.TempDir(), "old", "kaigi.db")
	token, series := prepareDrillDB(t, db)
	srv := startKaigi(t, bin, db, append(env, "KAIGI_REPLICA="+replicaURL))
	waitReplicated(t, srv.url)

	writes, pit := writeUnderLoad(t, srv.url, token, series, 6*time.Second)
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	srv.cmd.Wait()

	// The newest state: every write acknowledged more than two intervals
	// before the kill is there.
	latest := filepath.Join(t.TempDir(), "new", "kaigi.db")
	restoreFrom(t, bin, env, replicaURL, latest, "")
	have := servedTasks(t, bin, env, latest, token)
	var lostRecent int
	for _, w := range writes {
		switch {
		case have[w.id]:
		case w.acked.Before(killed.Add(-2 * drillInterval)):
			t.Errorf("task %s acknowledged %v before the kill is not in the restored database", w.id, killed.Sub(w.acked).Round(time.Millisecond))
		default:
			lostRecent++
		}
	}
	t.Logf("%d writes acknowledged; restored %d tasks; %d written in the last %v before the kill were not yet on the replica",
		len(writes), len(have), lostRecent, 2*drillInterval)

	// A point in time: writes acknowledged an interval before it are
	// there, writes sent after it are not.
	past := filepath.Join(t.TempDir(), "past", "kaigi.db")
	restoreFrom(t, bin, env, replicaURL, past, pit.Format(time.RFC3339Nano))
	had := servedTasks(t, bin, env, past, token)
	var before, after int
	for _, w := range writes {
		switch {
		case w.acked.Before(pit.Add(-drillInterval)):
			before++
			if !had[w.id] {
				t.Errorf("task %s acknowledged %v before the restore point is missing", w.id, pit.Sub(w.acked).Round(time.Millisecond))
			}
		case w.sent.After(pit):
			after++
			if had[w.id] {
				t.Errorf("task %s sent %v after the restore point is in the restored state", w.id, w.sent.Sub(pit).Round(time.Millisecond))
			}
		}
	}
	if before == 0 || after == 0 {
		t.Fatalf("the restore point %v does not split the load (%d writes before, %d after)", pit, before, after)
	}
}

// prepareDrillDB makes a database with a user, an API token and a series.
func prepareDrillDB(t *testing.T, path string) (token string, series data.SeriesID) {
	t.Helper()
	ctx := context.Background()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	st, err := data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hash, err := server.HashPasswordAt("a long drill password", 4)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUser(ctx, &data.Person{Name: "Drill", Email: "drill@example.com"}, hash); err != nil {
		t.Fatal(err)
	}
	token, tokenHash := server.NewSecret()
	if _, err := st.CreateAPIToken(ctx, "drill@example.com", "drill", tokenHash); err != nil {
		t.Fatal(err)
	}
	sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := st.CreateSeries(ctx, &sr); err != nil {
		t.Fatal(err)
	}
	return token, sr.ID
}

type kaigiProc struct {
	cmd *exec.Cmd
	url string
}

// startKaigi runs `kaigi serve` on db and waits for its address; the
// process is stopped at the end of the test if still running.
func startKaigi(t *testing.T, bin, db string, env []string) *kaigiProc {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--open-ahead", "0", "--sync-schedule", "off")
	cmd.Env = env
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	running := regexp.MustCompile(`running at (http://\S+)`)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := running.FindStringSubmatch(sc.Text()); m != nil {
			go func() {
				for sc.Scan() {
				}
			}()
			return &kaigiProc{cmd: cmd, url: m[1]}
		}
	}
	t.Fatalf("kaigi serve ended without saying where it runs")
	return nil
}

// waitReplicated waits until /healthz says the replica took a first copy.
func waitReplicated(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var h struct {
			Replication *struct {
				LastSuccess *string `json:"last_success"`
				Error       string  `json:"error"`
			} `json:"replication"`
		}
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&h)
			resp.Body.Close()
		}
		if h.Replication != nil && h.Replication.LastSuccess != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica took no first copy in 30 s: %+v", h.Replication)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// drillWrite is one task created through the API.
type drillWrite struct {
	id          string
	sent, acked time.Time
}

// writeUnderLoad creates tasks from four clients for about d (each client
// at most 5000), and returns them with a moment halfway through.
func writeUnderLoad(t *testing.T, url, token string, series data.SeriesID, d time.Duration) ([]drillWrite, time.Time) {
	t.Helper()
	start := time.Now()
	var mu sync.Mutex
	var writes []drillWrite
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for c := range 4 {
		wg.Go(func() {
			client := &http.Client{Timeout: 10 * time.Second}
			for i := 0; i < 5000 && time.Since(start) < d; i++ {
				body := fmt.Sprintf(`{"series_id":%q,"title":"drill %d-%d"}`, series, c, i)
				req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/tasks", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				sent := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				var rec struct{ ID string }
				json.NewDecoder(resp.Body).Decode(&rec)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated || rec.ID == "" {
					errs <- fmt.Errorf("POST /api/v1/tasks: %d", resp.StatusCode)
					return
				}
				mu.Lock()
				writes = append(writes, drillWrite{id: rec.ID, sent: sent, acked: time.Now()})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return writes, start.Add(d / 2)
}

// restoreFrom runs `kaigi restore --from-replica` into a new folder.
func restoreFrom(t *testing.T, bin string, env []string, replicaURL, db, at string) {
	t.Helper()
	args := []string{"restore", "--from-replica", replicaURL, "--db", db}
	if at != "" {
		args = append(args, "--at", at)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("kaigi %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if v, err := data.IntegrityCheck(context.Background(), db); err != nil || v != "ok" {
		t.Fatalf("integrity_check of the restored %s: %q %v", db, v, err)
	}
}

// servedTasks starts a server on db and lists its tasks' IDs through the API.
func servedTasks(t *testing.T, bin string, env []string, db, token string) map[string]bool {
	t.Helper()
	srv := startKaigi(t, bin, db, env)
	defer func() {
		srv.cmd.Process.Signal(os.Interrupt)
		srv.cmd.Wait()
	}()
	ids := map[string]bool{}
	cursor := ""
	for {
		req, _ := http.NewRequest(http.MethodGet, srv.url+"/api/v1/tasks?limit=100&cursor="+cursor, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Items      []struct{ ID string }
			NextCursor *string `json:"next_cursor"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("list tasks of the restored server: %d %v", resp.StatusCode, err)
		}
		for _, it := range page.Items {
			ids[it.ID] = true
		}
		if page.NextCursor == nil {
			return ids
		}
		cursor = *page.NextCursor
	}
}

// startVersityGW runs an S3 server with its posix backend on a free
// local port, with one bucket; it returns the endpoint URL.
func startVersityGW(t *testing.T, gw, access, secret, bucket string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, bucket), 0o750); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(gw, "--access", access, "--secret", secret, "--port", addr, "--quiet", "posix", root)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not listen on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
