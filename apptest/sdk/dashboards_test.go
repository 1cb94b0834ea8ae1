package sdk

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// operationsBody is a dashboard as the console exports it: a line graph
// with a band and a deploy marker, a number, a graph of one alarm, a Logs
// Insights table, Markdown and an alarm status widget. Its spacing and key
// order must come back unchanged.
const operationsBody = `{
    "start": "-PT12H",
    "widgets": [
        {
            "type": "metric",
            "x": 0,
            "y": 0,
            "width": 12,
            "height": 6,
            "properties": {
                "metrics": [
                    [ "AWS/Lambda", "Duration", "FunctionName", "api", { "stat": "p99", "label": "api p99" } ],
                    [ "...", "worker", { "stat": "p99", "yAxis": "right", "color": "#2ca02c" } ],
                    [ { "expression": "m1 * 2", "label": "doubled", "id": "e1", "visible": false } ]
                ],
                "view": "timeSeries",
                "stacked": false,
                "region": "us-east-1",
                "period": 60,
                "title": "Lambda latency",
                "annotations": {
                    "horizontal": [
                        { "label": "SLO", "value": 250, "color": "#d62728", "fill": "above" },
                        [ { "label": "normal", "value": 50 }, { "value": 150 } ]
                    ],
                    "vertical": [ { "label": "deploy", "value": "2026-03-01T10:00:00.000Z" } ]
                }
            }
        },
        {
            "type": "metric", "x": 12, "y": 0, "width": 6, "height": 6,
            "properties": { "metrics": [ [ "AWS/Lambda", "Invocations", { "stat": "Sum" } ] ], "view": "singleValue", "region": "us-east-1", "sparkline": true }
        },
        {
            "type": "metric", "x": 18, "y": 0, "width": 6, "height": 6,
            "properties": { "title": "Errors alarm", "annotations": { "alarms": [ "arn:aws:cloudwatch:us-east-1:111111111111:alarm:api-errors" ] }, "view": "timeSeries", "region": "us-east-1" }
        },
        {
            "type": "log", "x": 0, "y": 6, "width": 24, "height": 6,
            "properties": { "query": "SOURCE '/aws/lambda/api' | fields @timestamp, @message\n| filter @message like /ERROR/\n| sort @timestamp desc\n| limit 20", "region": "us-east-1", "title": "Errors", "view": "table" }
        },
        { "type": "text", "x": 0, "y": 12, "width": 12, "height": 3, "properties": { "markdown": "## On call\n* [Runbook](https://example.com/runbook)" } },
        {
            "type": "alarm", "x": 12, "y": 12, "width": 12, "height": 3,
            "properties": { "title": "Alarms", "alarms": [ "arn:aws:cloudwatch:us-east-1:111111111111:alarm:api-errors" ], "states": [ "ALARM" ] }
        }
    ]
}`

