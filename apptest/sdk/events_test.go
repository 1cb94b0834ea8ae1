package sdk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// setupStream creates a group and stream and puts n events one ms apart,
// starting at base.
func setupStream(t *testing.T, c *cloudwatchlogs.Client, group, stream string, base int64, msgs []string) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}); err != nil {
		var exists *types.ResourceAlreadyExistsException
		if !errors.As(err, &exists) {
			t.Fatal(err)
		}
	}
	must[*cloudwatchlogs.CreateLogStreamOutput](t)(c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream)}))
	events := make([]types.InputLogEvent, len(msgs))
	for i, m := range msgs {
		events[i] = types.InputLogEvent{Timestamp: aws.Int64(base + int64(i)), Message: aws.String(m)}
	}
	out := must[*cloudwatchlogs.PutLogEventsOutput](t)(c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: events}))
	if out.RejectedLogEventsInfo != nil {
		t.Fatalf("unexpected rejections: %+v", out.RejectedLogEventsInfo)
	}
}

func numbered(n int, format string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i)
	}
	return out
}

func messages(events []types.OutputLogEvent) string {
	var b []string
	for _, e := range events {
		b = append(b, *e.Message)
	}
	return strings.Join(b, ",")
}

func TestPutLogEventsValidation(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	now := time.Now().UnixMilli()
	setupStream(t, c, "put", "s", now, []string{"first"})
	put := func(events ...types.InputLogEvent) (*cloudwatchlogs.PutLogEventsOutput, error) {
		return c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("put"), LogStreamName: aws.String("s"), LogEvents: events, SequenceToken: aws.String("ignored")})
	}
	ev := func(ts int64, m string) types.InputLogEvent {
		return types.InputLogEvent{Timestamp: aws.Int64(ts), Message: aws.String(m)}
	}
	day := int64(24 * time.Hour / time.Millisecond)

	_, err := put(ev(now, "b"), ev(now-1, "a"))
	wantCode(t, err, "InvalidParameterException")
	_, err = put(ev(now, strings.Repeat("x", 1048576-26+1)))
	wantCode(t, err, "InvalidParameterException")
	_, err = put(ev(now-2*day, "a"), ev(now, "b"))
	wantCode(t, err, "InvalidParameterException") // spans more than 24 h
	_, err = c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("put"), LogStreamName: aws.String("nope"), LogEvents: []types.InputLogEvent{ev(now, "a")}})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("nope"), LogStreamName: aws.String("s"), LogEvents: []types.InputLogEvent{ev(now, "a")}})
	wantCode(t, err, "ResourceNotFoundException")

	out, err := put(ev(now-15*day, "too old"), ev(now-15*day+1, "too old 2"), ev(now+1, "kept"), ev(now+3*60*60*1000, "too new"))
	if err != nil {
		t.Fatal(err)
	}
	r := out.RejectedLogEventsInfo
	if r == nil || r.TooOldLogEventEndIndex == nil || *r.TooOldLogEventEndIndex != 2 || r.TooNewLogEventStartIndex == nil || *r.TooNewLogEventStartIndex != 3 || r.ExpiredLogEventEndIndex != nil {
		t.Fatalf("rejected info = %+v", r)
	}
	if out.NextSequenceToken == nil {
		t.Fatal("nextSequenceToken missing")
	}
	got := must[*cloudwatchlogs.GetLogEventsOutput](t)(c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("put"), LogStreamName: aws.String("s"), StartFromHead: aws.Bool(true)}))
	if messages(got.Events) != "first,kept" {
		t.Fatalf("stored events: %s (a refused batch must store nothing)", messages(got.Events))
	}
	if *got.Events[1].IngestionTime < now {
		t.Fatalf("ingestion time %d before put time %d", *got.Events[1].IngestionTime, now)
	}

	// A batch exactly at the size limit is accepted.
	if _, err := put(ev(now+2, strings.Repeat("y", 1048576-26))); err != nil {
		t.Fatalf("batch at the size limit: %v", err)
	}
}

