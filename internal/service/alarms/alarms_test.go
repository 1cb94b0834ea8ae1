package alarms

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/alarmeval"
	"github.com/openwatch/openwatch/internal/storage/catalog"
)

const acct = "111111111111"

// fakeReader answers every alarm with its points and counts the reads.
type fakeReader struct {
	mu     sync.Mutex
	points []alarmeval.Datapoint
	reads  int
	err    error
}

func (f *fakeReader) ReadAlarmData(_ context.Context, _ string, _ Definition, start, end time.Time) ([]alarmeval.Datapoint, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if f.err != nil {
		return nil, f.err
	}
	var out []alarmeval.Datapoint
	for _, p := range f.points {
		if !p.Timestamp.Before(start) && p.Timestamp.Before(end) {
			out = append(out, p)
		}
	}
	return out, nil
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(t *testing.T) (*Service, *fakeReader, *clock) {
	t.Helper()
	cat, err := catalog.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := cat.Close(); err != nil {
			t.Error(err)
		}
	})
	r := &fakeReader{}
	c := &clock{t: time.Date(2026, 1, 2, 3, 4, 30, 0, time.UTC)}
	return New(cat, r, Options{Now: c.now}), r, c
}

func f64(v float64) *float64 { return &v }

func cpuAlarm(name string) PutMetricAlarmInput {
	return PutMetricAlarmInput{Definition: Definition{
		AlarmName: name, ActionsEnabled: true, Namespace: "App", MetricName: "CPU", Statistic: "Average",
		Period: 60, EvaluationPeriods: 1, Threshold: f64(80), ComparisonOperator: "GreaterThanThreshold",
	}}
}

func wantKind(t *testing.T, err, kind error, msg string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) || !errors.Is(err, kind) {
		t.Fatalf("err = %v, want kind %v", err, kind)
	}
	if msg != "" && !strings.Contains(me.Message, msg) {
		t.Fatalf("message %q does not contain %q", me.Message, msg)
	}
}

