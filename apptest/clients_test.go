package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// clientTimeout only guards against a hung client: the slowest script,
// awscli.sh, takes about a minute even on a busy two-core machine.
const clientTimeout = 4 * time.Minute

// TestAWSCLI drives the AWS CLI v2 through every log-group, stream, event,
// filter, retention, tag and error path in clients/awscli.sh and, beside it,
// `aws logs tail --follow` in clients/awscli_tail.sh, Logs Insights in
// clients/awscli_insights.sh and CloudWatch metrics (the query protocol) in
// clients/awscli_metrics.sh.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	aws := findAWSCLIv2(t)
	python := findPython(t, false)
	s := startServer(t)
	env := append(clientEnv(t, s, s.Admin), "AWS_CLI="+aws, "PYTHON="+python)
	// The tail script mostly sleeps between polls, so it runs alongside.
	for _, script := range []string{"awscli.sh", "awscli_tail.sh", "awscli_insights.sh", "awscli_metrics.sh", "awscli_events.sh", "awscli_sns.sh", "awscli_alarms.sh"} {
		t.Run(strings.TrimSuffix(script, ".sh"), func(t *testing.T) {
			t.Parallel()
			runClient(t, env, "clients", "bash", script)
		})
	}
}

// TestBoto3 runs clients/boto3_logs.py (paginators, rejected events,
// modelled exception classes), clients/boto3_metrics.py (CloudWatch
// metrics over the query protocol) and the events, SNS and alarms scripts
// side by side, each on a server of its own: boto3_logs.py lists every log
// group of the account, which another script's groups would join.
func TestBoto3(t *testing.T) {
	t.Parallel()
	python := findPython(t, true)
	for _, script := range []string{"boto3_logs.py", "boto3_metrics.py", "boto3_events.py", "boto3_sns.py", "boto3_alarms.py"} {
		t.Run(strings.TrimSuffix(script, ".py"), func(t *testing.T) {
			t.Parallel()
			s := startServer(t)
			runClient(t, clientEnv(t, s, s.Admin), "clients", python, script)
		})
	}
}

// TestAccountIsolation checks with boto3 that a second account's key sees
// nothing of the first account, and that bad keys are refused.
func TestAccountIsolation(t *testing.T) {
	t.Parallel()
	python := findPython(t, true)
	s := startServer(t)
	b := s.createAccount(t)
	if b.AccountID == s.Admin.AccountID {
		t.Fatalf("accounts create returned the admin account %s", b.AccountID)
	}
	env := append(clientEnv(t, s, s.Admin),
		"OPENWATCH_B_ACCOUNT_ID="+b.AccountID,
		"OPENWATCH_B_ACCESS_KEY_ID="+b.AccessKeyID,
		"OPENWATCH_B_SECRET_ACCESS_KEY="+b.SecretAccessKey,
	)
	runClient(t, env, "clients", python, "boto3_isolation.py")
}

// TestJavaScriptSDK runs the JS SDK v3 client scripts (CloudWatch Logs, and
// CloudWatch metrics, which the SDK speaks in AWS JSON 1.0) and the
// winston-cloudwatch shipper from clients/node.
func TestJavaScriptSDK(t *testing.T) {
	t.Parallel()
	node := findNode(t)
	dir := filepath.Join("clients", "node")
	ensureNodeModules(t, dir)
	s := startServer(t)
	env := clientEnv(t, s, s.Admin)
	for _, script := range []string{"logs.mjs", "winston.mjs", "metrics.mjs"} {
		t.Run(strings.TrimSuffix(script, ".mjs"), func(t *testing.T) {
			runClient(t, env, dir, node, script)
		})
	}
}

// clientEnv points the standard AWS variables at s with key c. Retries are
// off so a server error surfaces at once instead of behind backoff, and
// config files are emptied so no local profile interferes.
func clientEnv(t *testing.T, s *server, c credentials) []string {
	t.Helper()
	none := filepath.Join(t.TempDir(), "none")
	return append(cleanEnv(),
		"AWS_ACCESS_KEY_ID="+c.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY="+c.SecretAccessKey,
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_REGION=us-east-1",
		"AWS_PAGER=",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_CONFIG_FILE="+none,
		"AWS_SHARED_CREDENTIALS_FILE="+none,
		"AWS_EC2_METADATA_DISABLED=true",
		"PYTHONUNBUFFERED=1",
		"PYTHONDONTWRITEBYTECODE=1",
		"TMPDIR="+t.TempDir(),
		"OPENWATCH_ENDPOINT="+s.URL,
		"OPENWATCH_ACCOUNT_ID="+c.AccountID,
	)
}

