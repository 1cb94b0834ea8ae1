package apptest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// openwatchBin is the server binary built once by TestMain; empty in -short
// mode, where every test here skips.
var openwatchBin string

const (
	readyTimeout    = 20 * time.Second
	shutdownTimeout = 15 * time.Second
	// logTail bounds how much server output lands in a failed test's log.
	logTail = 64 << 10
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "openwatch-apptest-bin-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "cannot create build dir: %v\n", err)
		return 1
	}
	defer func() {
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(os.Stderr, "cannot remove build dir %q: %v\n", dir, err)
		}
	}()
	bin, err := buildServer(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	openwatchBin = bin
	return m.Run()
}

// buildServer compiles cmd/openwatch into dir, so every test runs the same
// binary an operator would.
func buildServer(dir string) (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("cannot find the go tool: %w", err)
	}
	bin := filepath.Join(dir, "openwatch")
	cmd := exec.Command(goTool, "build", "-o", bin, "./cmd/openwatch")
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("cannot build ./cmd/openwatch: %w\n%s", err, out)
	}
	return bin, nil
}

// credentials is one access key pair of one account.
type credentials struct {
	AccountID       string
	AccessKeyID     string
	SecretAccessKey string
}

// server is one openwatch process with its own data directory.
type server struct {
	URL     string
	DataDir string
	// Admin is the key the server ensures at start from its environment.
	Admin credentials

	addr   string
	cmd    *exec.Cmd
	output *tailBuffer
	exited chan struct{}
	// waitErr is written before exited is closed.
	waitErr error
	// killed marks a process the test itself SIGKILLed.
	killed bool
}

// newServer prepares a data directory and a fresh admin key; start runs the
// process.
func newServer(t *testing.T) *server {
	t.Helper()
	if openwatchBin == "" {
		t.Skip("client compatibility tests start the real server; skipped in -short mode")
	}
	return &server{
		DataDir: t.TempDir(),
		Admin: credentials{
			AccountID:       randomAccountID(t),
			AccessKeyID:     "AKIA" + randomString(t, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
			SecretAccessKey: randomSecret(t),
		},
		output: &tailBuffer{limit: logTail},
		exited: make(chan struct{}),
	}
}

// startServer is newServer followed by start.
func startServer(t *testing.T) *server {
	t.Helper()
	s := newServer(t)
	s.start(t)
	return s
}

// start runs `openwatch serve` on a free loopback port, waits for /healthz and
// registers a cleanup that stops it with SIGTERM and checks it exits cleanly.
func (s *server) start(t *testing.T) {
	t.Helper()
	s.addr = freeLoopbackAddr(t)
	s.URL = "http://" + s.addr
	s.cmd = exec.Command(openwatchBin, "serve", "--addr", s.addr, "--data-dir", s.DataDir)
	s.cmd.Env = append(cleanEnv(),
		"OPENWATCH_ACCESS_KEY_ID="+s.Admin.AccessKeyID,
		"OPENWATCH_SECRET_ACCESS_KEY="+s.Admin.SecretAccessKey,
		"OPENWATCH_ACCOUNT_ID="+s.Admin.AccountID,
	)
	s.cmd.Stdout = s.output
	s.cmd.Stderr = s.output
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("cannot start %s serve: %v", openwatchBin, err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { s.stop(t) })
	if err := s.waitReady(); err != nil {
		t.Fatalf("server not ready: %v", err)
	}
}

func (s *server) waitReady() error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(readyTimeout)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("server exited before it was ready: %v", s.waitErr)
		default:
		}
		resp, err := client.Get(s.URL + "/healthz")
		if err == nil {
			_, copyErr := io.Copy(io.Discard, resp.Body)
			closeErr := resp.Body.Close()
			if resp.StatusCode == http.StatusOK && copyErr == nil && closeErr == nil {
				return nil
			}
			last = fmt.Errorf("GET /healthz: status %d", resp.StatusCode)
		} else {
			last = err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no 200 from %s/healthz within %v: %v", s.URL, readyTimeout, last)
}

