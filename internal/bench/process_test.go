package bench

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary play a server child: with
// BENCH_TEST_SERVE=addr it serves /healthz on addr until SIGTERM.
func TestMain(m *testing.M) {
	if addr := os.Getenv("BENCH_TEST_SERVE"); addr != "" {
		os.Exit(serveForTest(addr))
	}
	os.Exit(m.Run())
}

func serveForTest(addr string) int {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	if os.Getenv("BENCH_TEST_IGNORE_TERM") != "" {
		signal.Ignore(syscall.SIGTERM)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return 2
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	go func() {
		// Serve ends only with the process.
		_ = http.Serve(ln, mux)
	}()
	<-term
	return 0
}

func startTestChild(t *testing.T, env ...string) (*child, string) {
	t.Helper()
	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	c, err := startChild("test server", exe, []string{"-test.run=^$"}, append(env, "BENCH_TEST_SERVE="+addr), filepath.Join(t.TempDir(), "child.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.kill)
	return c, "http://" + addr
}

func TestChildLifecycle(t *testing.T) {
	c, url := startTestChild(t)
	if err := c.waitHealthy(context.Background(), url+"/healthz", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if c.exited() || c.pid() <= 0 {
		t.Fatal("healthy child reported as exited")
	}
	if err := c.stop(10 * time.Second); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if !c.exited() {
		t.Fatal("child still running after stop")
	}
	// Stopping twice reports the same clean exit.
	if err := c.stop(time.Second); err != nil {
		t.Fatalf("second stop: %v", err)
	}
}

func TestChildThatIgnoresSIGTERMIsKilled(t *testing.T) {
	c, url := startTestChild(t, "BENCH_TEST_IGNORE_TERM=1")
	if err := c.waitHealthy(context.Background(), url+"/healthz", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	err := c.stop(200 * time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "did not stop") || !c.exited() {
		t.Fatalf("stop of a stuck child: %v (exited %v)", err, c.exited())
	}
}

func TestWaitHealthyNoticesAnExitedChild(t *testing.T) {
	c, err := startChild("false", "/bin/sh", []string{"-c", "exit 3"}, nil, filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	err = c.waitHealthy(context.Background(), "http://"+addr+"/healthz", 10*time.Second)
	if err == nil || !strings.Contains(err.Error(), "exited before it was ready") {
		t.Fatalf("waitHealthy on a dead child: %v", err)
	}
	if err := c.stop(time.Second); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("stop of a failed child: %v, want its exit status", err)
	}
}
