package apptest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/openwatch/openwatch/internal/cli"
)

// kill9 ends the server the way a crash or OOM kill would: no drain, no
// flush.
func (s *server) kill9(t *testing.T) {
	t.Helper()
	s.killed = true
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("cannot SIGKILL server: %v", err)
	}
	<-s.exited
}

// restart starts a new process on the same data directory and key.
func (s *server) restart(t *testing.T) *server {
	t.Helper()
	n := &server{DataDir: s.DataDir, Admin: s.Admin, output: &tailBuffer{limit: logTail}, exited: make(chan struct{})}
	n.start(t)
	return n
}

func (s *server) sdk() *cloudwatchlogs.Client {
	return cloudwatchlogs.New(cloudwatchlogs.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      awscreds.NewStaticCredentialsProvider(s.Admin.AccessKeyID, s.Admin.SecretAccessKey, ""),
		RetryMaxAttempts: 1,
		HTTPClient:       cli.NewHTTPClient(),
	})
}

// TestCrashKeepsAcknowledgedEvents puts events from concurrent clients,
// kills the server with SIGKILL at a random moment, restarts it and checks
// that every acknowledged event is readable exactly once; several cycles on
// one data directory.
func TestCrashKeepsAcknowledgedEvents(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	c := s.sdk()
	const group, streams, clients, batch = "crash", 4, 8, 50
	if _, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}); err != nil {
		t.Fatal(err)
	}
	for i := range streams {
		if _, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(fmt.Sprintf("s%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	acked := map[string]bool{}
	var mu sync.Mutex
	for cycle := range 3 {
		c := s.sdk()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := 0; ; b++ {
					select {
					case <-stop:
						return
					default:
					}
					now := time.Now().UnixMilli()
					events := make([]types.InputLogEvent, batch)
					msgs := make([]string, batch)
					for i := range events {
						msgs[i] = fmt.Sprintf("cycle%d-client%d-batch%d-event%d", cycle, w, b, i)
						events[i] = types.InputLogEvent{Timestamp: aws.Int64(now), Message: aws.String(msgs[i])}
					}
					_, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(fmt.Sprintf("s%d", w%streams)), LogEvents: events})
					if err != nil {
						return // the server is gone; this batch was not acknowledged
					}
					mu.Lock()
					for _, m := range msgs {
						acked[m] = true
					}
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(300+rand.IntN(700)) * time.Millisecond)
		s.kill9(t)
		close(stop)
		wg.Wait()

		s = s.restart(t)
		seen := readAll(t, s.sdk(), group)
		mu.Lock()
		lost := 0
		for m := range acked {
			if seen[m] == 0 {
				lost++
			}
		}
		for m, n := range seen {
			if n > 1 {
				t.Errorf("cycle %d: %q stored %d times", cycle, m, n)
			}
		}
		if lost > 0 {
			t.Fatalf("cycle %d: %d of %d acknowledged events lost after kill -9", cycle, lost, len(acked))
		}
		t.Logf("cycle %d: %d acknowledged events all present after kill -9 and restart", cycle, len(acked))
		mu.Unlock()
	}
	if len(acked) == 0 {
		t.Fatal("no batch was acknowledged before the kills; the test proved nothing")
	}
}

// readAll counts every message of a group through FilterLogEvents paging.
func readAll(t *testing.T, c *cloudwatchlogs.Client, group string) map[string]int {
	t.Helper()
	seen := map[string]int{}
	p := cloudwatchlogs.NewFilterLogEventsPaginator(c, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group)})
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			var ae interface{ ErrorCode() string }
			if errors.As(err, &ae) {
				t.Fatalf("FilterLogEvents after restart: %s", ae.ErrorCode())
			}
			t.Fatal(err)
		}
		for _, e := range out.Events {
			seen[*e.Message]++
		}
	}
	return seen
}
