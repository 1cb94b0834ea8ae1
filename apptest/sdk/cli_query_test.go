package sdk

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/openwatch/openwatch/internal/cli"
)

// TestCLIQueryStreamsPastTheRowCap checks that `openwatch query` prints
// every row of an event query even when one query may return fewer rows
// than there are, by slicing the time range: minutes with more rows than a
// query returns are split into seconds, and slices are printed newest
// first, each row once.
func TestCLIQueryStreamsPastTheRowCap(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	t.Setenv("AWS_ACCESS_KEY_ID", testKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", testSecret)
	t.Setenv("AWS_REGION", "us-east-1")
	if _, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("stream-me")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String("stream-me"), LogStreamName: aws.String("s")}); err != nil {
		t.Fatal(err)
	}
	// 10 minutes with 30 events each, and one busy minute with 250 events
	// spread over its seconds; every third event is a match.
	base := time.Now().Add(-20 * time.Minute).Truncate(time.Minute)
	var events []types.InputLogEvent
	n := 0
	add := func(at time.Time) {
		events = append(events, types.InputLogEvent{Timestamp: aws.Int64(at.UnixMilli()), Message: aws.String(fmt.Sprintf(`{"n":%d,"keep":%d}`, n, min(n%3, 1)))})
		n++
	}
	for m := range 10 {
		for i := range 30 {
			add(base.Add(time.Duration(m)*time.Minute + time.Duration(i)*2*time.Second))
		}
	}
	busy := base.Add(12 * time.Minute)
	for i := range 250 {
		add(busy.Add(time.Duration(i) * 200 * time.Millisecond))
	}
	for i := 0; i < len(events); i += 500 {
		if _, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("stream-me"), LogStreamName: aws.String("s"), LogEvents: events[i:min(i+500, len(events))]}); err != nil {
			t.Fatal(err)
		}
	}
	want := 0
	for i := range n {
		if i%3 != 0 {
			want++
		}
	}

	query := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		base := []string{"--endpoint", s.URL, "--group", "stream-me", "--start", base.Add(-time.Minute).Format(time.RFC3339),
			"--end", time.Now().Format(time.RFC3339), "--poll", "10ms"}
		if err := cli.Query(ctx, append(base, args...), &out, io.Discard); err != nil {
			t.Fatalf("openwatch query %v: %v", args, err)
		}
		return out.String()
	}

	out := query("--format", "json", "--chunk-rows", "40", "filter keep = 1 | fields n, @timestamp")
	seen := map[string]bool{}
	last := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	rows := 0
	for sc.Scan() {
		var row map[string]string
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("row %q: %v", sc.Text(), err)
		}
		rows++
		if seen[row["n"]] {
			t.Fatalf("row n=%s printed twice", row["n"])
		}
		seen[row["n"]] = true
		if last != "" && row["@timestamp"] > last {
			t.Fatalf("rows out of order: %s after %s", row["@timestamp"], last)
		}
		last = row["@timestamp"]
	}
	if rows != want {
		t.Fatalf("streamed %d rows, want %d", rows, want)
	}

	// A query with its own aggregation is run once, not sliced.
	out = query("--format", "csv", "--chunk-rows", "40", "filter keep = 1 | stats count(*) as n")
	if out != fmt.Sprintf("n\n%d\n", want) {
		t.Fatalf("stats output %q", out)
	}
	// An explicit --limit caps the rows.
	out = query("--format", "csv", "--limit", "7", "fields n")
	if got := strings.Count(out, "\n"); got != 8 {
		t.Fatalf("--limit 7 printed %d lines:\n%s", got, out)
	}
	// One second with more rows than a query returns cannot be sliced.
	var errOut bytes.Buffer
	err := cli.Query(ctx, []string{"--endpoint", s.URL, "--group", "stream-me", "--since", "1h", "--chunk-rows", "3", "--poll", "10ms", "fields n"}, io.Discard, &errOut)
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("a second over the cap: %v", err)
	}
}
