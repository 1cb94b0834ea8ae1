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
	"github.com/aws/smithy-go"
)

// wantCode fails unless err is an AWS error with the given code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want %s, got %v", code, err)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("want %s, got %s: %s", code, ae.ErrorCode(), ae.ErrorMessage())
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestLogGroupsLifecycle(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()

	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/app/api"), Tags: map[string]string{"team": "core"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/app/api")})
	var exists *types.ResourceAlreadyExistsException
	if !errors.As(err, &exists) {
		t.Fatalf("duplicate group: want ResourceAlreadyExistsException, got %v", err)
	}
	_, err = c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("bad name!")})
	var invalid *types.InvalidParameterException
	if !errors.As(err, &invalid) {
		t.Fatalf("bad name: want InvalidParameterException, got %v", err)
	}
	_, err = c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(strings.Repeat("a", 513))})
	wantCode(t, err, "InvalidParameterException")

	for i := range 5 {
		must[*cloudwatchlogs.CreateLogGroupOutput](t)(c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(fmt.Sprintf("/page/g%d", i))}))
	}
	// More than one page through the SDK's own paginator.
	var names []string
	pages := 0
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/page/"), Limit: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, g := range out.LogGroups {
			names = append(names, *g.LogGroupName)
		}
	}
	if pages != 3 || strings.Join(names, ",") != "/page/g0,/page/g1,/page/g2,/page/g3,/page/g4" {
		t.Fatalf("paginated %d pages: %v", pages, names)
	}

	all := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}))
	if len(all.LogGroups) != 6 || *all.LogGroups[0].LogGroupName != "/app/api" {
		t.Fatalf("describe all: %d groups", len(all.LogGroups))
	}
	g := all.LogGroups[0]
	if *g.Arn != "arn:aws:logs:us-east-1:111111111111:log-group:/app/api:*" || *g.LogGroupArn != "arn:aws:logs:us-east-1:111111111111:log-group:/app/api" {
		t.Fatalf("arns: %s %s", *g.Arn, *g.LogGroupArn)
	}
	if g.RetentionInDays != nil || g.CreationTime == nil || *g.CreationTime < time.Now().Add(-time.Minute).UnixMilli() {
		t.Fatalf("group fields: %+v", g)
	}
	pat := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePattern: aws.String("g3")}))
	if len(pat.LogGroups) != 1 || *pat.LogGroups[0].LogGroupName != "/page/g3" {
		t.Fatalf("pattern: %+v", pat.LogGroups)
	}
	_, err = c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/a"), LogGroupNamePattern: aws.String("a")})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{NextToken: aws.String("garbage")})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{Limit: aws.Int32(51)})
	wantCode(t, err, "InvalidParameterException")

	// Retention.
	must[*cloudwatchlogs.PutRetentionPolicyOutput](t)(c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/app/api"), RetentionInDays: aws.Int32(14)}))
	_, err = c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/app/api"), RetentionInDays: aws.Int32(2)})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/nope"), RetentionInDays: aws.Int32(1)})
	wantCode(t, err, "ResourceNotFoundException")
	one := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/app/")}))
	if r := one.LogGroups[0].RetentionInDays; r == nil || *r != 14 {
		t.Fatalf("retention = %v, want 14", r)
	}
	must[*cloudwatchlogs.DeleteRetentionPolicyOutput](t)(c.DeleteRetentionPolicy(ctx, &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: aws.String("/app/api")}))
	one = must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/app/")}))
	if one.LogGroups[0].RetentionInDays != nil {
		t.Fatal("retention still set after DeleteRetentionPolicy")
	}

	// Tags, by ARN and by the legacy name-addressed operations.
	arn := "arn:aws:logs:us-east-1:111111111111:log-group:/app/api"
	must[*cloudwatchlogs.TagResourceOutput](t)(c.TagResource(ctx, &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"env": "prod"}}))
	tags := must[*cloudwatchlogs.ListTagsForResourceOutput](t)(c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)}))
	if len(tags.Tags) != 2 || tags.Tags["team"] != "core" || tags.Tags["env"] != "prod" {
		t.Fatalf("tags = %v", tags.Tags)
	}
	must[*cloudwatchlogs.UntagResourceOutput](t)(c.UntagResource(ctx, &cloudwatchlogs.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"team"}}))
	// The legacy tagging actions are deprecated but still sent by older
	// clients, so they are tested on purpose.
	//lint:ignore SA1019 the legacy action is under test
	must[*cloudwatchlogs.TagLogGroupOutput](t)(c.TagLogGroup(ctx, &cloudwatchlogs.TagLogGroupInput{LogGroupName: aws.String("/app/api"), Tags: map[string]string{"legacy": "yes"}}))
	//lint:ignore SA1019 the legacy action is under test
	legacy := must[*cloudwatchlogs.ListTagsLogGroupOutput](t)(c.ListTagsLogGroup(ctx, &cloudwatchlogs.ListTagsLogGroupInput{LogGroupName: aws.String("/app/api")}))
	if len(legacy.Tags) != 2 || legacy.Tags["legacy"] != "yes" || legacy.Tags["env"] != "prod" {
		t.Fatalf("legacy tags = %v", legacy.Tags)
	}
	//lint:ignore SA1019 the legacy action is under test
	must[*cloudwatchlogs.UntagLogGroupOutput](t)(c.UntagLogGroup(ctx, &cloudwatchlogs.UntagLogGroupInput{LogGroupName: aws.String("/app/api"), Tags: []string{"legacy"}}))
	many := map[string]string{}
	for i := range 50 {
		many[fmt.Sprintf("k%d", i)] = "v"
	}
	_, err = c.TagResource(ctx, &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(arn), Tags: many})
	var tooMany *types.TooManyTagsException
	if !errors.As(err, &tooMany) {
		t.Fatalf("51 tags: want TooManyTagsException, got %v", err)
	}
	tags = must[*cloudwatchlogs.ListTagsForResourceOutput](t)(c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)}))
	if len(tags.Tags) != 1 {
		t.Fatalf("a refused TagResource changed tags: %v", tags.Tags)
	}
	_, err = c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String("arn:aws:logs:us-east-1:222222222222:log-group:/app/api")})
	wantCode(t, err, "ResourceNotFoundException")

	// Delete.
	must[*cloudwatchlogs.DeleteLogGroupOutput](t)(c.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/app/api")}))
	_, err = c.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/app/api")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Fatalf("delete twice: want ResourceNotFoundException, got %v", err)
	}
}