// runClient runs one client program in dir and fails the test unless it
// exits 0 and its last stdout line starts with PASS, so a script that stops
// early cannot pass.
func runClient(t *testing.T, env []string, dir, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	// A script's children (the CLI, a background tail) hold its output pipes,
	// so a timeout kills the whole process group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start).Round(100 * time.Millisecond)
	out := strings.TrimSpace(stdout.String())
	last := out
	if i := strings.LastIndexByte(out, '\n'); i >= 0 {
		last = out[i+1:]
	}
	what := strings.Join(append([]string{filepath.Base(name)}, args...), " ")
	if err != nil || !strings.HasPrefix(last, "PASS") {
		if ctx.Err() != nil {
			t.Errorf("%s timed out after %v", what, clientTimeout)
		}
		t.Fatalf("%s failed after %v: %v\n--- stdout ---\n%s\n--- stderr ---\n%s", what, elapsed, err, stdout.String(), stderr.String())
	}
	t.Logf("%s: %s (%v)", what, last, elapsed)
}

// findAWSCLIv2 prefers the distribution's CLI: a Python environment on PATH
// may carry CLI v1, which lacks `logs tail` and prints other error texts.
func findAWSCLIv2(t *testing.T) string {
	t.Helper()
	candidates := []string{"/usr/bin/aws", "/usr/local/bin/aws"}
	if p, err := exec.LookPath("aws"); err == nil {
		candidates = append(candidates, p)
	}
	var seen []string
	for _, p := range candidates {
		out, err := exec.Command(p, "--version").CombinedOutput()
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(out))
		if strings.HasPrefix(v, "aws-cli/2.") {
			return p
		}
		seen = append(seen, p+": "+v)
	}
	if len(seen) > 0 {
		t.Skipf("AWS CLI v2 not installed (found only %s): apt-get install awscli", strings.Join(seen, "; "))
	}
	t.Skip("aws CLI not installed: apt-get install awscli")
	return ""
}

// findPython returns a python3 interpreter, one that imports boto3 when
// withBoto3 is set. The distribution's interpreter comes first because that
// is where python3-boto3 installs.
func findPython(t *testing.T, withBoto3 bool) string {
	t.Helper()
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	check := "import json"
	if withBoto3 {
		check = "import boto3"
	}
	for _, p := range candidates {
		if err := exec.Command(p, "-c", check).Run(); err == nil {
			return p
		}
	}
	if withBoto3 {
		t.Skip("boto3 not installed: apt-get install python3-boto3")
	}
	t.Skip("python3 not installed: apt-get install python3")
	return ""
}

// findNode returns node when it and npm are installed and node is new enough
// for the SDK (its package declares node >= 20).
func findNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: install Node.js 20 or newer with npm")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm not installed: install Node.js 20 or newer with npm")
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		t.Fatalf("node --version: %v", err)
	}
	v := strings.TrimPrefix(strings.TrimSpace(string(out)), "v")
	major, err := strconv.Atoi(strings.SplitN(v, ".", 2)[0])
	if err != nil {
		t.Fatalf("cannot parse node version %q: %v", out, err)
	}
	if major < 20 {
		t.Skipf("node %s too old for @aws-sdk/client-cloudwatch-logs: node >= 20 required", v)
	}
	return node
}

// ensureNodeModules installs the locked dependencies when node_modules lacks
// one of package.json's dependencies; later runs reuse node_modules.
func ensureNodeModules(t *testing.T, dir string) {
	t.Helper()
	if nodeModulesComplete(t, dir) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
}

// nodeModulesComplete reports whether every dependency in dir/package.json
// is installed in dir/node_modules.
func nodeModulesComplete(t *testing.T, dir string) bool {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		t.Fatalf("cannot read package.json: %v", err)
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatalf("cannot parse package.json: %v", err)
	}
	for name := range pkg.Dependencies {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", name, "package.json")); err != nil {
			if !os.IsNotExist(err) {
				t.Fatalf("cannot stat %s: %v", name, err)
			}
			return false
		}
	}
	return true
}
