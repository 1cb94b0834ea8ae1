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
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/openwatch/openwatch/internal/cli"
)

// runQuery starts a query and polls until it ends.
func runQuery(t *testing.T, c *cloudwatchlogs.Client, in *cloudwatchlogs.StartQueryInput) *cloudwatchlogs.GetQueryResultsOutput {
	t.Helper()
	ctx := context.Background()
	started, err := c.StartQuery(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out, err := c.GetQueryResults(ctx, &cloudwatchlogs.GetQueryResultsInput{QueryId: started.QueryId})
		if err != nil {
			t.Fatal(err)
		}
		switch out.Status {
		case types.QueryStatusComplete, types.QueryStatusFailed, types.QueryStatusCancelled, types.QueryStatusTimeout:
			return out
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("query did not finish")
	return nil
}

func field(row []types.ResultField, name string) string {
	for _, f := range row {
		if aws.ToString(f.Field) == name {
			return aws.ToString(f.Value)
		}
	}
	return ""
}

func TestInsightsQueries(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	base := time.Now().Add(-30 * time.Minute).Truncate(time.Minute)
	var msgs []string
	for i := range 60 {
		logType, level := "App", "INFO"
		if i%3 == 0 {
			logType = "Security"
		}
		if i%10 == 0 {
			level = "ERROR"
		}
		msgs = append(msgs, fmt.Sprintf(`{"level":%q,"message":"event %d","extra":{"log_type":%q,"user_email":"u%d@example.com","operation":"op%d","duration_ms":%d}}`, level, i, logType, i%4, i%2, i*10))
	}
	// One event per 30 s over 30 minutes.
	if _, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("integrates")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String("integrates"), LogStreamName: aws.String("api")}); err != nil {
		t.Fatal(err)
	}
	events := make([]types.InputLogEvent, len(msgs))
	for i, m := range msgs {
		events[i] = types.InputLogEvent{Timestamp: aws.Int64(base.Add(time.Duration(i) * 30 * time.Second).UnixMilli()), Message: aws.String(m)}
	}
	if _, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("integrates"), LogStreamName: aws.String("api"), LogEvents: events}); err != nil {
		t.Fatal(err)
	}
	window := func(q string) *cloudwatchlogs.StartQueryInput {
		return &cloudwatchlogs.StartQueryInput{LogGroupName: aws.String("integrates"), QueryString: aws.String(q),
			StartTime: aws.Int64(base.Add(-time.Minute).Unix()), EndTime: aws.Int64(time.Now().Unix())}
	}

	sec := runQuery(t, c, window(`fields @timestamp, extra.user_email, message, extra.resource_type
| filter extra.log_type = "Security"
| sort @timestamp desc
| limit 100`))
	if sec.Status != types.QueryStatusComplete || len(sec.Results) != 20 {
		t.Fatalf("security query: %s, %d rows", sec.Status, len(sec.Results))
	}
	if got := field(sec.Results[0], "message"); got != "event 57" {
		t.Fatalf("newest security event = %q, want event 57", got)
	}
	if field(sec.Results[0], "@ptr") == "" || !strings.HasSuffix(field(sec.Results[0], "@timestamp"), "00.000") && !strings.HasSuffix(field(sec.Results[0], "@timestamp"), "30.000") {
		t.Fatalf("row shape: %+v", sec.Results[0])
	}
	if st := sec.Statistics; st == nil || st.RecordsScanned != 60 || st.RecordsMatched != 20 || st.BytesScanned <= 0 {
		t.Fatalf("statistics: %+v", sec.Statistics)
	}

	errs := runQuery(t, c, window(`fields @timestamp, message, extra.operation | filter level = "ERROR" | sort @timestamp desc | limit 50`))
	if len(errs.Results) != 6 || field(errs.Results[0], "message") != "event 50" {
		t.Fatalf("error query: %d rows", len(errs.Results))
	}

	bins := runQuery(t, c, window(`stats count(*) as n by bin(5m)`))
	total := 0
	for _, r := range bins.Results {
		var n int
		fmt.Sscan(field(r, "n"), &n)
		total += n
	}
	if total != 60 || len(bins.Results) < 6 {
		t.Fatalf("bin(5m): %d buckets, %d events", len(bins.Results), total)
	}
	agg := runQuery(t, c, window(`stats avg(extra.duration_ms) as avg, max(extra.duration_ms) as mx by extra.operation | sort extra.operation`))
	if len(agg.Results) != 2 || field(agg.Results[0], "avg") != "290" || field(agg.Results[1], "mx") != "590" {
		t.Fatalf("stats by: %+v", agg.Results)
	}

	// GetLogRecord resolves @ptr.
	rec, err := c.GetLogRecord(ctx, &cloudwatchlogs.GetLogRecordInput{LogRecordPointer: aws.String(field(sec.Results[0], "@ptr"))})
	if err != nil {
		t.Fatal(err)
	}
	if rec.LogRecord["extra.log_type"] != "Security" || rec.LogRecord["@logStream"] != "api" {
		t.Fatalf("log record: %v", rec.LogRecord)
	}

	// Errors.
	_, err = c.StartQuery(ctx, window(`fields @message | stats count(*) by`))
	var mq *types.MalformedQueryException
	if !errors.As(err, &mq) || mq.QueryCompileError == nil || mq.QueryCompileError.Location == nil {
		t.Fatalf("malformed query: %v", err)
	}
	in := window("fields @message")
	in.LogGroupName = aws.String("nope")
	_, err = c.StartQuery(ctx, in)
	wantCode(t, err, "ResourceNotFoundException")
	_, err = c.GetQueryResults(ctx, &cloudwatchlogs.GetQueryResultsInput{QueryId: aws.String("00000000-0000-0000-0000-000000000000")})
	wantCode(t, err, "ResourceNotFoundException")

	// Beyond CloudWatch's 10,000-row cap: the limit may go to 1,000,000.
	big := window("fields @message")
	big.Limit = aws.Int32(1_000_000)
	if out := runQuery(t, c, big); len(out.Results) != 60 {
		t.Fatalf("limit 1,000,000: %d rows", len(out.Results))
	}

	// OpenWatch's wait header: one GetQueryResults answers when the query
	// is complete; a bad value is refused as a bad parameter.
	started, err := c.StartQuery(ctx, window(`stats count(*) as n`))
	if err != nil {
		t.Fatal(err)
	}
	waited, err := c.GetQueryResults(ctx, &cloudwatchlogs.GetQueryResultsInput{QueryId: started.QueryId}, cli.WaitForQuery(15*time.Second))
	if err != nil || waited.Status != types.QueryStatusComplete || field(waited.Results[0], "n") != "60" {
		t.Fatalf("waited results: %+v, %v", waited, err)
	}
	_, err = c.GetQueryResults(ctx, &cloudwatchlogs.GetQueryResultsInput{QueryId: started.QueryId}, func(o *cloudwatchlogs.Options) {
		o.APIOptions = append(o.APIOptions, smithyhttp.AddHeaderValue(cli.QueryWaitHeader, "forever"))
	})
	wantCode(t, err, "InvalidParameterException")

	qs, err := c.DescribeQueries(ctx, &cloudwatchlogs.DescribeQueriesInput{LogGroupName: aws.String("integrates")})
	if err != nil || len(qs.Queries) < 5 {
		t.Fatalf("describe queries: %v %v", qs, err)
	}
}

