package sdk

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

func TestMetricFilters(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	for _, g := range []string{"/app/api", "/app/web"} {
		must[*cloudwatchlogs.CreateLogGroupOutput](t)(c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(g)}))
	}
	start := time.Now().Add(-time.Minute).UnixMilli()

	security := types.MetricTransformation{MetricName: aws.String("SecurityEvents"), MetricNamespace: aws.String("MyApp"), MetricValue: aws.String("1"), Unit: types.StandardUnitCount}
	must[*cloudwatchlogs.PutMetricFilterOutput](t)(c.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: aws.String("/app/api"), FilterName: aws.String("security-events"),
		FilterPattern:         aws.String(`{ $.extra.log_type = "Security" }`),
		MetricTransformations: []types.MetricTransformation{security},
	}))
	duration := types.MetricTransformation{MetricName: aws.String("RequestDuration"), MetricNamespace: aws.String("MyApp"),
		MetricValue: aws.String("$.extra.duration_ms"), Unit: types.StandardUnitMilliseconds, DefaultValue: aws.Float64(0)}
	must[*cloudwatchlogs.PutMetricFilterOutput](t)(c.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: aws.String("/app/api"), FilterName: aws.String("request-duration"),
		FilterPattern:         aws.String(`{ $.extra.duration_ms = * }`),
		MetricTransformations: []types.MetricTransformation{duration},
	}))
	bytes := types.MetricTransformation{MetricName: aws.String("Bytes"), MetricNamespace: aws.String("Web"), MetricValue: aws.String("$bytes"),
		Dimensions: map[string]string{"StatusCode": "$status"}}
	must[*cloudwatchlogs.PutMetricFilterOutput](t)(c.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: aws.String("/app/web"), FilterName: aws.String("bytes"),
		FilterPattern:         aws.String(`[ip, user, username, timestamp, request, status = 4*, bytes]`),
		MetricTransformations: []types.MetricTransformation{bytes},
	}))

	// All filters of the account, in filter-name order, through the SDK's
	// paginator one at a time.
	var got []types.MetricFilter
	p := cloudwatchlogs.NewDescribeMetricFiltersPaginator(c, &cloudwatchlogs.DescribeMetricFiltersInput{Limit: aws.Int32(1)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, out.MetricFilters...)
	}
	if len(got) != 3 || *got[0].FilterName != "bytes" || *got[1].FilterName != "request-duration" || *got[2].FilterName != "security-events" {
		t.Fatalf("filters = %+v", got)
	}
	f := got[1]
	if *f.LogGroupName != "/app/api" || *f.FilterPattern != `{ $.extra.duration_ms = * }` || f.CreationTime == nil || *f.CreationTime < start {
		t.Fatalf("filter = %+v", f)
	}
	if !reflect.DeepEqual(f.MetricTransformations, []types.MetricTransformation{duration}) {
		t.Fatalf("transformations = %+v, want %+v", f.MetricTransformations, duration)
	}
	if !reflect.DeepEqual(got[0].MetricTransformations, []types.MetricTransformation{bytes}) {
		t.Fatalf("transformations = %+v, want %+v", got[0].MetricTransformations, bytes)
	}
	byMetric := must[*cloudwatchlogs.DescribeMetricFiltersOutput](t)(c.DescribeMetricFilters(ctx, &cloudwatchlogs.DescribeMetricFiltersInput{
		MetricName: aws.String("SecurityEvents"), MetricNamespace: aws.String("MyApp")}))
	if len(byMetric.MetricFilters) != 1 || *byMetric.MetricFilters[0].FilterName != "security-events" {
		t.Fatalf("by metric = %+v", byMetric.MetricFilters)
	}
	byPrefix := must[*cloudwatchlogs.DescribeMetricFiltersOutput](t)(c.DescribeMetricFilters(ctx, &cloudwatchlogs.DescribeMetricFiltersInput{
		LogGroupName: aws.String("/app/api"), FilterNamePrefix: aws.String("req")}))
	if len(byPrefix.MetricFilters) != 1 || *byPrefix.MetricFilters[0].FilterName != "request-duration" {
		t.Fatalf("by prefix = %+v", byPrefix.MetricFilters)
	}
	groups := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/app/api")}))
	if n := groups.LogGroups[0].MetricFilterCount; n == nil || *n != 2 {
		t.Fatalf("metricFilterCount = %v, want 2", n)
	}

	// Validation and errors.
	_, err := c.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: aws.String("/app/api"), FilterName: aws.String("bad"), FilterPattern: aws.String(`{ $.a = }`),
		MetricTransformations: []types.MetricTransformation{security},
	})
	var invalid *types.InvalidParameterException
	if !errors.As(err, &invalid) {
		t.Fatalf("bad pattern: want InvalidParameterException, got %v", err)
	}
	withDims := duration
	withDims.Dimensions = map[string]string{"Level": "$.level"}
	_, err = c.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: aws.String("/app/api"), FilterName: aws.String("bad"), FilterPattern: aws.String(""),
		MetricTransformations: []types.MetricTransformation{withDims},
	})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: aws.String("/nope"), FilterName: aws.String("f"), FilterPattern: aws.String(""),
		MetricTransformations: []types.MetricTransformation{security},
	})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = c.DescribeMetricFilters(ctx, &cloudwatchlogs.DescribeMetricFiltersInput{MetricName: aws.String("SecurityEvents")})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.DescribeMetricFilters(ctx, &cloudwatchlogs.DescribeMetricFiltersInput{LogGroupName: aws.String("/nope")})
	wantCode(t, err, "ResourceNotFoundException")

	// Delete, and the count follows.
	must[*cloudwatchlogs.DeleteMetricFilterOutput](t)(c.DeleteMetricFilter(ctx, &cloudwatchlogs.DeleteMetricFilterInput{
		LogGroupName: aws.String("/app/api"), FilterName: aws.String("security-events")}))
	_, err = c.DeleteMetricFilter(ctx, &cloudwatchlogs.DeleteMetricFilterInput{LogGroupName: aws.String("/app/api"), FilterName: aws.String("security-events")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Fatalf("second delete: want ResourceNotFoundException, got %v", err)
	}
	left := must[*cloudwatchlogs.DescribeMetricFiltersOutput](t)(c.DescribeMetricFilters(ctx, &cloudwatchlogs.DescribeMetricFiltersInput{LogGroupName: aws.String("/app/api")}))
	if len(left.MetricFilters) != 1 || left.NextToken != nil {
		t.Fatalf("after delete = %+v", left.MetricFilters)
	}
	groups = must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/app/api")}))
	if n := groups.LogGroups[0].MetricFilterCount; n == nil || *n != 1 {
		t.Fatalf("metricFilterCount after delete = %v, want 1", n)
	}

	// Ingest still succeeds with filters attached.
	must[*cloudwatchlogs.CreateLogStreamOutput](t)(c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String("/app/api"), LogStreamName: aws.String("s")}))
	must[*cloudwatchlogs.PutLogEventsOutput](t)(c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{
		LogGroupName: aws.String("/app/api"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(time.Now().UnixMilli()), Message: aws.String(`{"level":"INFO","extra":{"log_type":"Access","duration_ms":12}}`)}},
	}))
}

