package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"

	"github.com/openwatch/openwatch/internal/cli"
)

// The benchmark's log group and the key it ensures on the server it starts
// (as OPENWATCH_ACCESS_KEY_ID / OPENWATCH_SECRET_ACCESS_KEY do for any
// server).
const (
	benchGroup  = "/openwatch/bench"
	benchKeyID  = "AKIAOPENWATCHBENCH01"
	benchSecret = "openwatch-bench-secret-access-key-0000000"
	benchRegion = "us-east-1"
)

// errUnsupported marks an operation the server does not implement.
var errUnsupported = errors.New("not supported by this server")

// openWatch is an `openwatch serve` child process and a client of it.
type openWatch struct {
	*child
	url    string
	client *cloudwatchlogs.Client
	put    *putLogEventsClient
}

// startOpenWatch runs `exe serve` on a free 127.0.0.1 port over dataDir and
// waits until it is ready, returning how long that took.
func startOpenWatch(ctx context.Context, exe, dataDir, logPath string, conns int) (*openWatch, time.Duration, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, 0, err
	}
	env := []string{"OPENWATCH_ACCESS_KEY_ID=" + benchKeyID, "OPENWATCH_SECRET_ACCESS_KEY=" + benchSecret}
	start := time.Now()
	c, err := startChild("OpenWatch", exe, []string{"serve", "--addr", addr, "--data-dir", dataDir, "--log-level", "warn"}, env, logPath)
	if err != nil {
		return nil, 0, err
	}
	url := "http://" + addr
	if err := c.waitHealthy(ctx, url+"/healthz", 10*time.Minute); err != nil {
		c.kill()
		return nil, 0, err
	}
	ready := time.Since(start)
	client := cloudwatchlogs.New(cloudwatchlogs.Options{
		Region:       benchRegion,
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider(benchKeyID, benchSecret, ""),
		HTTPClient:   &http.Client{Transport: cli.OwnBodyTransport{Next: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}},
		// A retried PutLogEvents could store a batch twice and a retried
		// query would hide the server's latency, so every error is final.
		RetryMaxAttempts: 1,
	})
	return &openWatch{child: c, url: url, client: client, put: newPutLogEventsClient(url, conns)}, ready, nil
}

// createStreams creates the benchmark's log group and streams.
func (o *openWatch) createStreams(ctx context.Context, streams int) error {
	if _, err := o.client.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(benchGroup)}); err != nil {
		return fmt.Errorf("cannot create log group %s: %w", benchGroup, err)
	}
	for i := range streams {
		_, err := o.client.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(benchGroup), LogStreamName: aws.String(StreamName(i))})
		if err != nil {
			return fmt.Errorf("cannot create log stream %s: %w", StreamName(i), err)
		}
	}
	return nil
}

// prepare is the prepareFunc of PutLogEvents.
func (o *openWatch) prepare(ctx context.Context, stream int, batch []Event) (func() error, error) {
	return o.put.prepare(ctx, stream, batch)
}

// timeRange returns the first and last event timestamps of the
// benchmark's streams (epoch ms), for a data directory written earlier.
func (o *openWatch) timeRange(ctx context.Context) (first, last int64, err error) {
	p := cloudwatchlogs.NewDescribeLogStreamsPaginator(o.client, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String(benchGroup)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return 0, 0, fmt.Errorf("cannot list the streams of %s: %w", benchGroup, err)
		}
		for _, s := range out.LogStreams {
			if s.FirstEventTimestamp == nil {
				continue
			}
			if f := *s.FirstEventTimestamp; first == 0 || f < first {
				first = f
			}
			last = max(last, aws.ToInt64(s.LastEventTimestamp))
		}
	}
	if first == 0 {
		return 0, 0, fmt.Errorf("log group %s holds no events", benchGroup)
	}
	return first, last, nil
}

// filter runs FilterLogEvents over the whole group, paging through every
// result, and returns the number of events found.
func (o *openWatch) filter(ctx context.Context, pattern string) (int64, error) {
	p := cloudwatchlogs.NewFilterLogEventsPaginator(o.client, &cloudwatchlogs.FilterLogEventsInput{
		LogGroupName:  aws.String(benchGroup),
		FilterPattern: aws.String(pattern),
	})
	var n int64
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return n, err
		}
		n += int64(len(out.Events))
	}
	return n, nil
}

// insights runs a Logs Insights query over [start, end] (epoch ms) and
// returns the number of result rows. A server without Logs Insights
// yields errUnsupported.
func (o *openWatch) insights(ctx context.Context, query string, start, end int64) (int64, error) {
	sq, err := o.client.StartQuery(ctx, &cloudwatchlogs.StartQueryInput{
		LogGroupName: aws.String(benchGroup),
		QueryString:  aws.String(query),
		StartTime:    aws.Int64(start / 1000),
		EndTime:      aws.Int64((end + 999) / 1000),
	})
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && ae.ErrorCode() == "UnknownOperationException" {
			return 0, errUnsupported
		}
		return 0, err
	}
	in := &cloudwatchlogs.GetQueryResultsInput{QueryId: sq.QueryId}
	var rows int64
	for {
		// The server holds the answer until the query ends, so the time
		// measured is the query's, not a polling interval's.
		out, err := o.client.GetQueryResults(ctx, in, cli.WaitForQuery(10*time.Second))
		if err != nil {
			return 0, err
		}
		switch out.Status {
		case types.QueryStatusComplete:
			rows += int64(len(out.Results))
			if out.NextToken == nil {
				return rows, nil
			}
			in.NextToken = out.NextToken
		case types.QueryStatusScheduled, types.QueryStatusRunning:
		default:
			return 0, fmt.Errorf("query ended with status %s", out.Status)
		}
	}
}