func TestDashboardsSDK(t *testing.T) {
	s := startServer(t, t.TempDir())
	c, _ := metricsClient(s.URL)
	ctx := context.Background()

	put, err := c.PutDashboard(ctx, &cloudwatch.PutDashboardInput{DashboardName: aws.String("ops-main"), DashboardBody: aws.String(operationsBody)})
	if err != nil {
		t.Fatalf("PutDashboard: %v", err)
	}
	if len(put.DashboardValidationMessages) != 0 {
		t.Fatalf("messages for a valid body: %+v", put.DashboardValidationMessages)
	}
	got, err := c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: aws.String("ops-main")})
	if err != nil {
		t.Fatalf("GetDashboard: %v", err)
	}
	if aws.ToString(got.DashboardBody) != operationsBody {
		t.Errorf("body changed on the way:\n%s", aws.ToString(got.DashboardBody))
	}
	if arn := aws.ToString(got.DashboardArn); arn != "arn:aws:cloudwatch::111111111111:dashboard/ops-main" || aws.ToString(got.DashboardName) != "ops-main" {
		t.Errorf("ARN %s, name %s", arn, aws.ToString(got.DashboardName))
	}

	// A refused body carries its messages and is not stored.
	_, err = c.PutDashboard(ctx, &cloudwatch.PutDashboardInput{DashboardName: aws.String("broken"), DashboardBody: aws.String(
		`{"widgets":[{"type":"metric","x":20,"y":0,"width":6,"properties":{"region":"us-east-1","metrics":[["AWS/EC2","CPUUtilization",{"color":"red"}]]}},{"type":"graph","properties":{}}]}`)})
	var invalid *types.DashboardInvalidInputError
	if !errors.As(err, &invalid) {
		t.Fatalf("invalid body: %v", err)
	}
	var msgs []string
	for _, m := range invalid.DashboardValidationMessages {
		msgs = append(msgs, aws.ToString(m.DataPath)+": "+aws.ToString(m.Message))
	}
	want := []string{
		"/widgets/0: Should fit the 24-column grid: x + width is 26",
		`/widgets/0/properties/metrics/0/2/color: Should match pattern "^#[0-9A-Fa-f]{6}$"`,
		"/widgets/1/type: Should be equal to one of the allowed values",
	}
	if fmt.Sprint(msgs) != fmt.Sprint(want) {
		t.Errorf("messages:\n%q\nwant\n%q", msgs, want)
	}
	// Query-compatible clients report the query code.
	if invalid.ErrorCode() != "InvalidParameterInput" {
		t.Errorf("error code: %v", err)
	}
	if _, err := c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: aws.String("broken")}); !isDashboardNotFound(err) {
		t.Fatalf("refused dashboard: %v", err)
	}

	// Listing by prefix.
	before := time.Now().Add(-time.Minute)
	for _, name := range []string{"ops-db", "team_b", "ops-queue"} {
		if _, err := c.PutDashboard(ctx, &cloudwatch.PutDashboardInput{DashboardName: aws.String(name), DashboardBody: aws.String(`{"widgets":[]}`)}); err != nil {
			t.Fatalf("PutDashboard %s: %v", name, err)
		}
	}
	list, err := c.ListDashboards(ctx, &cloudwatch.ListDashboardsInput{DashboardNamePrefix: aws.String("ops-")})
	if err != nil {
		t.Fatalf("ListDashboards: %v", err)
	}
	var names []string
	for _, e := range list.DashboardEntries {
		names = append(names, aws.ToString(e.DashboardName))
		if aws.ToString(e.DashboardArn) != "arn:aws:cloudwatch::111111111111:dashboard/"+aws.ToString(e.DashboardName) || aws.ToTime(e.LastModified).Before(before) {
			t.Errorf("entry %+v", e)
		}
	}
	if fmt.Sprint(names) != "[ops-db ops-main ops-queue]" || list.NextToken != nil {
		t.Fatalf("list: %v, next %v", names, list.NextToken)
	}
	if size := aws.ToInt64(list.DashboardEntries[1].Size); size != int64(len(operationsBody)) {
		t.Errorf("size %d, want %d", size, len(operationsBody))
	}

	// Deleting is all or nothing.
	_, err = c.DeleteDashboards(ctx, &cloudwatch.DeleteDashboardsInput{DashboardNames: []string{"ops-db", "nope"}})
	if !isDashboardNotFound(err) {
		t.Fatalf("delete with an unknown name: %v", err)
	}
	if _, err := c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: aws.String("ops-db")}); err != nil {
		t.Fatalf("ops-db after a failed delete: %v", err)
	}
	if _, err := c.DeleteDashboards(ctx, &cloudwatch.DeleteDashboardsInput{DashboardNames: []string{"ops-db", "team_b"}}); err != nil {
		t.Fatalf("DeleteDashboards: %v", err)
	}
	all, err := c.ListDashboards(ctx, &cloudwatch.ListDashboardsInput{})
	if err != nil {
		t.Fatal(err)
	}
	names = names[:0]
	for _, e := range all.DashboardEntries {
		names = append(names, aws.ToString(e.DashboardName))
	}
	if fmt.Sprint(names) != "[ops-main ops-queue]" {
		t.Fatalf("after delete: %v", names)
	}
}

func isDashboardNotFound(err error) bool {
	var nf *types.DashboardNotFoundError
	return errors.As(err, &nf)
}
