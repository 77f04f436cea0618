package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"

	"github.com/kaigi-dev/kaigi/data"
)

// Restore rebuilds the database at dst from the target: its newest state,
// or the state at `at` when that is not zero. The copy is assembled beside
// dst, then handed to data.Restore, which checks it and refuses to replace a
// database a running kaigi has open or one holding newer work (unless
// force). It returns the time of the state restored.
func Restore(ctx context.Context, t Target, dst string, at time.Time, force bool, log *slog.Logger) (time.Time, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := t.init(ctx, log); err != nil {
		return time.Time{}, err
	}
	rep := litestream.NewReplicaWithClient(nil, t.client)
	first, last, err := rep.TimeBounds(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the replica %s: %w", t, err)
	}
	if first.IsZero() {
		return time.Time{}, data.Errorf(data.ENOTFOUND, "the replica %s holds no database; check the URL", t)
	}
	if !at.IsZero() && at.Before(first) {
		return time.Time{}, data.Errorf(data.ENOTFOUND, "the replica %s holds nothing as old as %s; its oldest state is from %s",
			t, at.UTC().Format(time.RFC3339), first.UTC().Format(time.RFC3339))
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return time.Time{}, fmt.Errorf("restore: %w", err)
	}
	dir, err := os.MkdirTemp(filepath.Dir(dst), ".replica-restore-*")
	if err != nil {
		return time.Time{}, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(dir)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = filepath.Join(dir, filepath.Base(dst))
	opt.Timestamp = at
	if err := rep.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrNoSnapshots) || errors.Is(err, litestream.ErrTxNotAvailable) {
			return time.Time{}, data.Errorf(data.ENOTFOUND, "the replica %s holds no complete state to restore: %v", t, err)
		}
		return time.Time{}, fmt.Errorf("restore from %s: %w", t, err)
	}
	if err := data.Restore(ctx, opt.OutputPath, dst, force); err != nil {
		return time.Time{}, err
	}
	// Litestream's local state beside dst described the file just
	// replaced; the next server must start from the restored one.
	if err := os.RemoveAll(litestream.NewDB(dst).MetaPath()); err != nil {
		return time.Time{}, fmt.Errorf("restore: %w", err)
	}
	if at.IsZero() || at.After(last) {
		return last, nil
	}
	return at, nil
}
