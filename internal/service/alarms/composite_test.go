package alarms

import (
	"context"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func composite(name, rule string) PutCompositeAlarmInput {
	return PutCompositeAlarmInput{CompositeDefinition: CompositeDefinition{AlarmName: name, AlarmRule: rule, ActionsEnabled: true}}
}

func describeComposite(t *testing.T, svc *Service, name string) CompositeAlarm {
	t.Helper()
	out, err := svc.DescribeAlarms(context.Background(), acct, DescribeAlarmsInput{AlarmNames: []string{name}, AlarmTypes: []string{TypeComposite}})
	if err != nil || len(out.CompositeAlarms) != 1 || len(out.MetricAlarms) != 0 {
		t.Fatalf("describe composite %s: %+v %v", name, out, err)
	}
	return out.CompositeAlarms[0]
}

func TestCompositeAlarms(t *testing.T) {
	svc, _, _ := newService(t)
	ctx := context.Background()
	for _, n := range []string{"a", "b"} {
		if err := svc.PutMetricAlarm(ctx, acct, cpuAlarm(n)); err != nil {
			t.Fatal(err)
		}
	}
	arnB := svc.ARN(acct, "b")
	if err := svc.PutCompositeAlarm(ctx, acct, composite("any", `ALARM(a) OR ALARM("`+arnB+`")`)); err != nil {
		t.Fatal(err)
	}
	if err := svc.PutCompositeAlarm(ctx, acct, composite("top", `NOT OK(any)`)); err != nil {
		t.Fatal(err)
	}
	if c := describeComposite(t, svc, "any"); c.StateValue != "OK" || c.AlarmRule == "" {
		t.Fatalf("any after creation: %+v", c)
	}
	if c := describeComposite(t, svc, "top"); c.StateValue != "OK" {
		t.Fatalf("top after creation: %+v", c)
	}

	// A member's change reaches the composite and, through it, the
	// composite above.
	if err := svc.SetAlarmState(ctx, acct, SetAlarmStateInput{AlarmName: "b", StateValue: "ALARM", StateReason: "test"}); err != nil {
		t.Fatal(err)
	}
	c := describeComposite(t, svc, "any")
	if c.StateValue != "ALARM" || !strings.HasPrefix(c.StateReason, arnB+" transitioned to ALARM at ") ||
		!strings.Contains(c.StateReasonData, `"triggeringAlarms":[{"arn":"`+arnB+`"`) {
		t.Fatalf("any after b: %+v", c)
	}
	if c := describeComposite(t, svc, "top"); c.StateValue != "ALARM" || !strings.Contains(c.StateReason, ":alarm:any transitioned to ALARM") {
		t.Fatalf("top after b: %+v", c)
	}
	hist, err := svc.DescribeAlarmHistory(ctx, acct, DescribeAlarmHistoryInput{AlarmName: "any", HistoryItemType: HistoryStateUpdate, AlarmTypes: []string{TypeComposite}})
	if err != nil || len(hist.AlarmHistoryItems) != 2 || hist.AlarmHistoryItems[0].HistorySummary != "Alarm updated from OK to ALARM" ||
		hist.AlarmHistoryItems[0].AlarmType != TypeComposite {
		t.Fatalf("any history: %+v %v", hist, err)
	}
	if err := svc.SetAlarmState(ctx, acct, SetAlarmStateInput{AlarmName: "b", StateValue: "OK", StateReason: "test"}); err != nil {
		t.Fatal(err)
	}
	if c := describeComposite(t, svc, "top"); c.StateValue != "OK" {
		t.Fatalf("top after recovery: %+v", c)
	}

	both, err := svc.DescribeAlarms(ctx, acct, DescribeAlarmsInput{AlarmTypes: []string{TypeMetric, TypeComposite}})
	if err != nil || len(both.MetricAlarms) != 2 || len(both.CompositeAlarms) != 2 {
		t.Fatalf("both types: %+v %v", both, err)
	}
	hist, err = svc.DescribeAlarmHistory(ctx, acct, DescribeAlarmHistoryInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hist.AlarmHistoryItems {
		if h.AlarmType != TypeMetric {
			t.Fatalf("default history types include %+v", h)
		}
	}
	if metricOnly, err := svc.DescribeAlarms(ctx, acct, DescribeAlarmsInput{}); err != nil || len(metricOnly.CompositeAlarms) != 0 {
		t.Fatalf("default types: %+v %v", metricOnly, err)
	}

	errTests := []struct {
		name string
		in   PutCompositeAlarmInput
		kind error
		msg  string
	}{
		{"no rule", composite("c", ""), model.ErrMissingParameter, "AlarmRule"},
		{"bad rule", composite("c", "ALARM(a) AND"), model.ErrValidation, "Error in AlarmRule"},
		{"unknown member", composite("c", "ALARM(a) OR OK(zz)"), model.ErrInvalidParameter, "[zz]"},
		{"self", composite("c", "ALARM(c)"), model.ErrInvalidParameter, "itself"},
		{"suppressor periods", PutCompositeAlarmInput{CompositeDefinition: CompositeDefinition{AlarmName: "c", AlarmRule: "TRUE", ActionsSuppressor: "a"}},
			model.ErrInvalidParameterCombination, "ActionsSuppressorWaitPeriod"},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			wantKind(t, svc.PutCompositeAlarm(ctx, acct, tt.in), tt.kind, tt.msg)
		})
	}

	wantKind(t, svc.DeleteAlarms(ctx, acct, []string{"b"}), model.ErrInvalidParameter, "referenced by composite alarm any")
	wantKind(t, svc.DeleteAlarms(ctx, acct, []string{"any", "top"}), model.ErrInvalidParameter, "at most one composite")
	for _, n := range []string{"top", "any", "b"} {
		if err := svc.DeleteAlarms(ctx, acct, []string{n}); err != nil {
			t.Fatalf("delete %s: %v", n, err)
		}
	}
}
