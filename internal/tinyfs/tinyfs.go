// Package tinyfs gives a test a real, small file system that fills up: a
// tmpfs of a given size mounted in the test's temporary folder. Writes past
// its size fail with ENOSPC (SQLite's SQLITE_FULL), as on a full disk.
// Mounting needs root (CAP_SYS_ADMIN); where it is not allowed the test is
// skipped and says so.
package tinyfs

import (
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// Mount mounts a tmpfs of size bytes under t.TempDir() and returns its path;
// it is unmounted when the test ends.
func Mount(t testing.TB, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tiny")
	if err := syscall.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := "size=" + strconv.Itoa(size)
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, opts); err != nil {
		t.Skipf("cannot mount a %d-byte tmpfs to fill (needs root): %v", size, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}
