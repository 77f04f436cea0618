package replica_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/data/replica"
	"github.com/kaigi-dev/kaigi/internal/testdb"
)

func TestParseTargetRefusesWhatItCannotReplicateTo(t *testing.T) {
	for _, raw := range []string{"", "/var/backups/kaigi", "file://relative/folder", "ftp://host/x", "s3:///nobucket"} {
		_, err := replica.ParseTarget(raw, replica.SFTP{})
		var e *data.Error
		if !errors.As(err, &e) || e.Code != data.EINVALID {
			t.Errorf("ParseTarget(%q) = %v, want an EINVALID error", raw, err)
		}
	}
	for _, raw := range []string{"file:///var/backups/kaigi", "s3://bucket/kaigi?endpoint=http://127.0.0.1:9000&region=x", "sftp://me@host:2222/backups"} {
		if _, err := replica.ParseTarget(raw, replica.SFTP{}); err != nil {
			t.Errorf("ParseTarget(%q): %v", raw, err)
		}
	}
}

func TestTargetNeverShowsAPassword(t *testing.T) {
	tg, err := replica.ParseTarget("sftp://me:s3cret-pass@host/backups", replica.SFTP{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(tg.String(), "s3cret-pass") || !strings.Contains(tg.String(), "me:") {
		t.Errorf("String() = %q, want the user without the password", tg.String())
	}
	_, err = replica.ParseTarget("gopher://me:s3cret-pass@host/x", replica.SFTP{})
	if err == nil || strings.Contains(err.Error(), "s3cret-pass") {
		t.Errorf("error %v shows the password", err)
	}
}

// A file replica receives a write within a few intervals, reports it in
// its status, and restores it (newest and at a past time) into a new file.
func TestFileReplicaShipsWritesAndRestoresThem(t *testing.T) {
	ctx := context.Background()
	path := testdb.Path(t)
	st, err := data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tg, err := replica.ParseTarget("file://"+filepath.Join(t.TempDir(), "replica"), replica.SFTP{})
	if err != nil {
		t.Fatal(err)
	}
	const interval = 100 * time.Millisecond
	rep, err := replica.Start(ctx, path, tg, replica.Options{Interval: interval})
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Stop(ctx)

	first := data.Series{Name: "before", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := st.CreateSeries(ctx, &first); err != nil {
		t.Fatal(err)
	}
	waitShipped(t, tg, "before")
	between := time.Now()
	time.Sleep(3 * interval)
	second := data.Series{Name: "after", Schedule: "0 10 * * MON", TimeZone: "UTC"}
	if err := st.CreateSeries(ctx, &second); err != nil {
		t.Fatal(err)
	}
	waitShipped(t, tg, "after,before")
	if s := rep.Status(); s.LastSuccess.IsZero() || s.LastError != "" || s.Target != tg.String() {
		t.Errorf("status after shipped writes = %+v", s)
	}

	past := filepath.Join(t.TempDir(), "past", "kaigi.db")
	if _, err := replica.Restore(ctx, tg, past, between, false, nil); err != nil {
		t.Fatal(err)
	}
	if got := seriesNames(t, past); got != "before" {
		t.Errorf("restore at %v holds series %q, want before", between, got)
	}
	future := filepath.Join(t.TempDir(), "future", "kaigi.db")
	if _, err := replica.Restore(ctx, tg, future, time.Now().Add(time.Hour), false, nil); err != nil {
		t.Fatal(err)
	}
	if got := seriesNames(t, future); got != "after,before" {
		t.Errorf("restore at a time after the newest state holds series %q, want after,before", got)
	}
	if _, err := replica.Restore(ctx, tg, path, time.Time{}, false, nil); err == nil {
		t.Errorf("restore over the open database succeeded")
	}
	if _, err := replica.Restore(ctx, tg, past, time.Now().Add(-time.Hour), false, nil); err == nil || !strings.Contains(err.Error(), "nothing as old as") {
		t.Errorf("restore before the replica began: %v", err)
	}
}

// waitShipped restores the newest state until it holds the series named
// want: a write reaches the replica within a few intervals, but how many
// depends on how starved the machine is.
func waitShipped(t *testing.T, tg replica.Target, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for n := 0; ; n++ {
		dst := filepath.Join(t.TempDir(), fmt.Sprint("try", n), "kaigi.db")
		_, err := replica.Restore(context.Background(), tg, dst, time.Time{}, false, nil)
		if err == nil && seriesNames(t, dst) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica did not hold %q within 30 s (last restore: %v)", want, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func seriesNames(t *testing.T, path string) string {
	t.Helper()
	if v, err := data.IntegrityCheck(context.Background(), path); err != nil || v != "ok" {
		t.Fatalf("integrity of %s: %q %v", path, v, err)
	}
	st, err := data.Open(context.Background(), path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := st.ListSeries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range all {
		names = append(names, s.Name)
	}
	return strings.Join(names, ",")
}
