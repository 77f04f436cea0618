package data_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/internal/tinyfs"
)

// rawExec runs statements on a database file the way another program (or a
// person with the sqlite3 shell) would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	must(t, err)
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestOpenRefusesASchemaNewerThanTheBinary(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kaigi.db")
	s, err := data.Open(ctx, path, data.Options{})
	must(t, err)
	must(t, s.Close())
	newer := data.SchemaVersion() + 1
	rawExec(t, path, fmt.Sprintf(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, '%04d_future.sql', '2030-01-01T00:00:00.000Z')`, newer, newer))
	before, err := os.ReadFile(path)
	must(t, err)
	_, err = data.Open(ctx, path, data.Options{})
	want := fmt.Sprintf("schema version %d, newer than this kaigi's %d", newer, data.SchemaVersion())
	if err == nil || !strings.Contains(data.ErrorMessage(err), want) || strings.Contains(data.ErrorMessage(err), "\n") {
		t.Fatalf("open of a newer schema: %v, want one line with %q", err, want)
	}
	after, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Fatal("the refused open changed the file")
	}
}

func TestOpenRefusesAnotherProgramsSQLiteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "photos.db")
	rawExec(t, path, `CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)`)
	_, err := data.Open(context.Background(), path, data.Options{})
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), "is not a kaigi database") {
		t.Fatalf("open of a foreign SQLite file: %v", err)
	}
}

// notKaigi is what restore must refuse, by name.
func notKaigi(t *testing.T, dir string) map[string]string {
	t.Helper()
	empty := filepath.Join(dir, "empty.db")
	must(t, os.WriteFile(empty, nil, 0o600))
	foreign := filepath.Join(dir, "foreign.db")
	rawExec(t, foreign, `CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)`, `INSERT INTO photos (name) VALUES ('cat')`)
	marked := filepath.Join(dir, "marked.db") // another application's id, tables that look like kaigi's
	rawExec(t, marked, `PRAGMA application_id = 1234`, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)`, `INSERT INTO schema_migrations VALUES (1)`)
	text := filepath.Join(dir, "notes.txt")
	must(t, os.WriteFile(text, bytes.Repeat([]byte("not a database\n"), 300), 0o600))
	return map[string]string{"0-byte file": empty, "foreign SQLite file": foreign, "another application's id": marked, "text file": text}
}

func TestRestoreRefusesWhatIsNotAKaigiBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for name, src := range notKaigi(t, dir) {
		for _, force := range []bool{false, true} {
			// Onto a path with no database.
			fresh := filepath.Join(t.TempDir(), "kaigi.db")
			err := data.Restore(ctx, src, fresh, force)
			if data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), "kaigi") {
				t.Errorf("%s (force %v) onto nothing: %v, want refused", name, force, err)
			}
			if _, err := os.Stat(fresh); !os.IsNotExist(err) {
				t.Errorf("%s (force %v): the refused restore made %s", name, force, fresh)
			}
			// Over a real database.
			live := filepath.Join(t.TempDir(), "kaigi.db")
			s, err := data.Open(ctx, live, data.Options{})
			must(t, err)
			sr := weekly(t, s)
			must(t, s.Close())
			err = data.Restore(ctx, src, live, force)
			if data.ErrorCode(err) != data.EINVALID {
				t.Errorf("%s (force %v) over a database: %v, want refused", name, force, err)
			}
			s, err = data.Open(ctx, live, data.Options{})
			must(t, err)
			if _, err := s.Series(ctx, sr.ID); err != nil {
				t.Errorf("%s (force %v): the database lost its series: %v", name, force, err)
			}
			must(t, s.Close())
		}
	}
}

func TestRestoreRefusesABackupFromANewerKaigi(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	backup := filepath.Join(t.TempDir(), "backup.db")
	must(t, s.Backup(ctx, backup))
	rawExec(t, backup, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '2030-01-01T00:00:00.000Z')`)
	err := data.Restore(ctx, backup, filepath.Join(t.TempDir(), "kaigi.db"), true)
	if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), fmt.Sprintf("9999, newer than this kaigi's %d", data.SchemaVersion())) {
		t.Fatalf("restore of a newer schema: %v", err)
	}
}

func TestFailedBackupLeavesNoFile(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	sr := weekly(t, s)
	for i := range 400 { // about 400 KB: more than the small disk holds
		a := data.Agenda{SeriesID: sr.ID, Title: fmt.Sprintf("Topic %d", i), Body: strings.Repeat("words ", 150)}
		must(t, s.CreateAgenda(ctx, &a, ""))
	}
	disk := tinyfs.Mount(t, 128<<10)
	dst := filepath.Join(disk, "backup.db")
	err := s.Backup(ctx, dst)
	if data.ErrorCode(err) != data.EFULL || !strings.Contains(data.ErrorMessage(err), "disk is full") {
		t.Fatalf("backup onto a full disk: %v, want it to say the disk is full", err)
	}
	left, err := os.ReadDir(disk)
	must(t, err)
	if len(left) != 0 {
		t.Fatalf("the failed backup left %v behind", left)
	}
}

// readOnly makes path unwritable for this process: the immutable flag as
// root (who ignores permission bits), else the permission bits.
func readOnly(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		must(t, os.Chmod(path, 0o444))
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("cannot make %s read-only for root (chattr +i): %v %s", path, err, out)
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", path).Run() })
}

func TestOpenRefusesAReadOnlyFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kaigi.db")
	s, err := data.Open(ctx, path, data.Options{})
	must(t, err)
	must(t, s.Close())
	readOnly(t, path)
	_, err = data.Open(ctx, path, data.Options{})
	if data.ErrorCode(err) != data.EFORBIDDEN || !strings.Contains(data.ErrorMessage(err), "is read-only") {
		t.Fatalf("open of a read-only file: %v", err)
	}
}
