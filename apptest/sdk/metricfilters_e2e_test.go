package sdk

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// TestMetricFiltersProduceMetrics ingests structured application logs and
// reads back, through GetMetricData, the per-minute counts and sums that
// two metric filters and an EMF line produce at ingest.
func TestMetricFiltersProduceMetrics(t *testing.T) {
	s := startServer(t, t.TempDir())
	logsC := logsClient(s.URL, testKeyID, testSecret)
	cw, _ := metricsClient(s.URL)
	ctx := context.Background()
	group := aws.String("app")
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(logsC.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: group}))
	must[*cloudwatchlogs.CreateLogStreamOutput](t)(logsC.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String("api")}))
	must[*cloudwatchlogs.PutMetricFilterOutput](t)(logsC.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: group, FilterName: aws.String("security"), FilterPattern: aws.String(`{ $.extra.log_type = "Security" }`),
		MetricTransformations: []types.MetricTransformation{{MetricName: aws.String("SecurityEvents"), MetricNamespace: aws.String("App"), MetricValue: aws.String("1")}},
	}))
	must[*cloudwatchlogs.PutMetricFilterOutput](t)(logsC.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: group, FilterName: aws.String("latency"), FilterPattern: aws.String(`{ $.extra.duration_ms = * }`),
		MetricTransformations: []types.MetricTransformation{{MetricName: aws.String("DurationMs"), MetricNamespace: aws.String("App"), MetricValue: aws.String("$.extra.duration_ms"), Unit: types.StandardUnitMilliseconds}},
	}))

	// Two whole minutes: minute 0 has 3 Security events and durations
	// 10+20+30+40; minute 1 has 1 Security event and durations 100+200.
	m0 := time.Now().Add(-10 * time.Minute).Truncate(time.Minute)
	m1 := m0.Add(time.Minute)
	ev := func(at time.Time, logType string, dur int) types.InputLogEvent {
		msg := fmt.Sprintf(`{"level":"INFO","message":"req","extra":{"log_type":%q,"duration_ms":%d}}`, logType, dur)
		return types.InputLogEvent{Timestamp: aws.Int64(at.UnixMilli()), Message: aws.String(msg)}
	}
	emf := fmt.Sprintf(`{"_aws":{"Timestamp":%d,"CloudWatchMetrics":[{"Namespace":"App","Dimensions":[["Service"]],"Metrics":[{"Name":"Orders","Unit":"Count"}]}]},"Service":"shop","Orders":7}`, m1.Add(5*time.Second).UnixMilli())
	events := []types.InputLogEvent{
		ev(m0.Add(1*time.Second), "Security", 10),
		ev(m0.Add(2*time.Second), "App", 20),
		ev(m0.Add(3*time.Second), "Security", 30),
		ev(m0.Add(4*time.Second), "Security", 40),
		ev(m1.Add(1*time.Second), "App", 100),
		{Timestamp: aws.Int64(m1.Add(5 * time.Second).UnixMilli()), Message: aws.String(emf)},
		ev(m1.Add(9*time.Second), "Security", 200),
	}
	must[*cloudwatchlogs.PutLogEventsOutput](t)(logsC.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: group, LogStreamName: aws.String("api"), LogEvents: events}))

	stat := func(id, name, stat string, dims ...cwtypes.Dimension) cwtypes.MetricDataQuery {
		return cwtypes.MetricDataQuery{Id: aws.String(id), MetricStat: &cwtypes.MetricStat{
			Metric: &cwtypes.Metric{Namespace: aws.String("App"), MetricName: aws.String(name), Dimensions: dims},
			Period: aws.Int32(60), Stat: aws.String(stat)}}
	}
	var out *cloudwatch.GetMetricDataOutput
	// Metrics appear within seconds of the events' acknowledgement.
	for deadline := time.Now().Add(10 * time.Second); ; {
		out = must[*cloudwatch.GetMetricDataOutput](t)(cw.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
			StartTime: aws.Time(m0), EndTime: aws.Time(m1.Add(time.Minute)), ScanBy: cwtypes.ScanByTimestampAscending,
			MetricDataQueries: []cwtypes.MetricDataQuery{
				stat("sec", "SecurityEvents", "Sum"),
				stat("dur", "DurationMs", "Sum"),
				stat("n", "DurationMs", "SampleCount"),
				stat("orders", "Orders", "Sum", cwtypes.Dimension{Name: aws.String("Service"), Value: aws.String("shop")}),
			},
		}))
		if len(out.MetricDataResults) == 4 && len(out.MetricDataResults[3].Values) == 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	want := map[string][]float64{"sec": {3, 1}, "dur": {100, 300}, "n": {4, 2}, "orders": {7}}
	for _, r := range out.MetricDataResults {
		if got := fmt.Sprint(r.Values); got != fmt.Sprint(want[aws.ToString(r.Id)]) {
			t.Errorf("%s: values %s at %v, want %v", aws.ToString(r.Id), got, r.Timestamps, want[aws.ToString(r.Id)])
		}
	}
	if ts := out.MetricDataResults[0].Timestamps; len(ts) != 2 || !ts[0].Equal(m0) || !ts[1].Equal(m1) {
		t.Errorf("per-minute timestamps %v, want %v and %v", ts, m0, m1)
	}
}