// stop sends SIGTERM and expects a clean exit: a server that hangs or fails
// on shutdown fails the test that started it.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.killed {
		return
	}
	select {
	case <-s.exited:
		t.Errorf("server exited on its own before the test ended: %v", s.waitErr)
	default:
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("cannot send SIGTERM to server: %v", err)
		}
		select {
		case <-s.exited:
			if s.waitErr != nil {
				t.Errorf("server did not exit cleanly after SIGTERM: %v", s.waitErr)
			}
		case <-time.After(shutdownTimeout):
			t.Errorf("server still running %v after SIGTERM; killing it", shutdownTimeout)
			if err := s.cmd.Process.Kill(); err != nil {
				t.Errorf("cannot kill server: %v", err)
			}
			<-s.exited
		}
	}
	if t.Failed() {
		t.Logf("server output (last %d KiB):\n%s", logTail>>10, s.output.String())
	}
}

// cli runs an openwatch admin subcommand against the server's data directory.
func (s *server) cli(t *testing.T, args ...string) string {
	t.Helper()
	args = append(args, "--data-dir", s.DataDir)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, openwatchBin, args...)
	cmd.Env = cleanEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("openwatch %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// createAccount provisions a second account and one access key for it with
// the admin subcommands.
func (s *server) createAccount(t *testing.T) credentials {
	t.Helper()
	out := strings.TrimSpace(s.cli(t, "accounts", "create"))
	account := out
	if i := strings.LastIndexAny(out, " \t\n"); i >= 0 {
		account = out[i+1:]
	}
	if !isAccountID(account) {
		t.Fatalf("openwatch accounts create printed %q; want a 12-digit account id", out)
	}
	keyOut := s.cli(t, "keys", "create", "--account", account)
	fields, err := parseKeyValues(keyOut)
	if err != nil {
		t.Fatalf("openwatch keys create: %v", err)
	}
	c := credentials{AccountID: account, AccessKeyID: fields["aws_access_key_id"], SecretAccessKey: fields["aws_secret_access_key"]}
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		t.Fatalf("openwatch keys create printed no aws_access_key_id/aws_secret_access_key lines:\n%s", keyOut)
	}
	return c
}

// parseKeyValues reads "name = value" lines, the credentials-file form that
// `openwatch keys create` prints; "name: value" and "name value" work too.
func parseKeyValues(out string) (map[string]string, error) {
	fields := make(map[string]string)
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		i := strings.IndexAny(line, ":= \t")
		if i <= 0 {
			continue
		}
		fields[line[:i]] = strings.TrimSpace(strings.TrimLeft(line[i:], ":= \t"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cannot read key output: %w", err)
	}
	return fields, nil
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// cleanEnv is the test process environment without AWS or OpenWatch
// settings, so a developer's profile or endpoint never leaks into a run.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "OPENWATCH_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("cannot find a free port: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("cannot release port %s: %v", addr, err)
	}
	return addr
}

func randomString(t *testing.T, n int, alphabet string) string {
	t.Helper()
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		v, err := rand.Int(rand.Reader, max)
		if err != nil {
			t.Fatalf("cannot read random bytes: %v", err)
		}
		b[i] = alphabet[v.Int64()]
	}
	return string(b)
}

// randomAccountID avoids the default account, so a server that ignores
// OPENWATCH_ACCOUNT_ID shows up as wrong ARNs.
func randomAccountID(t *testing.T) string {
	t.Helper()
	return "1" + randomString(t, 11, "0123456789")
}

func randomSecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 30)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("cannot read random bytes: %v", err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// tailBuffer keeps the last limit bytes written to it; the server writes from
// its own goroutines while the test may read.
type tailBuffer struct {
	mu    sync.Mutex
	buf   []byte
	limit int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.limit; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