func TestTestMetricFilter(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	const apache = `127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534`
	cases := []struct {
		pattern  string
		messages []string
		want     []types.MetricFilterMatchRecord
	}{
		{
			`{ $.extra.log_type = "Security" }`,
			[]string{`{"extra":{"log_type":"Access"}}`, `{"extra":{"log_type":"Security"}}`},
			[]types.MetricFilterMatchRecord{{EventNumber: 2, EventMessage: aws.String(`{"extra":{"log_type":"Security"}}`), ExtractedValues: map[string]string{"$.extra.log_type": "Security"}}},
		},
		{
			`[ip, user, username, timestamp, request, status_code, bytes]`,
			[]string{apache},
			[]types.MetricFilterMatchRecord{{EventNumber: 1, EventMessage: aws.String(apache), ExtractedValues: map[string]string{
				"$ip": "127.0.0.1", "$user": "-", "$username": "frank", "$timestamp": "10/Oct/2000:13:25:15 -0700",
				"$request": "GET /index.html HTTP/1.0", "$status_code": "404", "$bytes": "1534"}}},
		},
		{
			`ERROR`,
			[]string{"INFO ok", "ERROR disk full"},
			[]types.MetricFilterMatchRecord{{EventNumber: 2, EventMessage: aws.String("ERROR disk full"), ExtractedValues: map[string]string{}}},
		},
	}
	for _, tc := range cases {
		out, err := c.TestMetricFilter(ctx, &cloudwatchlogs.TestMetricFilterInput{FilterPattern: aws.String(tc.pattern), LogEventMessages: tc.messages})
		if err != nil {
			t.Fatalf("TestMetricFilter(%q): %v", tc.pattern, err)
		}
		if !reflect.DeepEqual(out.Matches, tc.want) {
			t.Fatalf("TestMetricFilter(%q) = %+v, want %+v", tc.pattern, out.Matches, tc.want)
		}
	}
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	_, err := c.TestMetricFilter(ctx, &cloudwatchlogs.TestMetricFilterInput{FilterPattern: aws.String(""), LogEventMessages: many})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.TestMetricFilter(ctx, &cloudwatchlogs.TestMetricFilterInput{FilterPattern: aws.String("[a,"), LogEventMessages: []string{"x"}})
	wantCode(t, err, "InvalidParameterException")
}
