package sdk

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// alarmNotification is the part of the alarm JSON the test reads.
type alarmNotification struct {
	AlarmName, NewStateValue, OldStateValue, Region, AlarmArn, AWSAccountId string
	AlarmActions                                                            []string
	Trigger                                                                 struct {
		MetricName, Namespace, Statistic string
		Period                           int
	}
	Evidence struct {
		StartTime, EndTime int64
		MetricFilters      []struct{ LogGroupName, FilterName, FilterPattern string }
		LogEvents          []struct {
			LogGroupName  string `json:"logGroupName"`
			LogStreamName string `json:"logStreamName"`
			Timestamp     int64  `json:"timestamp"`
			Message       string `json:"message"`
		}
		Truncated     bool
		InsightsQuery struct {
			LogGroupNames      []string
			QueryString        string
			StartTime, EndTime int64
			Note               string
		}
	}
}

// An alarm on a metric-filter metric notifies its topic's webhook with
// the alarm JSON, the matching log lines and a query that finds them.
func TestAlarmNotificationCarriesEvidence(t *testing.T) {
	s := startServer(t, t.TempDir())
	ctx := context.Background()
	logsC := logsClient(s.URL, testKeyID, testSecret)
	cw, _ := metricsClient(s.URL)
	snsC := snsClient(s.URL)

	// A metric filter on ERROR lines.
	group := aws.String("/app/api")
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(logsC.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: group}))
	must[*cloudwatchlogs.CreateLogStreamOutput](t)(logsC.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String("web-1")}))
	must[*cloudwatchlogs.PutMetricFilterOutput](t)(logsC.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: group, FilterName: aws.String("errors"), FilterPattern: aws.String("ERROR"),
		MetricTransformations: []types.MetricTransformation{{MetricName: aws.String("Errors"), MetricNamespace: aws.String("App"), MetricValue: aws.String("1")}},
	}))

	// A topic whose webhook confirms its subscription by fetching the
	// SubscribeURL.
	hook := newWebhook(t, true)
	topic := subscribeHook(t, snsC, "oncall", hook)

	// ERROR lines in the last whole minute, among others.
	at := time.Now().UTC().Truncate(time.Minute).Add(-30 * time.Second)
	lines := []string{"INFO started", "ERROR db timeout on orders", "INFO request ok", "ERROR db timeout on users", "ERROR cache unreachable"}
	var events []types.InputLogEvent
	for i, l := range lines {
		events = append(events, types.InputLogEvent{Timestamp: aws.Int64(at.Add(time.Duration(i) * time.Second).UnixMilli()), Message: aws.String(l)})
	}
	must[*cloudwatchlogs.PutLogEventsOutput](t)(logsC.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: group, LogStreamName: aws.String("web-1"), LogEvents: events}))
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		st := must[*cloudwatch.GetMetricStatisticsOutput](t)(cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: aws.String("App"), MetricName: aws.String("Errors"), StartTime: aws.Time(at.Add(-time.Minute)), EndTime: aws.Time(at.Add(time.Minute)),
			Period: aws.Int32(60), Statistics: []cwtypes.Statistic{cwtypes.StatisticSum},
		}))
		if len(st.Datapoints) == 1 && aws.ToFloat64(st.Datapoints[0].Sum) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the metric filter did not produce the datapoint: %+v", st.Datapoints)
		}
	}

	// One breaching minute among three alarms, so a minute boundary
	// passing during the test changes nothing.
	_, err := cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("api-errors"), Namespace: aws.String("App"), MetricName: aws.String("Errors"),
		Statistic: cwtypes.StatisticSum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(3), DatapointsToAlarm: aws.Int32(1),
		Threshold: aws.Float64(0), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
		TreatMissingData: aws.String("notBreaching"), AlarmActions: []string{topic},
	})
	if err != nil {
		t.Fatal(err)
	}
	waitAlarmState(t, cw, "api-errors", cwtypes.StateValueAlarm)

	n := hook.waitFor(t, "Notification", 1)[0].message(t)
	if n["Subject"] != `ALARM: "api-errors" in US East (N. Virginia)` || n["TopicArn"] != topic {
		t.Fatalf("notification: %v", n)
	}
	var msg alarmNotification
	if err := json.Unmarshal([]byte(n["Message"]), &msg); err != nil {
		t.Fatalf("alarm JSON %q: %v", n["Message"], err)
	}
	if msg.AlarmName != "api-errors" || msg.NewStateValue != "ALARM" || msg.OldStateValue != "INSUFFICIENT_DATA" ||
		msg.AWSAccountId != "111111111111" || msg.Region != "US East (N. Virginia)" || !slices.Equal(msg.AlarmActions, []string{topic}) ||
		msg.Trigger.MetricName != "Errors" || msg.Trigger.Namespace != "App" || msg.Trigger.Statistic != "SUM" || msg.Trigger.Period != 60 {
		t.Fatalf("alarm JSON: %+v", msg)
	}
	ev := msg.Evidence
	var got []string
	for _, e := range ev.LogEvents {
		if e.LogGroupName != "/app/api" || e.LogStreamName != "web-1" || e.Timestamp < at.UnixMilli() {
			t.Fatalf("evidence event: %+v", e)
		}
		got = append(got, e.Message)
	}
	if want := []string{"ERROR db timeout on orders", "ERROR db timeout on users", "ERROR cache unreachable"}; !slices.Equal(got, want) || ev.Truncated {
		t.Fatalf("evidence events %q, want %q (truncated %v)", got, want, ev.Truncated)
	}
	if len(ev.MetricFilters) != 1 || ev.MetricFilters[0].FilterName != "errors" || ev.StartTime > at.UnixMilli() || ev.EndTime < at.Add(4*time.Second).UnixMilli() {
		t.Fatalf("evidence: %+v", ev)
	}
	q := ev.InsightsQuery
	if !slices.Equal(q.LogGroupNames, []string{"/app/api"}) || !strings.Contains(q.QueryString, `filter @message like "ERROR"`) || q.Note != "" {
		t.Fatalf("insights query: %+v", q)
	}

	// The query is ready to run and finds the same lines.
	res := runQuery(t, logsC, &cloudwatchlogs.StartQueryInput{LogGroupNames: q.LogGroupNames, QueryString: aws.String(q.QueryString),
		StartTime: aws.Int64(q.StartTime), EndTime: aws.Int64(q.EndTime)})
	var found []string
	for _, row := range res.Results {
		found = append(found, field(row, "@message"))
	}
	slices.Sort(found)
	slices.Sort(got)
	if res.Status != types.QueryStatusComplete || !slices.Equal(found, got) {
		t.Fatalf("query %s found %q, want %q", res.Status, found, got)
	}

	// The action is in the alarm's history, with the published message.
	// The history is written once the publish returns, which may be after
	// the topic has delivered the notification: wait for it.
	var hist *cloudwatch.DescribeAlarmHistoryOutput
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		hist = must[*cloudwatch.DescribeAlarmHistoryOutput](t)(cw.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{
			AlarmName: aws.String("api-errors"), HistoryItemType: cwtypes.HistoryItemTypeAction}))
		if len(hist.AlarmHistoryItems) > 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(hist.AlarmHistoryItems) != 1 || aws.ToString(hist.AlarmHistoryItems[0].HistorySummary) != "Successfully executed action "+topic {
		t.Fatalf("history: %+v", hist.AlarmHistoryItems)
	}
	var data struct{ ActionState, PublishedMessage string }
	if err := json.Unmarshal([]byte(aws.ToString(hist.AlarmHistoryItems[0].HistoryData)), &data); err != nil ||
		data.ActionState != "Succeeded" || data.PublishedMessage != n["Message"] {
		t.Fatalf("history data %s: %v", aws.ToString(hist.AlarmHistoryItems[0].HistoryData), err)
	}
}
