package apptest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConsoleBrowser drives the web console in headless Chromium: every
// clients/browser/scenarios/*.mjs runs as a subtest against one server, so
// scenarios name their groups and dashboards uniquely. They run one after
// another, since each starts a browser and two cores do not run two well.
// Screenshots land in $OPENWATCH_SCREENSHOT_DIR, or test-output/screenshots
// beside this file.
func TestConsoleBrowser(t *testing.T) {
	t.Parallel()
	node := findNode(t)
	chromium := findChromium(t)
	dir := filepath.Join("clients", "browser")
	scenarios, err := filepath.Glob(filepath.Join(dir, "scenarios", "*.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	if len(scenarios) == 0 {
		t.Fatalf("no scenarios in %s/scenarios", dir)
	}
	shots := os.Getenv("OPENWATCH_SCREENSHOT_DIR")
	if shots == "" {
		shots = filepath.Join("test-output", "screenshots")
	}
	if shots, err = filepath.Abs(shots); err != nil {
		t.Fatal(err)
	}
	ensureNodeModules(t, dir)
	s := startServer(t)
	// A console user made with the real CLI while the server runs, for
	// the password sign-in.
	user, password := "console-"+randomString(t, 8, "abcdefghijklmnopqrstuvwxyz"), randomSecret(t)
	s.usersCreate(t, s.Admin.AccountID, user, password)
	env := append(clientEnv(t, s, s.Admin), "OPENWATCH_SCREENSHOT_DIR="+shots, "CHROMIUM_BIN="+chromium,
		"OPENWATCH_CONSOLE_USER="+user, "OPENWATCH_CONSOLE_PASSWORD="+password)
	for _, path := range scenarios {
		name := strings.TrimSuffix(filepath.Base(path), ".mjs")
		t.Run(name, func(t *testing.T) {
			runClient(t, env, dir, node, filepath.Join("scenarios", filepath.Base(path)))
		})
	}
}

// usersCreate runs `openwatch users create` with the password on stdin,
// as an operator would.
func (s *server) usersCreate(t *testing.T, account, name, password string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, openwatchBin, "users", "create", "--account", account, "--name", name, "--password-stdin", "--data-dir", s.DataDir)
	cmd.Env = cleanEnv()
	cmd.Stdin = strings.NewReader(password + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "created console user "+name) {
		t.Fatalf("openwatch users create: %v\n%s", err, out)
	}
}

// findChromium returns the browser the scenarios drive: $CHROMIUM_BIN, or
// Debian's chromium package.
func findChromium(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("CHROMIUM_BIN")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("%s not found: apt-get install chromium (or set CHROMIUM_BIN) to run the browser tests", bin)
	}
	if out, err := exec.Command(bin, "--version").CombinedOutput(); err != nil {
		t.Fatalf("%s --version: %v\n%s", bin, err, out)
	}
	return bin
}