func TestPutMetricAlarmValidation(t *testing.T) {
	svc, _, _ := newService(t)
	ret := false
	stat := func(id string) MetricDataQuery {
		return MetricDataQuery{ID: id, ReturnData: &ret, MetricStat: &MetricStat{Metric: Metric{Namespace: "App", MetricName: "CPU"}, Period: 60, Stat: "Sum"}}
	}
	tests := []struct {
		name string
		edit func(in *PutMetricAlarmInput)
		kind error
		msg  string
	}{
		{"no name", func(in *PutMetricAlarmInput) { in.AlarmName = "" }, model.ErrMissingParameter, "AlarmName"},
		{"long name", func(in *PutMetricAlarmInput) { in.AlarmName = strings.Repeat("a", 256) }, model.ErrInvalidParameter, "AlarmName"},
		{"no periods", func(in *PutMetricAlarmInput) { in.EvaluationPeriods = 0 }, model.ErrMissingParameter, "EvaluationPeriods"},
		{"m > n", func(in *PutMetricAlarmInput) { in.DatapointsToAlarm = 2 }, model.ErrInvalidParameter, "DatapointsToAlarm"},
		{"operator", func(in *PutMetricAlarmInput) { in.ComparisonOperator = "Bigger" }, model.ErrInvalidParameter, "ComparisonOperator"},
		{"missing data", func(in *PutMetricAlarmInput) { in.TreatMissingData = "zero" }, model.ErrInvalidParameter, "TreatMissingData"},
		{"low sample", func(in *PutMetricAlarmInput) { in.EvaluateLowSampleCountPercentile = "x" }, model.ErrInvalidParameter, "EvaluateLowSampleCountPercentile"},
		{"no threshold", func(in *PutMetricAlarmInput) { in.Threshold = nil }, model.ErrMissingParameter, "Threshold"},
		{"band needs id", func(in *PutMetricAlarmInput) {
			in.Threshold = nil
			in.ComparisonOperator = "GreaterThanUpperThreshold"
		}, model.ErrMissingParameter, "ThresholdMetricId"},
		{"threshold and id", func(in *PutMetricAlarmInput) { in.ThresholdMetricID = "ad1" }, model.ErrInvalidParameterCombination, ""},
		{"both stats", func(in *PutMetricAlarmInput) { in.ExtendedStatistic = "p99" }, model.ErrInvalidParameterCombination, ""},
		{"bad stat", func(in *PutMetricAlarmInput) { in.Statistic = "Median" }, model.ErrInvalidParameter, "Statistic"},
		{"period 45", func(in *PutMetricAlarmInput) { in.Period = 45 }, model.ErrInvalidParameter, "Period"},
		{"over a day", func(in *PutMetricAlarmInput) { in.EvaluationPeriods = 1441 }, model.ErrInvalidParameter, "86400"},
		{"six actions", func(in *PutMetricAlarmInput) { in.AlarmActions = make([]string, 6) }, model.ErrInvalidParameter, "AlarmActions"},
		{"empty tag key", func(in *PutMetricAlarmInput) { in.Tags = []Tag{{Key: ""}} }, model.ErrInvalidParameter, "Tags.member.1.Key"},
		{"metrics with name", func(in *PutMetricAlarmInput) { in.Metrics = []MetricDataQuery{{ID: "e1", Expression: "m1"}} }, model.ErrInvalidParameterCombination, ""},
		{"two returned", func(in *PutMetricAlarmInput) {
			in.Definition = Definition{AlarmName: "m", EvaluationPeriods: 1, Threshold: f64(1), ComparisonOperator: "GreaterThanThreshold",
				Metrics: []MetricDataQuery{stat("m1"), stat("m2"), {ID: "e1", Expression: "m1+m2"}, {ID: "e2", Expression: "m1"}}}
		}, model.ErrInvalidParameter, "Exactly one"},
		{"mixed periods", func(in *PutMetricAlarmInput) {
			m2 := stat("m2")
			m2.MetricStat.Period = 300
			in.Definition = Definition{AlarmName: "m", EvaluationPeriods: 1, Threshold: f64(1), ComparisonOperator: "GreaterThanThreshold",
				Metrics: []MetricDataQuery{stat("m1"), m2, {ID: "e1", Expression: "m1+m2"}}}
		}, model.ErrInvalidParameter, "same period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := cpuAlarm("cpu")
			tt.edit(&in)
			wantKind(t, svc.PutMetricAlarm(context.Background(), acct, in), tt.kind, tt.msg)
		})
	}
	// A math alarm with one returned expression is accepted.
	ok := PutMetricAlarmInput{Definition: Definition{AlarmName: "math", EvaluationPeriods: 1, Threshold: f64(1),
		ComparisonOperator: "GreaterThanThreshold", Metrics: []MetricDataQuery{stat("m1"), {ID: "e1", Expression: "m1*2"}}}}
	if err := svc.PutMetricAlarm(context.Background(), acct, ok); err != nil {
		t.Fatal(err)
	}
}

func describe(t *testing.T, svc *Service, name string) MetricAlarm {
	t.Helper()
	out, err := svc.DescribeAlarms(context.Background(), acct, DescribeAlarmsInput{AlarmNames: []string{name}})
	if err != nil || len(out.MetricAlarms) != 1 {
		t.Fatalf("describe %s: %+v %v", name, out, err)
	}
	return out.MetricAlarms[0]
}

