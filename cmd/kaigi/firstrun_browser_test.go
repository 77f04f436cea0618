package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium starts a headless Chromium with a fresh profile; without it the
// test skips locally and fails in CI.
func chromium(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required in CI (apt-get install chromium): %v", err)
		}
		t.Skipf("chromium not installed (%v); install it with apt-get install chromium", err)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(path),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "ja"), chromedp.Flag("accept-lang", "ja"),
		chromedp.UserDataDir(t.TempDir()))
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// TestFirstRunInTheBrowser is a newcomer's first minutes: the real kaigi
// binary on an empty database prints a setup address; the browser opens
// it, creates the admin and is logged in; the address then refuses, and
// the admin can log in again with the password chosen.
func TestFirstRunInTheBrowser(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "kaigi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx := chromium(t)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = []string{"HOME=" + dir, "KAIGI_DB=" + filepath.Join(dir, "kaigi.db"), "KAIGI_LANG=ja", "PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	setupRe := regexp.MustCompile(`http://127\.0\.0\.1:\d+/setup/[A-Za-z0-9_-]+`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := setupRe.FindString(sc.Text()); m != "" {
				found <- m
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	var setup string
	select {
	case setup = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("kaigi serve printed no setup address on an empty database")
	}
	base := setup[:strings.Index(setup, "/setup/")]

	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}

	step("the login page of an empty database", chromedp.Navigate(base+"/login"))
	if got := text("main"); !strings.Contains(got, "初期設定用アドレス") {
		t.Fatalf("the login page does not say how to get in:\n%s", got)
	}
	step("create the admin", chromedp.Navigate(setup),
		chromedp.SendKeys(chromedp.CSS(`[name="name"]`), "田中 太郎"),
		chromedp.SendKeys(chromedp.CSS(`[name="email"]`), "taro@example.com"),
		chromedp.SendKeys(chromedp.CSS(`[name="password"]`), "a long first password"),
		chromedp.SendKeys(chromedp.CSS(`[name="password2"]`), "a long first password"),
		chromedp.Click(chromedp.CSS(`form button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/settings"]`)))
	if got := text("header"); !strings.Contains(got, "田中 太郎") {
		t.Fatalf("not logged in as the new admin; header:\n%s", got)
	}

	resp, err := http.Get(setup)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("second visit to the setup address: %d, want 404", resp.StatusCode)
	}
	step("second visit in the browser", chromedp.Navigate(setup))
	if got := text("main"); !strings.Contains(got, "設定済み") || strings.Contains(got, "password2") {
		t.Fatalf("the setup address still works or says nothing useful:\n%s", got)
	}

	step("log out and in again", chromedp.Navigate(base+"/"), chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)))
	if got := text("main"); strings.Contains(got, "初期設定用アドレス") {
		t.Fatal("the login page still says nobody can log in")
	}
	step("log in", chromedp.SendKeys(chromedp.CSS(`[name="email"]`), "taro@example.com"),
		chromedp.SendKeys(chromedp.CSS(`[name="password"]`), "a long first password"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/settings"]`)))
}
