package sdk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// waitAlarmState polls DescribeAlarms until the alarm is in state; a new
// alarm is evaluated right after PutMetricAlarm, so this is quick.
func waitAlarmState(t *testing.T, c *cloudwatch.Client, name string, state types.StateValue) types.MetricAlarm {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		out, err := c.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{name}})
		if err != nil {
			t.Fatalf("DescribeAlarms: %v", err)
		}
		if len(out.MetricAlarms) == 1 && out.MetricAlarms[0].StateValue == state {
			return out.MetricAlarms[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("alarm %s did not reach %s: %+v", name, state, out.MetricAlarms)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestAlarmsSDK(t *testing.T) {
	s := startServer(t, t.TempDir())
	c, _ := metricsClient(s.URL)
	ctx := context.Background()

	// One breaching datapoint in the last whole minute.
	at := time.Now().UTC().Truncate(time.Minute).Add(-30 * time.Second)
	putValues(t, c, "App", "CPU", []types.Dimension{dim("Host", "a")}, at, 1, func(int) float64 { return 95 })

	_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("cpu-high"), Namespace: aws.String("App"), MetricName: aws.String("CPU"),
		Dimensions: []types.Dimension{dim("Host", "a")}, Statistic: types.StatisticMaximum,
		Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(80),
		ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		AlarmActions:       []string{"arn:aws:sns:us-east-1:111111111111:ops"},
		Tags:               []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}},
	})
	if err != nil {
		t.Fatalf("PutMetricAlarm: %v", err)
	}
	a := waitAlarmState(t, c, "cpu-high", types.StateValueAlarm)
	if !strings.HasPrefix(aws.ToString(a.StateReason), "Threshold Crossed") || aws.ToString(a.StateReasonData) == "" ||
		aws.ToString(a.AlarmArn) != "arn:aws:cloudwatch:us-east-1:111111111111:alarm:cpu-high" ||
		aws.ToFloat64(a.Threshold) != 80 || aws.ToInt32(a.Period) != 60 || !aws.ToBool(a.ActionsEnabled) ||
		len(a.AlarmActions) != 1 || len(a.Dimensions) != 1 {
		t.Fatalf("alarm: %+v", a)
	}

	t.Run("history", func(t *testing.T) {
		out, err := c.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{
			AlarmName: aws.String("cpu-high"), HistoryItemType: types.HistoryItemTypeStateUpdate,
		})
		if err != nil {
			t.Fatalf("DescribeAlarmHistory: %v", err)
		}
		if len(out.AlarmHistoryItems) != 1 || aws.ToString(out.AlarmHistoryItems[0].HistorySummary) != "Alarm updated from INSUFFICIENT_DATA to ALARM" ||
			out.AlarmHistoryItems[0].Timestamp == nil {
			t.Fatalf("history: %+v", out.AlarmHistoryItems)
		}
		// The third item is the failed action: topic "ops" does not exist.
		// Actions run after the new state is stored, so it may come a
		// moment after the state does.
		var all *cloudwatch.DescribeAlarmHistoryOutput
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			all, err = c.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{AlarmName: aws.String("cpu-high"), ScanBy: types.ScanByTimestampAscending})
			if err != nil || len(all.AlarmHistoryItems) >= 3 || time.Now().After(deadline) {
				break
			}
		}
		if err != nil || len(all.AlarmHistoryItems) != 3 || all.AlarmHistoryItems[0].HistoryItemType != types.HistoryItemTypeConfigurationUpdate ||
			all.AlarmHistoryItems[2].HistoryItemType != types.HistoryItemTypeAction {
			t.Fatalf("full history: %+v %v", all, err)
		}
	})

	t.Run("for metric", func(t *testing.T) {
		out, err := c.DescribeAlarmsForMetric(ctx, &cloudwatch.DescribeAlarmsForMetricInput{
			Namespace: aws.String("App"), MetricName: aws.String("CPU"), Dimensions: []types.Dimension{dim("Host", "a")},
		})
		if err != nil || len(out.MetricAlarms) != 1 {
			t.Fatalf("DescribeAlarmsForMetric: %+v %v", out, err)
		}
	})

	composite := func(t *testing.T) types.CompositeAlarm {
		t.Helper()
		out, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmTypes: []types.AlarmType{types.AlarmTypeCompositeAlarm}})
		if err != nil || len(out.CompositeAlarms) != 1 || len(out.MetricAlarms) != 0 {
			t.Fatalf("DescribeAlarms composite: %+v %v", out, err)
		}
		return out.CompositeAlarms[0]
	}

	t.Run("composite", func(t *testing.T) {
		if _, err := c.PutCompositeAlarm(ctx, &cloudwatch.PutCompositeAlarmInput{
			AlarmName: aws.String("service-down"), AlarmRule: aws.String("ALARM(cpu-high) AND NOT OK(cpu-high)"),
		}); err != nil {
			t.Fatalf("PutCompositeAlarm: %v", err)
		}
		if ca := composite(t); ca.StateValue != types.StateValueAlarm || aws.ToString(ca.AlarmRule) == "" ||
			!strings.Contains(aws.ToString(ca.StateReason), ":alarm:cpu-high transitioned to ALARM") {
			t.Fatalf("composite: %+v", ca)
		}
		_, err := c.PutCompositeAlarm(ctx, &cloudwatch.PutCompositeAlarmInput{AlarmName: aws.String("bad"), AlarmRule: aws.String("ALARM(cpu-high) AND")})
		var apiErr interface{ ErrorCode() string }
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ValidationError" {
			t.Fatalf("bad rule: %v", err)
		}
	})

	t.Run("set state and actions", func(t *testing.T) {
		if _, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{
			AlarmName: aws.String("cpu-high"), StateValue: types.StateValueOk, StateReason: aws.String("manual"),
		}); err != nil {
			t.Fatalf("SetAlarmState: %v", err)
		}
		if _, err := c.DisableAlarmActions(ctx, &cloudwatch.DisableAlarmActionsInput{AlarmNames: []string{"cpu-high"}}); err != nil {
			t.Fatalf("DisableAlarmActions: %v", err)
		}
		out, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{StateValue: types.StateValueOk})
		if err != nil || len(out.MetricAlarms) != 1 || aws.ToString(out.MetricAlarms[0].StateReason) != "manual" ||
			aws.ToBool(out.MetricAlarms[0].ActionsEnabled) {
			t.Fatalf("after SetAlarmState: %+v %v", out, err)
		}
		if ca := composite(t); ca.StateValue != types.StateValueOk {
			t.Fatalf("composite after its member recovered: %+v", ca)
		}
	})

	t.Run("errors", func(t *testing.T) {
		_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
			AlarmName: aws.String("bad"), Namespace: aws.String("App"), MetricName: aws.String("CPU"), Statistic: types.StatisticSum,
			Period: aws.Int32(45), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1),
			ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		})
		var ipv *types.InvalidParameterValueException
		if !errors.As(err, &ipv) || !strings.Contains(ipv.ErrorMessage(), "Period") {
			t.Fatalf("period 45: %v", err)
		}
		_, err = c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
			AlarmName: aws.String("bad"), Namespace: aws.String("App"), MetricName: aws.String("CPU"),
			Statistic: types.StatisticSum, ExtendedStatistic: aws.String("p99"),
			Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1),
			ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		})
		var combo *types.InvalidParameterCombinationException
		if !errors.As(err, &combo) {
			t.Fatalf("Statistic with ExtendedStatistic: %v", err)
		}
		_, err = c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{
			AlarmName: aws.String("nope"), StateValue: types.StateValueOk, StateReason: aws.String("x"),
		})
		var nf *types.ResourceNotFound
		if !errors.As(err, &nf) {
			t.Fatalf("SetAlarmState unknown alarm: %v", err)
		}
		_, err = c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(101)})
		if !errors.As(err, &ipv) {
			t.Fatalf("MaxRecords 101: %v", err)
		}
	})

	t.Run("delete", func(t *testing.T) {
		_, err := c.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"cpu-high"}})
		var ipv *types.InvalidParameterValueException
		if !errors.As(err, &ipv) {
			t.Fatalf("delete a composite's member: %v", err)
		}
		if _, err := c.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"service-down"}}); err != nil {
			t.Fatalf("DeleteAlarms composite: %v", err)
		}
		if _, err := c.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"cpu-high"}}); err != nil {
			t.Fatalf("DeleteAlarms: %v", err)
		}
		out, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmTypes: []types.AlarmType{types.AlarmTypeMetricAlarm, types.AlarmTypeCompositeAlarm}})
		if err != nil || len(out.MetricAlarms) != 0 || len(out.CompositeAlarms) != 0 {
			t.Fatalf("after delete: %+v %v", out, err)
		}
		_, err = c.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"cpu-high"}})
		var nf *types.ResourceNotFound
		if !errors.As(err, &nf) {
			t.Fatalf("delete again: %v", err)
		}
	})
}