func TestGetLogEventsPaging(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	base := time.Now().Add(-time.Hour).UnixMilli()
	setupStream(t, c, "get", "s", base, numbered(10, "m%d"))
	in := func(mod func(*cloudwatchlogs.GetLogEventsInput)) *cloudwatchlogs.GetLogEventsInput {
		x := &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("get"), LogStreamName: aws.String("s")}
		mod(x)
		return x
	}

	// Default: the newest page, still in ascending order.
	newest := must[*cloudwatchlogs.GetLogEventsOutput](t)(c.GetLogEvents(ctx, in(func(x *cloudwatchlogs.GetLogEventsInput) { x.Limit = aws.Int32(3) })))
	if messages(newest.Events) != "m7,m8,m9" {
		t.Fatalf("newest page: %s", messages(newest.Events))
	}
	// Backwards from there.
	back := must[*cloudwatchlogs.GetLogEventsOutput](t)(c.GetLogEvents(ctx, in(func(x *cloudwatchlogs.GetLogEventsInput) {
		x.Limit, x.NextToken = aws.Int32(3), newest.NextBackwardToken
	})))
	if messages(back.Events) != "m4,m5,m6" {
		t.Fatalf("backward page: %s", messages(back.Events))
	}

	// Forwards from the head, until the same token comes back.
	var all []string
	token := (*string)(nil)
	for i := 0; ; i++ {
		if i > 10 {
			t.Fatal("forward paging never ended")
		}
		out := must[*cloudwatchlogs.GetLogEventsOutput](t)(c.GetLogEvents(ctx, in(func(x *cloudwatchlogs.GetLogEventsInput) {
			x.Limit, x.StartFromHead, x.NextToken = aws.Int32(4), aws.Bool(true), token
		})))
		for _, e := range out.Events {
			all = append(all, *e.Message)
		}
		if out.NextForwardToken == nil || out.NextBackwardToken == nil {
			t.Fatal("tokens must always be present")
		}
		if token != nil && *out.NextForwardToken == *token {
			if len(out.Events) != 0 {
				t.Fatal("same token returned with events")
			}
			break
		}
		token = out.NextForwardToken
	}
	if strings.Join(all, ",") != strings.Join(numbered(10, "m%d"), ",") {
		t.Fatalf("forward paging: %v", all)
	}
	// New events appear after the end token.
	must[*cloudwatchlogs.PutLogEventsOutput](t)(c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("get"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(base + 100), Message: aws.String("late")}}}))
	late := must[*cloudwatchlogs.GetLogEventsOutput](t)(c.GetLogEvents(ctx, in(func(x *cloudwatchlogs.GetLogEventsInput) { x.NextToken = token })))
	if messages(late.Events) != "late" {
		t.Fatalf("after end token: %s", messages(late.Events))
	}

	// Paginator with StopOnDuplicateToken, as the SDK documents it.
	p := cloudwatchlogs.NewGetLogEventsPaginator(c, in(func(x *cloudwatchlogs.GetLogEventsInput) { x.StartFromHead, x.Limit = aws.Bool(true), aws.Int32(5) }),
		func(o *cloudwatchlogs.GetLogEventsPaginatorOptions) { o.StopOnDuplicateToken = true })
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.Events)
	}
	if n != 11 {
		t.Fatalf("paginator saw %d events, want 11", n)
	}

	// Time bounds: start inclusive, end exclusive.
	win := must[*cloudwatchlogs.GetLogEventsOutput](t)(c.GetLogEvents(ctx, in(func(x *cloudwatchlogs.GetLogEventsInput) {
		x.StartTime, x.EndTime, x.StartFromHead = aws.Int64(base+2), aws.Int64(base+5), aws.Bool(true)
	})))
	if messages(win.Events) != "m2,m3,m4" {
		t.Fatalf("time window: %s", messages(win.Events))
	}
	_, err := c.GetLogEvents(ctx, in(func(x *cloudwatchlogs.GetLogEventsInput) { x.NextToken = aws.String("f/bogus") }))
	wantCode(t, err, "InvalidParameterException")
	_, err = c.GetLogEvents(ctx, in(func(x *cloudwatchlogs.GetLogEventsInput) { x.Limit = aws.Int32(10001) }))
	wantCode(t, err, "InvalidParameterException")
}

