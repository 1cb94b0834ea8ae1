package sdk

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// TestPutLogEventsReusedBodies sends many PutLogEvents of the same size
// at once, so that request bodies are read into buffers earlier requests
// used, and checks every stored message against what was sent: nothing
// stored may share memory with a body.
func TestPutLogEventsReusedBodies(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	const group, streams, batches, events = "/reuse", 4, 6, 200
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}))
	message := func(stream, batch, i int) string {
		// Plain and escaped text alike, so both ways the scanner copies
		// a message are covered; every message differs in its bytes.
		if i%2 == 0 {
			return fmt.Sprintf(`{"stream":%d,"batch":%d,"i":%d,"pad":%q}`, stream, batch, i, strings.Repeat(string(rune('a'+batch)), 100))
		}
		return fmt.Sprintf("plain stream=%d batch=%d i=%d %s", stream, batch, i, strings.Repeat(string(rune('A'+batch)), 100))
	}
	start := time.Now().Add(-time.Hour).UnixMilli()
	var wg sync.WaitGroup
	errs := make(chan error, streams)
	for st := range streams {
		name := fmt.Sprintf("s%d", st)
		must[*cloudwatchlogs.CreateLogStreamOutput](t)(c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(name)}))
		wg.Go(func() {
			for b := range batches {
				in := &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(name)}
				for i := range events {
					in.LogEvents = append(in.LogEvents, types.InputLogEvent{Timestamp: aws.Int64(start + int64(b*events+i)), Message: aws.String(message(st, b, i))})
				}
				if _, err := c.PutLogEvents(ctx, in); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for st := range streams {
		var got []string
		p := cloudwatchlogs.NewGetLogEventsPaginator(c, &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(fmt.Sprintf("s%d", st)), StartFromHead: aws.Bool(true)})
		for p.HasMorePages() {
			out := must[*cloudwatchlogs.GetLogEventsOutput](t)(p.NextPage(ctx))
			if len(out.Events) == 0 {
				break
			}
			for _, e := range out.Events {
				got = append(got, *e.Message)
			}
		}
		if len(got) != batches*events {
			t.Fatalf("stream %d: %d events, want %d", st, len(got), batches*events)
		}
		for i, m := range got {
			if want := message(st, i/events, i%events); m != want {
				t.Fatalf("stream %d event %d: %q, want %q", st, i, m, want)
			}
		}
	}
}