func TestSchedulerTransitions(t *testing.T) {
	svc, r, c := newService(t)
	ctx := context.Background()
	if err := svc.PutMetricAlarm(ctx, acct, cpuAlarm("cpu")); err != nil {
		t.Fatal(err)
	}
	a := describe(t, svc, "cpu")
	if a.StateValue != "INSUFFICIENT_DATA" || a.StateReason != "Unchecked: Initial alarm creation" ||
		a.AlarmArn != "arn:aws:cloudwatch:us-east-1:"+acct+":alarm:cpu" {
		t.Fatalf("new alarm: %+v", a)
	}
	sc := NewScheduler(svc, SchedulerOptions{})
	r.points = []alarmeval.Datapoint{{Timestamp: c.t.Truncate(time.Minute).Add(-time.Minute), Value: 95, SampleCount: 1}}
	if err := sc.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	a = describe(t, svc, "cpu")
	if a.StateValue != "ALARM" || !strings.Contains(a.StateReason, "Threshold Crossed") {
		t.Fatalf("after breach: %s %q", a.StateValue, a.StateReason)
	}
	// Within the period the alarm is not read again.
	c.t = c.t.Add(30 * time.Second)
	if err := sc.RunOnce(ctx); err != nil || r.reads != 1 {
		t.Fatalf("reads = %d, err %v", r.reads, err)
	}
	c.t = c.t.Add(60 * time.Second)
	r.points = append(r.points, alarmeval.Datapoint{Timestamp: c.t.Truncate(time.Minute).Add(-time.Minute), Value: 10, SampleCount: 1})
	if err := sc.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if a = describe(t, svc, "cpu"); a.StateValue != "OK" {
		t.Fatalf("after recovery: %s %q", a.StateValue, a.StateReason)
	}

	hist, err := svc.DescribeAlarmHistory(ctx, acct, DescribeAlarmHistoryInput{AlarmName: "cpu", HistoryItemType: HistoryStateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	var sums []string
	for _, h := range hist.AlarmHistoryItems {
		sums = append(sums, h.HistorySummary)
	}
	want := "Alarm updated from ALARM to OK|Alarm updated from INSUFFICIENT_DATA to ALARM"
	if got := strings.Join(sums, "|"); got != want {
		t.Fatalf("history %q, want %q", got, want)
	}
	page, err := svc.DescribeAlarmHistory(ctx, acct, DescribeAlarmHistoryInput{AlarmName: "cpu", ScanBy: "TimestampAscending", MaxRecords: 1})
	if err != nil || len(page.AlarmHistoryItems) != 1 || page.AlarmHistoryItems[0].HistoryItemType != HistoryConfigurationUpdate || page.NextToken == "" {
		t.Fatalf("first page: %+v %v", page, err)
	}
	page, err = svc.DescribeAlarmHistory(ctx, acct, DescribeAlarmHistoryInput{AlarmName: "cpu", ScanBy: "TimestampAscending", MaxRecords: 1, NextToken: page.NextToken})
	if err != nil || len(page.AlarmHistoryItems) != 1 || page.AlarmHistoryItems[0].HistorySummary != "Alarm updated from INSUFFICIENT_DATA to ALARM" {
		t.Fatalf("second page: %+v %v", page, err)
	}
	_, err = svc.DescribeAlarmHistory(ctx, acct, DescribeAlarmHistoryInput{NextToken: "x"})
	wantKind(t, err, model.ErrInvalidNextToken, "")
}

func TestSetStateDeleteAndActions(t *testing.T) {
	svc, _, _ := newService(t)
	ctx := context.Background()
	for _, n := range []string{"a", "b", "c"} {
		if err := svc.PutMetricAlarm(ctx, acct, cpuAlarm(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.SetAlarmState(ctx, acct, SetAlarmStateInput{AlarmName: "b", StateValue: "ALARM", StateReason: "testing", StateReasonData: `{"k":1}`}); err != nil {
		t.Fatal(err)
	}
	if a := describe(t, svc, "b"); a.StateValue != "ALARM" || a.StateReason != "testing" || a.StateReasonData != `{"k":1}` {
		t.Fatalf("b: %+v", a)
	}
	wantKind(t, svc.SetAlarmState(ctx, acct, SetAlarmStateInput{AlarmName: "zz", StateValue: "OK"}), model.ErrNotFound, "zz")
	wantKind(t, svc.SetAlarmState(ctx, acct, SetAlarmStateInput{AlarmName: "b", StateValue: "ON"}), model.ErrInvalidParameter, "StateValue")
	wantKind(t, svc.SetAlarmState(ctx, acct, SetAlarmStateInput{AlarmName: "b", StateValue: "OK", StateReasonData: "{"}), model.ErrInvalidParameter, "JSON")

	out, err := svc.DescribeAlarms(ctx, acct, DescribeAlarmsInput{StateValue: "ALARM"})
	if err != nil || len(out.MetricAlarms) != 1 || out.MetricAlarms[0].AlarmName != "b" {
		t.Fatalf("by state: %+v %v", out, err)
	}
	out, err = svc.DescribeAlarms(ctx, acct, DescribeAlarmsInput{MaxRecords: 2})
	if err != nil || len(out.MetricAlarms) != 2 || out.NextToken != "b" {
		t.Fatalf("page 1: %+v %v", out, err)
	}
	out, err = svc.DescribeAlarms(ctx, acct, DescribeAlarmsInput{MaxRecords: 2, NextToken: out.NextToken})
	if err != nil || len(out.MetricAlarms) != 1 || out.MetricAlarms[0].AlarmName != "c" || out.NextToken != "" {
		t.Fatalf("page 2: %+v %v", out, err)
	}
	if out, err = svc.DescribeAlarms(ctx, acct, DescribeAlarmsInput{AlarmTypes: []string{TypeComposite}}); err != nil || len(out.MetricAlarms) != 0 {
		t.Fatalf("composite only: %+v %v", out, err)
	}
	withTopic := cpuAlarm("d")
	withTopic.AlarmActions = []string{"arn:aws:sns:us-east-1:" + acct + ":ops"}
	if err := svc.PutMetricAlarm(ctx, acct, withTopic); err != nil {
		t.Fatal(err)
	}
	out, err = svc.DescribeAlarms(ctx, acct, DescribeAlarmsInput{ActionPrefix: "arn:aws:sns:", MaxRecords: 1})
	if err != nil || len(out.MetricAlarms) != 1 || out.MetricAlarms[0].AlarmName != "d" || out.NextToken != "" {
		t.Fatalf("by action prefix: %+v %v", out, err)
	}
	if err := svc.DeleteAlarms(ctx, acct, []string{"d"}); err != nil {
		t.Fatal(err)
	}
	_, err = svc.DescribeAlarms(ctx, acct, DescribeAlarmsInput{MaxRecords: 101})
	wantKind(t, err, model.ErrInvalidParameter, "MaxRecords")

	if err := svc.SetActionsEnabled(ctx, acct, []string{"a"}, false); err != nil {
		t.Fatal(err)
	}
	if describe(t, svc, "a").ActionsEnabled || !describe(t, svc, "c").ActionsEnabled {
		t.Fatal("actions flag not applied to a only")
	}
	forMetric, err := svc.DescribeAlarmsForMetric(ctx, acct, DescribeAlarmsForMetricInput{Namespace: "App", MetricName: "CPU", Statistic: "Average"})
	if err != nil || len(forMetric) != 3 {
		t.Fatalf("for metric: %d %v", len(forMetric), err)
	}

	if err := svc.DeleteAlarms(ctx, acct, []string{"a", "nope"}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, svc.DeleteAlarms(ctx, acct, []string{"nope"}), model.ErrNotFound, "")
	wantKind(t, svc.DeleteAlarms(ctx, acct, nil), model.ErrMissingParameter, "AlarmNames")
}

func TestSchedulerStartKickAndErrors(t *testing.T) {
	svc, r, c := newService(t)
	ctx := context.Background()
	r.points = []alarmeval.Datapoint{{Timestamp: c.t.Truncate(time.Minute).Add(-time.Minute), Value: 95}}
	sc := NewScheduler(svc, SchedulerOptions{Every: time.Hour})
	sc.Start()
	// A new alarm is evaluated without waiting for the hourly tick.
	if err := svc.PutMetricAlarm(ctx, acct, cpuAlarm("cpu")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for describe(t, svc, "cpu").StateValue != "ALARM" {
		if time.Now().After(deadline) {
			t.Fatal("the kicked scheduler did not evaluate the new alarm")
		}
		time.Sleep(10 * time.Millisecond)
	}
	sc.Stop()
	sc.Stop()

	// A failing read is reported and leaves the state alone.
	r.mu.Lock()
	r.err = errors.New("disk on fire")
	r.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	if err := sc.RunOnce(ctx); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("RunOnce error = %v", err)
	}
	if a := describe(t, svc, "cpu"); a.StateValue != "ALARM" {
		t.Fatalf("state after failed read: %s", a.StateValue)
	}
}