func TestLogStreams(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	group := aws.String("streams")
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: group}))
	_, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String("missing"), LogStreamName: aws.String("s")})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String("a:b")})
	wantCode(t, err, "InvalidParameterException")

	now := time.Now().UnixMilli()
	for i, name := range []string{"s-c", "s-a", "s-b", "other"} {
		must[*cloudwatchlogs.CreateLogStreamOutput](t)(c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String(name)}))
		// Each stream's last event is newer than the previous stream's.
		must[*cloudwatchlogs.PutLogEventsOutput](t)(c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: group, LogStreamName: aws.String(name),
			LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(now - 1000 + int64(i)), Message: aws.String("hello " + name)}}}))
	}
	_, err = c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String("s-a")})
	wantCode(t, err, "ResourceAlreadyExistsException")

	byName := func(in *cloudwatchlogs.DescribeLogStreamsInput) []string {
		var names []string
		p := cloudwatchlogs.NewDescribeLogStreamsPaginator(c, in)
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range out.LogStreams {
				names = append(names, *st.LogStreamName)
			}
		}
		return names
	}
	if got := byName(&cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: group, Limit: aws.Int32(1)}); strings.Join(got, ",") != "other,s-a,s-b,s-c" {
		t.Fatalf("by name: %v", got)
	}
	if got := byName(&cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: group, LogStreamNamePrefix: aws.String("s-"), Descending: aws.Bool(true), Limit: aws.Int32(2)}); strings.Join(got, ",") != "s-c,s-b,s-a" {
		t.Fatalf("prefix descending: %v", got)
	}
	if got := byName(&cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: group, OrderBy: types.OrderByLastEventTime, Descending: aws.Bool(true), Limit: aws.Int32(3)}); strings.Join(got, ",") != "other,s-b,s-a,s-c" {
		t.Fatalf("by last event time: %v", got)
	}
	_, err = c.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: group, OrderBy: types.OrderByLastEventTime, LogStreamNamePrefix: aws.String("s")})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: group, LogGroupIdentifier: group})
	wantCode(t, err, "InvalidParameterException")

	out := must[*cloudwatchlogs.DescribeLogStreamsOutput](t)(c.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{
		LogGroupIdentifier: aws.String("arn:aws:logs:us-east-1:111111111111:log-group:streams"), LogStreamNamePrefix: aws.String("s-a")}))
	if len(out.LogStreams) != 1 {
		t.Fatalf("by identifier: %+v", out.LogStreams)
	}
	st := out.LogStreams[0]
	if *st.FirstEventTimestamp != now-999 || *st.LastEventTimestamp != now-999 || st.LastIngestionTime == nil ||
		*st.Arn != "arn:aws:logs:us-east-1:111111111111:log-group:streams:log-stream:s-a" {
		t.Fatalf("stream fields: first=%v last=%v arn=%v", *st.FirstEventTimestamp, *st.LastEventTimestamp, *st.Arn)
	}

	must[*cloudwatchlogs.DeleteLogStreamOutput](t)(c.DeleteLogStream(ctx, &cloudwatchlogs.DeleteLogStreamInput{LogGroupName: group, LogStreamName: aws.String("s-a")}))
	_, err = c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: group, LogStreamName: aws.String("s-a")})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = c.DeleteLogStream(ctx, &cloudwatchlogs.DeleteLogStreamInput{LogGroupName: group, LogStreamName: aws.String("s-a")})
	wantCode(t, err, "ResourceNotFoundException")
	// A stream created again under a deleted stream's name starts empty.
	must[*cloudwatchlogs.CreateLogStreamOutput](t)(c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String("s-a")}))
	ev := must[*cloudwatchlogs.GetLogEventsOutput](t)(c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: group, LogStreamName: aws.String("s-a")}))
	if len(ev.Events) != 0 {
		t.Fatalf("recreated stream has %d old events", len(ev.Events))
	}
}