func TestQueryDefinitionsAPI(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	put := must[*cloudwatchlogs.PutQueryDefinitionOutput](t)(c.PutQueryDefinition(ctx, &cloudwatchlogs.PutQueryDefinitionInput{
		Name: aws.String("errors/recent"), QueryString: aws.String(`filter level = "ERROR"`), LogGroupNames: []string{"integrates"}}))
	must[*cloudwatchlogs.PutQueryDefinitionOutput](t)(c.PutQueryDefinition(ctx, &cloudwatchlogs.PutQueryDefinitionInput{
		QueryDefinitionId: put.QueryDefinitionId, Name: aws.String("errors/all"), QueryString: aws.String(`filter level = "ERROR" | stats count(*)`)}))
	list := must[*cloudwatchlogs.DescribeQueryDefinitionsOutput](t)(c.DescribeQueryDefinitions(ctx, &cloudwatchlogs.DescribeQueryDefinitionsInput{QueryDefinitionNamePrefix: aws.String("errors/")}))
	if len(list.QueryDefinitions) != 1 || aws.ToString(list.QueryDefinitions[0].Name) != "errors/all" || len(list.QueryDefinitions[0].LogGroupNames) != 0 {
		t.Fatalf("definitions: %+v", list.QueryDefinitions)
	}
	del := must[*cloudwatchlogs.DeleteQueryDefinitionOutput](t)(c.DeleteQueryDefinition(ctx, &cloudwatchlogs.DeleteQueryDefinitionInput{QueryDefinitionId: put.QueryDefinitionId}))
	if !del.Success {
		t.Fatal("delete returned success=false")
	}
	_, err := c.DeleteQueryDefinition(ctx, &cloudwatchlogs.DeleteQueryDefinitionInput{QueryDefinitionId: put.QueryDefinitionId})
	wantCode(t, err, "ResourceNotFoundException")
}