func TestFilterLogEvents(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	base := time.Now().Add(-time.Hour).UnixMilli()
	setupStream(t, c, "integrates", "api", base, []string{
		`{"level":"INFO","message":"login","extra":{"log_type":"Security","user_email":"a@example.com"}}`,
		`{"level":"ERROR","message":"db down","extra":{"log_type":"App","duration_ms":1200}}`,
		`plain ERROR line from api`,
	})
	setupStream(t, c, "integrates", "worker", base, []string{
		`{"level":"WARN","message":"retry","extra":{"log_type":"Security","user_email":"b@example.com"}}`,
		`worker ERROR timeout`,
	})
	filter := func(in *cloudwatchlogs.FilterLogEventsInput) []types.FilteredLogEvent {
		t.Helper()
		in.LogGroupName = aws.String("integrates")
		var events []types.FilteredLogEvent
		p := cloudwatchlogs.NewFilterLogEventsPaginator(c, in)
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if out.SearchedLogStreams == nil {
				t.Fatal("searchedLogStreams must be present")
			}
			events = append(events, out.Events...)
		}
		return events
	}
	streams := func(events []types.FilteredLogEvent) string {
		var b []string
		for _, e := range events {
			b = append(b, *e.LogStreamName)
		}
		return strings.Join(b, ",")
	}

	sec := filter(&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String(`{ $.extra.log_type = "Security" }`)})
	if len(sec) != 2 || streams(sec) != "api,worker" {
		t.Fatalf("JSON pattern: %s", streams(sec))
	}
	errs := filter(&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String("ERROR"), Limit: aws.Int32(1)})
	if len(errs) != 3 {
		t.Fatalf("term pattern over pages of 1: %d events", len(errs))
	}
	slow := filter(&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String(`{ $.extra.duration_ms > 1000 }`)})
	if len(slow) != 1 || !strings.Contains(*slow[0].Message, "db down") {
		t.Fatalf("numeric pattern: %+v", slow)
	}
	if got := filter(&cloudwatchlogs.FilterLogEventsInput{LogStreamNames: []string{"worker"}}); len(got) != 2 {
		t.Fatalf("by stream names: %d", len(got))
	}
	if got := filter(&cloudwatchlogs.FilterLogEventsInput{LogStreamNamePrefix: aws.String("ap")}); len(got) != 3 {
		t.Fatalf("by stream prefix: %d", len(got))
	}
	if got := filter(&cloudwatchlogs.FilterLogEventsInput{StartTime: aws.Int64(base + 1), EndTime: aws.Int64(base + 1)}); len(got) != 2 {
		t.Fatalf("inclusive time bounds: %d events", len(got))
	}
	// Ordering is by timestamp across streams, and ids are stable.
	all := filter(&cloudwatchlogs.FilterLogEventsInput{})
	again := filter(&cloudwatchlogs.FilterLogEventsInput{})
	for i := range all {
		if i > 0 && *all[i].Timestamp < *all[i-1].Timestamp {
			t.Fatal("events out of timestamp order")
		}
		if *all[i].EventId != *again[i].EventId || len(*all[i].EventId) != 56 {
			t.Fatalf("event ids not stable: %s vs %s", *all[i].EventId, *again[i].EventId)
		}
	}
	_, err := c.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("integrates"), FilterPattern: aws.String(`{ $.a = `)})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("integrates"), LogStreamNames: []string{"api"}, LogStreamNamePrefix: aws.String("a")})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("missing")})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = c.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("integrates"), NextToken: aws.String("zzz")})
	wantCode(t, err, "InvalidParameterException")
}

func TestRetentionHidesExpiredEvents(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	old := time.Now().Add(-72 * time.Hour).UnixMilli()
	setupStream(t, c, "ret", "s", old, []string{"three days old"})
	must[*cloudwatchlogs.PutLogEventsOutput](t)(c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("ret"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(time.Now().UnixMilli()), Message: aws.String("fresh")}}}))
	must[*cloudwatchlogs.PutRetentionPolicyOutput](t)(c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("ret"), RetentionInDays: aws.Int32(1)}))
	got := must[*cloudwatchlogs.GetLogEventsOutput](t)(c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("ret"), LogStreamName: aws.String("s"), StartFromHead: aws.Bool(true)}))
	if messages(got.Events) != "fresh" {
		t.Fatalf("GetLogEvents after retention: %s", messages(got.Events))
	}
	f := must[*cloudwatchlogs.FilterLogEventsOutput](t)(c.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("ret")}))
	if len(f.Events) != 1 || *f.Events[0].Message != "fresh" {
		t.Fatalf("FilterLogEvents after retention: %d events", len(f.Events))
	}
	// Expired events in a new batch are reported, not stored.
	out := must[*cloudwatchlogs.PutLogEventsOutput](t)(c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("ret"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(old), Message: aws.String("expired")}}}))
	if r := out.RejectedLogEventsInfo; r == nil || r.ExpiredLogEventEndIndex == nil || *r.ExpiredLogEventEndIndex != 1 {
		t.Fatalf("expired rejection: %+v", r)
	}
}

func TestEventsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	c := logsClient(s.URL, testKeyID, testSecret)
	base := time.Now().Add(-time.Minute).UnixMilli()
	setupStream(t, c, "durable", "s", base, numbered(100, "event %d"))
	s.Stop()

	s2 := startServer(t, dir)
	c2 := logsClient(s2.URL, testKeyID, testSecret)
	got := must[*cloudwatchlogs.GetLogEventsOutput](t)(c2.GetLogEvents(context.Background(), &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("durable"), LogStreamName: aws.String("s"), StartFromHead: aws.Bool(true)}))
	if messages(got.Events) != strings.Join(numbered(100, "event %d"), ",") {
		t.Fatalf("after restart: %d events", len(got.Events))
	}
}
