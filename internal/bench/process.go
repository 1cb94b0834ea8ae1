package bench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// child is a server process the benchmark started.
type child struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{}
	err     error // valid once done is closed
}

// startChild starts path with args, appending its output to logPath.
// env entries are added to this process's environment.
func startChild(name, path string, args, env []string, logPath string) (*child, error) {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot create log file of %s: %w", name, err)
	}
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, errors.Join(fmt.Errorf("cannot start %s (%s): %w", name, path, err), log.Close())
	}
	c := &child{name: name, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		if err := log.Close(); err != nil && c.err == nil {
			c.err = err
		}
		close(c.done)
	}()
	return c, nil
}

// pid is the child's process id.
func (c *child) pid() int { return c.cmd.Process.Pid }

// exited reports whether the child has ended.
func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM and waits up to timeout for the child to exit,
// killing it then. It reports a failure to stop cleanly.
func (c *child) stop(timeout time.Duration) error {
	if c.exited() {
		return c.exitError()
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("cannot stop %s: %w", c.name, err)
	}
	select {
	case <-c.done:
		return c.exitError()
	case <-time.After(timeout):
		c.kill()
		return fmt.Errorf("%s did not stop within %v of SIGTERM; killed it (log: %s)", c.name, timeout, c.logPath)
	}
}

// kill ends the child with SIGKILL, as a crash would, and waits for it.
func (c *child) kill() {
	if c.exited() {
		return
	}
	// The only failure is a process that is already gone.
	_ = c.cmd.Process.Kill()
	<-c.done
}

func (c *child) exitError() error {
	if c.err != nil {
		return fmt.Errorf("%s exited with %w (log: %s)", c.name, c.err, c.logPath)
	}
	return nil
}

// waitHealthy polls url until it answers 200, the child exits or timeout
// passes.
func (c *child) waitHealthy(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("cannot build health check of %s: %w", c.name, err)
		}
		if resp, err := client.Do(req); err == nil {
			// The body is not needed; closing it can only fail on a broken
			// connection, which the next poll notices.
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-c.done:
			return fmt.Errorf("%s exited before it was ready: %v (log: %s)", c.name, c.err, c.logPath)
		case <-ctx.Done():
			return fmt.Errorf("%s was not ready at %s within %v (log: %s)", c.name, url, timeout, c.logPath)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// freeAddr returns a 127.0.0.1 address that was free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("cannot find a free port: %w", err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("cannot release port %d: %w", addr.Port, err)
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(addr.Port)), nil
}
