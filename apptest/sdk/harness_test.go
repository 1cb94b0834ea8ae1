package sdk

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/openwatch/openwatch/internal/app"
	"github.com/openwatch/openwatch/internal/cli"
	"github.com/openwatch/openwatch/internal/config"
)

const (
	testKeyID  = "AKIAOPENWATCHTEST001"
	testSecret = "openwatch-test-secret-key-0000000000000"
	testRegion = "us-east-1"
)

// server is an in-process OpenWatch on 127.0.0.1:0.
type server struct {
	t       *testing.T
	URL     string
	DataDir string
	cancel  context.CancelFunc
	done    chan error
}

// startServer builds the whole app in-process with a known admin key.
func startServer(t *testing.T, dataDir string) *server {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = dataDir
	cfg.Addr = "127.0.0.1:0"
	cfg.ShutdownTimeout = 5 * time.Second
	cfg.Bootstrap = &config.BootstrapKey{AccountID: "111111111111", AccessKeyID: testKeyID, Secret: testSecret}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, log, io.Discard)
	if err != nil {
		cancel()
		t.Fatalf("app.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		t.Fatalf("listen: %v", err)
	}
	s := &server{t: t, URL: "http://" + ln.Addr().String(), DataDir: dataDir, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- a.Serve(ctx, ln) }()
	waitHealthy(t, s.URL)
	t.Cleanup(s.Stop)
	return s
}

// Stop drains the server; it is safe to call twice.
func (s *server) Stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	if err := <-s.done; err != nil {
		s.t.Errorf("server stopped with error: %v", err)
	}
}

func waitHealthy(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server at %s never became healthy", url)
}

// logsClient is an unchanged aws-sdk-go-v2 CloudWatch Logs client pointed
// at the server.
func logsClient(url, keyID, secret string) *cloudwatchlogs.Client {
	return cloudwatchlogs.New(cloudwatchlogs.Options{
		Region:       testRegion,
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		HTTPClient:   cli.NewHTTPClient(),
		// Errors must surface at once, not after retries with backoff.
		RetryMaxAttempts: 1,
	})
}
