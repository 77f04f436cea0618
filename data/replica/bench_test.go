package replica

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// BenchmarkReplicationLag writes tasks one after another as fast as the
// store takes them while the database replicates at the default interval,
// and reports how long after its commit each write was on the replica
// (p50, p99, max), sampled every 5 ms.
func BenchmarkReplicationLag(b *testing.B) {
	for _, tc := range benchTargets(b) {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			path := filepath.Join(b.TempDir(), "kaigi.db")
			st, err := data.Open(ctx, path, data.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			sr := data.Series{Name: "Weekly", Schedule: "0 10 * * MON", TimeZone: "UTC"}
			if err := st.CreateSeries(ctx, &sr); err != nil {
				b.Fatal(err)
			}
			t := tc.target(b)
			rep, err := Start(ctx, path, t, Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer rep.Stop(ctx)
			s := startSampler(rep)
			var commits []time.Time
			i := 0
			for b.Loop() {
				i++
				if err := st.CreateTask(ctx, &data.Task{SeriesID: sr.ID, Title: fmt.Sprint("load ", i)}); err != nil {
					b.Fatal(err)
				}
				commits = append(commits, time.Now())
			}
			time.Sleep(5 * DefaultInterval) // let the last writes arrive
			samples := s.stop()
			lags := lagsOf(commits, samples)
			if len(lags) < len(commits) {
				b.Fatalf("%d of %d writes never reached the replica", len(commits)-len(lags), len(commits))
			}
			slices.Sort(lags)
			b.ReportMetric(ms(lags[len(lags)/2]), "p50-lag-ms")
			b.ReportMetric(ms(lags[len(lags)*99/100]), "p99-lag-ms")
			b.ReportMetric(ms(lags[len(lags)-1]), "max-lag-ms")
		})
	}
}

// BenchmarkRestore100k restores the generated 100k-row database (data's
// benchmark history) from a replica into a new folder, as
// `kaigi restore --from-replica` does on a new machine.
func BenchmarkRestore100k(b *testing.B) {
	ctx := context.Background()
	src := filepath.Join(b.TempDir(), "kaigi.db")
	seedNow := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	st, err := data.Open(ctx, src, data.Options{Now: func() time.Time { return seedNow }})
	if err != nil {
		b.Fatal(err)
	}
	size := data.SeedSize{Series: 20, Weeks: 260, AgendasPerMeeting: 8, TasksPerMeeting: 11, DecisionsPerMeeting: 2, Seed: 1}
	if err := data.Seed(ctx, st, size); err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for _, tc := range benchTargets(b) {
		b.Run(tc.name, func(b *testing.B) {
			t := tc.target(b)
			rep, err := Start(ctx, src, t, Options{})
			if err != nil {
				b.Fatal(err)
			}
			for rep.Status().LastSuccess.IsZero() {
				time.Sleep(10 * time.Millisecond)
			}
			if err := rep.Stop(ctx); err != nil {
				b.Fatal(err)
			}
			n := 0
			for b.Loop() {
				n++
				dst := filepath.Join(b.TempDir(), fmt.Sprint(n), "kaigi.db")
				if _, err := Restore(ctx, t, dst, time.Time{}, false, nil); err != nil {
					b.Fatal(err)
				}
			}
			// The share of data.Restore (integrity check, copy, rename) in
			// the above, from a plain file of the same database.
			plain := filepath.Join(b.TempDir(), "plain.db")
			if err := st.Backup(ctx, plain); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if err := data.Restore(ctx, plain, filepath.Join(b.TempDir(), "checked.db"), false); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(time.Since(start).Seconds(), "data.Restore-s")
			info, err := os.Stat(plain)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(info.Size())/(1<<20), "db-MiB")
		})
	}
}

type benchTarget struct {
	name   string
	target func(b *testing.B) Target
}

// benchTargets are a file replica and, when versitygw is on PATH, an S3
// replica on it.
func benchTargets(b *testing.B) []benchTarget {
	ts := []benchTarget{{"file", func(b *testing.B) Target {
		t, err := ParseTarget("file://"+filepath.Join(b.TempDir(), "replica"), SFTP{})
		if err != nil {
			b.Fatal(err)
		}
		return t
	}}}
	gw, err := exec.LookPath("versitygw")
	if err != nil {
		b.Log("versitygw is not on PATH: S3 figures skipped")
		return ts
	}
	return append(ts, benchTarget{"s3-versitygw", func(b *testing.B) Target {
		root := b.TempDir()
		if err := os.Mkdir(filepath.Join(root, "team"), 0o750); err != nil {
			b.Fatal(err)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		cmd := exec.Command(gw, "--access", "AKBENCH", "--secret", "bench-secret", "--port", addr, "--quiet", "posix", root)
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		for {
			c, err := net.Dial("tcp", addr)
			if err == nil {
				c.Close()
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		b.Setenv("AWS_ACCESS_KEY_ID", "AKBENCH")
		b.Setenv("AWS_SECRET_ACCESS_KEY", "bench-secret")
		t, err := ParseTarget("s3://team/kaigi?endpoint=http://"+addr+"&region=us-east-1", SFTP{})
		if err != nil {
			b.Fatal(err)
		}
		return t
	}})
}

// sample is what the local database and the replica held at one moment.
type sample struct {
	at             time.Time
	local, replica uint64 // Litestream transaction IDs
}

type sampler struct {
	stopc chan struct{}
	wg    sync.WaitGroup
	out   []sample
}

func startSampler(r *Replicator) *sampler {
	s := &sampler{stopc: make(chan struct{})}
	s.wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-s.stopc:
				return
			case <-tick.C:
				lp, _ := r.lsDB.Pos()
				s.out = append(s.out, sample{at: time.Now(), local: uint64(lp.TXID), replica: uint64(r.lsDB.Replica.Pos().TXID)})
			}
		}
	})
	return s
}

func (s *sampler) stop() []sample {
	close(s.stopc)
	s.wg.Wait()
	return s.out
}

// lagsOf finds, for each commit, the first Litestream transaction seen
// locally after it (which holds it) and the first moment the replica had
// that transaction.
func lagsOf(commits []time.Time, samples []sample) []time.Duration {
	var lags []time.Duration
	for _, c := range commits {
		var want uint64
		for _, s := range samples {
			if s.at.Before(c) {
				want = s.local + 1
				continue
			}
			if want != 0 && s.local < want {
				continue
			}
			if s.replica >= want {
				lags = append(lags, s.at.Sub(c))
				break
			}
		}
	}
	return lags
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
