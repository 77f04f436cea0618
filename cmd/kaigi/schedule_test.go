package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

func TestServeRefusesJobScheduleThatNeverFires(t *testing.T) {
	env := testEnv(t)
	for _, flag := range []string{"--open-schedule", "--sync-schedule"} {
		// A serve that accepted the schedule would run until stopped; the
		// timeout only ends it so that the test fails instead of hanging.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := run(ctx, []string{"serve", "--addr", "127.0.0.1:0", flag, "0 0 30 2 *"}, env, strings.NewReader(""), io.Discard, io.Discard)
		cancel()
		if err == nil || exitCode(err) != 2 || !strings.Contains(oneLine(err), flag) || !strings.Contains(oneLine(err), "never fires") {
			t.Errorf("serve %s '0 0 30 2 *': %v (exit %d), want a usage error naming the flag", flag, err, exitCode(err))
		}
	}
}
