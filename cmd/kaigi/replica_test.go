package main

import (
	"strings"
	"testing"
)

// A replica setting that cannot work stops serve at start with one line
// naming it, before anything listens or writes.
func TestServeRefusesABadReplicaSetting(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"KAIGI_REPLICA": "ftp://host/x"}, "file://, s3:// or sftp://"},
		{map[string]string{"KAIGI_REPLICA": "file://relative"}, "absolute folder"},
		{map[string]string{"KAIGI_REPLICA": "file:///tmp/x", "KAIGI_REPLICA_INTERVAL": "1 second"}, "KAIGI_REPLICA_INTERVAL"},
		{map[string]string{"KAIGI_REPLICA": "file:///tmp/x", "KAIGI_REPLICA_INTERVAL": "-1s"}, "must be positive"},
	} {
		env := testEnv(t)
		for k, v := range tc.env {
			env[k] = v
		}
		_, _, err := runKaigi(t, env, "serve", "--addr", "127.0.0.1:0", "--open-ahead", "0")
		if err == nil || !strings.Contains(oneLine(err), tc.want) {
			t.Errorf("serve with %v: %v, want an error saying %q", tc.env, err, tc.want)
		}
	}
}

func TestRestoreFromReplicaRefusesBadArguments(t *testing.T) {
	env := testEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"restore", "--from-replica", "file:///tmp/x", "backup.db"}, "no backup FILE"},
		{[]string{"restore", "--at", "2026-03-02T09:30:00Z", "backup.db"}, "--at needs --from-replica"},
		{[]string{"restore", "--from-replica", "file:///tmp/x", "--at", "yesterday"}, "give a time as"},
		{[]string{"restore", "--from-replica", "file://" + t.TempDir()}, "holds no database"},
	} {
		_, _, err := runKaigi(t, env, tc.args...)
		if err == nil || !strings.Contains(oneLine(err), tc.want) {
			t.Errorf("kaigi %v: %v, want an error saying %q", tc.args, err, tc.want)
		}
	}
}
