package alarmeval

import (
	"math"
	"strings"
	"testing"
	"time"
)

// series lays out a row of the user guide's tables ("0 - X - X", oldest
// first, one character per period) as datapoints ending just before now:
// 0 is within the threshold (5 against > 10), X breaches (20), - is
// missing.
func series(a Alarm, now time.Time, row string) []Datapoint {
	start, _ := Window(a, now)
	var out []Datapoint
	for i, f := range strings.Fields(row) {
		ts := start.Add(time.Duration(i*a.Period) * time.Second)
		switch f {
		case "0":
			out = append(out, Datapoint{Timestamp: ts, Value: 5, SampleCount: 1})
		case "X":
			out = append(out, Datapoint{Timestamp: ts, Value: 20, SampleCount: 1})
		}
	}
	return out
}

// TestMissingDataTables runs every row of the two tables of "How alarm
// state is evaluated when data is missing", in the current edition of the
// user guide and in the earlier one (whose rows "- - - - X" and
// "X - - - -" the current edition replaced), under each TreatMissingData.
// "retain" means the alarm keeps whatever state it had.
func TestMissingDataTables(t *testing.T) {
	const retain = "retain"
	cases := []struct {
		m    int
		row  string
		want [4]string // missing, ignore, breaching, notBreaching
	}{
		// Datapoints to Alarm 3, Evaluation Periods 3.
		{3, "0 - X - X", [4]string{"OK", "OK", "OK", "OK"}},
		{3, "0 - - - -", [4]string{"OK", "OK", "OK", "OK"}},
		{3, "- - - - -", [4]string{"INSUFFICIENT_DATA", retain, "ALARM", "OK"}},
		{3, "0 X X - X", [4]string{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{3, "- - X - -", [4]string{"ALARM", retain, "ALARM", "OK"}},
		{3, "- - - - X", [4]string{"INSUFFICIENT_DATA", retain, "ALARM", "OK"}},
		{3, "X - - - -", [4]string{"ALARM", retain, "ALARM", "OK"}},
		// Datapoints to Alarm 2, Evaluation Periods 3.
		{2, "0 - X - X", [4]string{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{2, "0 0 X 0 X", [4]string{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{2, "0 - X - -", [4]string{"OK", "OK", "ALARM", "OK"}},
		{2, "- - - - 0", [4]string{"OK", "OK", "ALARM", "OK"}},
		{2, "- - - X -", [4]string{"ALARM", retain, "ALARM", "OK"}},
		{2, "- - - - X", [4]string{"INSUFFICIENT_DATA", retain, "ALARM", "OK"}},
	}
	now := time.Date(2026, 11, 23, 10, 30, 12, 0, time.UTC)
	for _, tc := range cases {
		for j, policy := range []TreatMissingData{Missing, Ignore, Breaching, NotBreaching} {
			a := Alarm{Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: tc.m, Threshold: 10,
				ComparisonOperator: GreaterThanThreshold, TreatMissingData: policy, Statistic: "Average"}
			dps := series(a, now, tc.row)
			for _, prev := range []State{StateOK, StateAlarm, StateInsufficientData} {
				got := Evaluate(a, dps, now, prev)
				want := State(tc.want[j])
				if tc.want[j] == retain {
					want = prev
					if got.Reason != "" || got.ReasonData != "" {
						t.Errorf("M=%d %q %s from %s: retained state has reason %q", tc.m, tc.row, policy, prev, got.Reason)
					}
				} else if got.Reason == "" || got.ReasonData == "" {
					t.Errorf("M=%d %q %s from %s: no reason", tc.m, tc.row, policy, prev)
				}
				if got.State != want || got.Changed != (want != prev) {
					t.Errorf("M=%d %q %s from %s: got %s (changed %v), want %s\n%s", tc.m, tc.row, policy, prev, got.State, got.Changed, want, got.Reason)
				}
			}
		}
	}
}

// TestMissingDataOverTime follows the user guide's remark on row 2: with
// missing data treated as breaching, "0 - - - -" stays OK, and the next
// evaluation, once the non-breaching datapoint has left the range, goes to
// ALARM.
func TestMissingDataOverTime(t *testing.T) {
	a := Alarm{Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3, Threshold: 10,
		ComparisonOperator: GreaterThanThreshold, TreatMissingData: Breaching}
	now := time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)
	dps := series(a, now, "0 - - - -")
	first := Evaluate(a, dps, now, StateOK)
	if first.State != StateOK {
		t.Fatalf("first evaluation: %s", first.State)
	}
	second := Evaluate(a, dps, now.Add(5*time.Minute), first.State)
	if second.State != StateAlarm || !second.Changed {
		t.Fatalf("second evaluation: %s (changed %v)", second.State, second.Changed)
	}
	want := "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching]."
	if second.Reason != want {
		t.Errorf("reason %q, want %q", second.Reason, want)
	}
}

func TestEnoughRealDatapointsIgnorePolicy(t *testing.T) {
	// With N real datapoints the newest N decide, even past missing ones.
	a := Alarm{Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 2, Threshold: 10,
		ComparisonOperator: GreaterThanThreshold, TreatMissingData: Breaching}
	now := time.Date(2026, 1, 1, 0, 10, 0, 0, time.UTC)
	got := Evaluate(a, series(a, now, "0 X - X"), now, StateOK)
	if got.State != StateAlarm {
		t.Errorf("X - X with breaching: %s", got.State)
	}
	got = Evaluate(a, series(a, now, "X 0 - X"), now, StateOK)
	if got.State != StateOK {
		t.Errorf("0 - X: %s, want OK from the real datapoints alone", got.State)
	}
}

func TestComparisonOperators(t *testing.T) {
	cases := []struct {
		op           ComparisonOperator
		value        float64
		lower, upper float64
		want         bool
	}{
		{GreaterThanOrEqualToThreshold, 50, 0, 0, true},
		{GreaterThanOrEqualToThreshold, 49.9, 0, 0, false},
		{GreaterThanThreshold, 50, 0, 0, false},
		{GreaterThanThreshold, 50.1, 0, 0, true},
		{LessThanThreshold, 50, 0, 0, false},
		{LessThanThreshold, 49.9, 0, 0, true},
		{LessThanOrEqualToThreshold, 50, 0, 0, true},
		{LessThanOrEqualToThreshold, 50.1, 0, 0, false},
		{LessThanLowerOrGreaterThanUpperThreshold, 5, 10, 20, true},
		{LessThanLowerOrGreaterThanUpperThreshold, 25, 10, 20, true},
		{LessThanLowerOrGreaterThanUpperThreshold, 10, 10, 20, false},
		{LessThanLowerOrGreaterThanUpperThreshold, 20, 10, 20, false},
		{LessThanLowerThreshold, 5, 10, 20, true},
		{LessThanLowerThreshold, 25, 10, 20, false},
		{GreaterThanUpperThreshold, 25, 10, 20, true},
		{GreaterThanUpperThreshold, 5, 10, 20, false},
		{"Unknown", 1e9, 0, 0, false},
	}
	for _, tc := range cases {
		a := Alarm{Threshold: 50, ComparisonOperator: tc.op}
		if got := a.breaches(Datapoint{Value: tc.value, Lower: tc.lower, Upper: tc.upper}); got != tc.want {
			t.Errorf("%s %v (band %v..%v) = %v, want %v", tc.op, tc.value, tc.lower, tc.upper, got, tc.want)
		}
	}
}

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04:05.000", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestReasons reproduces state reasons CloudWatch wrote for real alarms,
// and the example of the OpenWatch documentation.
func TestReasons(t *testing.T) {
	cases := []struct {
		name       string
		alarm      Alarm
		points     []Datapoint
		now        string
		prev       State
		state      State
		reason     string
		reasonData string
	}{
		{
			name: "three of three, OK to ALARM",
			alarm: Alarm{Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 3, Threshold: 90,
				ComparisonOperator: GreaterThanOrEqualToThreshold, Statistic: "Average", Unit: "Percent"},
			points: []Datapoint{
				{Timestamp: at("2026-11-23T10:03:00.000"), Value: 91, SampleCount: 1},
				{Timestamp: at("2026-11-23T10:04:00.000"), Value: 93, SampleCount: 1},
				{Timestamp: at("2026-11-23T10:05:00.000"), Value: 95, SampleCount: 1},
			},
			now: "2026-11-23T10:06:12.345", prev: StateOK, state: StateAlarm,
			reason:     "Threshold Crossed: 3 out of the last 3 datapoints [95.0 (23/11/26 10:05:00), 93.0 (23/11/26 10:04:00), 91.0 (23/11/26 10:03:00)] were greater than or equal to the threshold (90.0) (minimum 3 datapoints for OK -> ALARM transition).",
			reasonData: `{"version":"1.0","queryDate":"2026-11-23T10:06:12.345+0000","startDate":"2026-11-23T10:03:00.000+0000","unit":"Percent","statistic":"Average","period":60,"recentDatapoints":[91.0,93.0,95.0],"threshold":90.0,"evaluatedDatapoints":[{"timestamp":"2026-11-23T10:05:00.000+0000","sampleCount":1.0,"value":95.0},{"timestamp":"2026-11-23T10:04:00.000+0000","sampleCount":1.0,"value":93.0},{"timestamp":"2026-11-23T10:03:00.000+0000","sampleCount":1.0,"value":91.0}]}`,
		},
		{
			name: "ALARM to OK lists one deciding datapoint",
			alarm: Alarm{Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 2, Threshold: 40,
				ComparisonOperator: GreaterThanThreshold, Statistic: "Average"},
			points: []Datapoint{
				{Timestamp: at("2021-04-13T16:03:00.000"), Value: 0.01575357001274824, SampleCount: 1},
				{Timestamp: at("2021-04-13T16:04:00.000"), Value: 0.01758096118768056, SampleCount: 1},
			},
			now: "2021-04-13T16:06:38.066", prev: StateAlarm, state: StateOK,
			reason:     "Threshold Crossed: 2 out of the last 2 datapoints [0.01758096118768056 (13/04/21 16:04:00), 0.01575357001274824 (13/04/21 16:03:00)] were not greater than the threshold (40.0) (minimum 1 datapoint for ALARM -> OK transition).",
			reasonData: `{"version":"1.0","queryDate":"2021-04-13T16:06:38.066+0000","startDate":"2021-04-13T16:03:00.000+0000","statistic":"Average","period":60,"recentDatapoints":[0.01575357001274824,0.01758096118768056],"threshold":40.0,"evaluatedDatapoints":[{"timestamp":"2021-04-13T16:04:00.000+0000","sampleCount":1.0,"value":0.01758096118768056}]}`,
		},
		{
			name: "two of two less than",
			alarm: Alarm{Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 2, Threshold: 40,
				ComparisonOperator: LessThanThreshold, Statistic: "Average"},
			points: []Datapoint{
				{Timestamp: at("2021-04-13T15:43:00.000"), Value: 0.017077552154660225, SampleCount: 1},
				{Timestamp: at("2021-04-13T15:44:00.000"), Value: 0.017910949885845184, SampleCount: 1},
			},
			now: "2021-04-13T15:46:16.506", prev: StateOK, state: StateAlarm,
			reason:     "Threshold Crossed: 2 out of the last 2 datapoints [0.017910949885845184 (13/04/21 15:44:00), 0.017077552154660225 (13/04/21 15:43:00)] were less than the threshold (40.0) (minimum 2 datapoints for OK -> ALARM transition).",
			reasonData: `{"version":"1.0","queryDate":"2021-04-13T15:46:16.506+0000","startDate":"2021-04-13T15:43:00.000+0000","statistic":"Average","period":60,"recentDatapoints":[0.017077552154660225,0.017910949885845184],"threshold":40.0,"evaluatedDatapoints":[{"timestamp":"2021-04-13T15:44:00.000+0000","sampleCount":1.0,"value":0.017910949885845184},{"timestamp":"2021-04-13T15:43:00.000+0000","sampleCount":1.0,"value":0.017077552154660225}]}`,
		},
		{
			name: "short form without DatapointsToAlarm",
			alarm: Alarm{Period: 60, EvaluationPeriods: 1, Threshold: 1,
				ComparisonOperator: GreaterThanOrEqualToThreshold, Statistic: "Minimum", Unit: "Count"},
			points: []Datapoint{{Timestamp: at("2023-04-07T09:08:00.000"), Value: 0, SampleCount: 1}},
			now:    "2023-04-07T09:09:15.917", prev: StateAlarm, state: StateOK,
			reason:     "Threshold Crossed: 1 datapoint [0.0 (07/04/23 09:08:00)] was not greater than or equal to the threshold (1.0).",
			reasonData: `{"version":"1.0","queryDate":"2023-04-07T09:09:15.917+0000","startDate":"2023-04-07T09:08:00.000+0000","unit":"Count","statistic":"Minimum","period":60,"recentDatapoints":[0.0],"threshold":1.0,"evaluatedDatapoints":[{"timestamp":"2023-04-07T09:08:00.000+0000","sampleCount":1.0,"value":0.0}]}`,
		},
		{
			name: "five-minute period",
			alarm: Alarm{Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1, Threshold: 20,
				ComparisonOperator: LessThanOrEqualToThreshold, Statistic: "Maximum"},
			points: []Datapoint{{Timestamp: at("2024-04-23T20:44:00.000"), Value: 3.4666088898518357, SampleCount: 5}},
			now:    "2024-04-23T20:50:27.367", prev: StateOK, state: StateAlarm,
			reason:     "Threshold Crossed: 1 out of the last 1 datapoints [3.4666088898518357 (23/04/24 20:44:00)] was less than or equal to the threshold (20.0) (minimum 1 datapoint for OK -> ALARM transition).",
			reasonData: `{"version":"1.0","queryDate":"2024-04-23T20:50:27.367+0000","startDate":"2024-04-23T20:44:00.000+0000","statistic":"Maximum","period":300,"recentDatapoints":[3.4666088898518357],"threshold":20.0,"evaluatedDatapoints":[{"timestamp":"2024-04-23T20:44:00.000+0000","sampleCount":5.0,"value":3.4666088898518357}]}`,
		},
		{
			name: "short form, three datapoints, long period",
			alarm: Alarm{Period: 2700, EvaluationPeriods: 3, Threshold: 1,
				ComparisonOperator: GreaterThanOrEqualToThreshold, Statistic: "Sum", TreatMissingData: Breaching},
			points: []Datapoint{
				{Timestamp: at("2022-05-13T11:44:00.000"), Value: 1, SampleCount: 1},
				{Timestamp: at("2022-05-13T12:29:00.000"), Value: 5, SampleCount: 5},
				{Timestamp: at("2022-05-13T13:14:00.000"), Value: 4, SampleCount: 4},
			},
			now: "2022-05-13T13:59:52.472", prev: StateOK, state: StateAlarm,
			reason:     "Threshold Crossed: 3 datapoints [4.0 (13/05/22 13:14:00), 5.0 (13/05/22 12:29:00), 1.0 (13/05/22 11:44:00)] were greater than or equal to the threshold (1.0).",
			reasonData: `{"version":"1.0","queryDate":"2022-05-13T13:59:52.472+0000","startDate":"2022-05-13T11:44:00.000+0000","statistic":"Sum","period":2700,"recentDatapoints":[1.0,5.0,4.0],"threshold":1.0,"evaluatedDatapoints":[{"timestamp":"2022-05-13T13:14:00.000+0000","sampleCount":4.0,"value":4.0},{"timestamp":"2022-05-13T12:29:00.000+0000","sampleCount":5.0,"value":5.0},{"timestamp":"2022-05-13T11:44:00.000+0000","sampleCount":1.0,"value":1.0}]}`,
		},
		{
			name: "all missing, treated as breaching",
			alarm: Alarm{Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 2, Threshold: 1,
				ComparisonOperator: LessThanThreshold, TreatMissingData: Breaching, Statistic: "Sum"},
			now: "2026-08-09T21:56:30.000", prev: StateInsufficientData, state: StateAlarm,
			reason:     "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].",
			reasonData: `{"version":"1.0","queryDate":"2026-08-09T21:56:30.000+0000","statistic":"Sum","period":60,"recentDatapoints":[],"threshold":1.0,"evaluatedDatapoints":[{"timestamp":"2026-08-09T21:55:00.000+0000"},{"timestamp":"2026-08-09T21:54:00.000+0000"}]}`,
		},
		{
			name: "all missing, treated as not breaching",
			alarm: Alarm{Period: 60, EvaluationPeriods: 1, Threshold: 0,
				ComparisonOperator: GreaterThanThreshold, TreatMissingData: NotBreaching, Statistic: "Sum"},
			now: "2020-01-22T11:09:02.049", prev: StateAlarm, state: StateOK,
			reason:     "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].",
			reasonData: `{"version":"1.0","queryDate":"2020-01-22T11:09:02.049+0000","statistic":"Sum","period":60,"recentDatapoints":[],"threshold":0.0,"evaluatedDatapoints":[{"timestamp":"2020-01-22T11:08:00.000+0000"}]}`,
		},
		{
			name: "some missing, treated as breaching",
			alarm: Alarm{Period: 60, EvaluationPeriods: 8, Threshold: 0,
				ComparisonOperator: LessThanOrEqualToThreshold, TreatMissingData: Breaching, Statistic: "Sum"},
			points: []Datapoint{{Timestamp: at("2026-08-19T09:36:00.000"), Value: 2, SampleCount: 2}},
			now:    "2026-08-19T09:44:10.000", prev: StateAlarm, state: StateOK,
			reason:     "Threshold Crossed: 1 datapoint [2.0 (19/08/26 09:36:00)] was not less than or equal to the threshold (0.0) and 7 missing datapoints were treated as [Breaching].",
			reasonData: `{"version":"1.0","queryDate":"2026-08-19T09:44:10.000+0000","startDate":"2026-08-19T09:36:00.000+0000","statistic":"Sum","period":60,"recentDatapoints":[2.0],"threshold":0.0,"evaluatedDatapoints":[{"timestamp":"2026-08-19T09:43:00.000+0000"},{"timestamp":"2026-08-19T09:42:00.000+0000"},{"timestamp":"2026-08-19T09:41:00.000+0000"},{"timestamp":"2026-08-19T09:40:00.000+0000"},{"timestamp":"2026-08-19T09:39:00.000+0000"},{"timestamp":"2026-08-19T09:38:00.000+0000"},{"timestamp":"2026-08-19T09:37:00.000+0000"},{"timestamp":"2026-08-19T09:36:00.000+0000","sampleCount":2.0,"value":2.0}]}`,
		},
		{
			name: "filled-in datapoints alone decide",
			alarm: Alarm{Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 3, Threshold: 10,
				ComparisonOperator: GreaterThanThreshold, TreatMissingData: NotBreaching},
			points: []Datapoint{{Timestamp: at("2026-01-01T00:09:00.000"), Value: 11}},
			now:    "2026-01-01T00:10:00.000", prev: StateAlarm, state: StateOK,
			reason:     "Threshold Crossed: 1 out of the last 1 datapoints [11.0 (01/01/26 00:09:00)] was greater than the threshold (10.0) and 2 missing datapoints were treated as [NonBreaching] (minimum 1 datapoint for ALARM -> OK transition).",
			reasonData: `{"version":"1.0","queryDate":"2026-01-01T00:10:00.000+0000","startDate":"2026-01-01T00:09:00.000+0000","period":60,"recentDatapoints":[11.0],"threshold":10.0,"evaluatedDatapoints":[{"timestamp":"2026-01-01T00:09:00.000+0000","value":11.0},{"timestamp":"2026-01-01T00:08:00.000+0000"}]}`,
		},
		{
			name: "no data",
			alarm: Alarm{Period: 60, EvaluationPeriods: 5, Threshold: 5,
				ComparisonOperator: GreaterThanThreshold, Statistic: "Average"},
			now: "2023-08-04T12:31:29.591", prev: StateOK, state: StateInsufficientData,
			reason:     "Insufficient Data: 5 datapoints were unknown.",
			reasonData: `{"version":"1.0","queryDate":"2023-08-04T12:31:29.591+0000","statistic":"Average","period":60,"recentDatapoints":[],"threshold":5.0,"evaluatedDatapoints":[{"timestamp":"2023-08-04T12:30:00.000+0000"},{"timestamp":"2023-08-04T12:29:00.000+0000"},{"timestamp":"2023-08-04T12:28:00.000+0000"},{"timestamp":"2023-08-04T12:27:00.000+0000"},{"timestamp":"2023-08-04T12:26:00.000+0000"}]}`,
		},
		{
			name: "one datapoint unknown",
			alarm: Alarm{Period: 60, EvaluationPeriods: 1, Threshold: 5,
				ComparisonOperator: GreaterThanThreshold, ExtendedStatistic: "p99"},
			now: "2023-08-04T12:31:29.591", prev: StateInsufficientData, state: StateInsufficientData,
			reason:     "Insufficient Data: 1 datapoint was unknown.",
			reasonData: `{"version":"1.0","queryDate":"2023-08-04T12:31:29.591+0000","statistic":"p99","period":60,"recentDatapoints":[],"threshold":5.0,"evaluatedDatapoints":[{"timestamp":"2023-08-04T12:30:00.000+0000"}]}`,
		},
		{
			name: "premature alarm",
			alarm: Alarm{Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 3, Threshold: 10,
				ComparisonOperator: GreaterThanThreshold},
			points: []Datapoint{{Timestamp: at("2026-01-01T00:07:00.000"), Value: 12, SampleCount: 3}},
			now:    "2026-01-01T00:10:00.000", prev: StateOK, state: StateAlarm,
			reason:     "Threshold Crossed: 1 out of the last 1 datapoints [12.0 (01/01/26 00:07:00)] was greater than the threshold (10.0) (minimum 3 datapoints for OK -> ALARM transition).",
			reasonData: `{"version":"1.0","queryDate":"2026-01-01T00:10:00.000+0000","startDate":"2026-01-01T00:07:00.000+0000","period":60,"recentDatapoints":[12.0],"threshold":10.0,"evaluatedDatapoints":[{"timestamp":"2026-01-01T00:07:00.000+0000","sampleCount":3.0,"value":12.0}]}`,
		},
		{
			name: "anomaly band, above the upper edge",
			alarm: Alarm{Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1,
				ComparisonOperator: GreaterThanUpperThreshold},
			points: []Datapoint{{Timestamp: at("2024-07-25T07:21:00.000"), Value: 239, Lower: 100, Upper: 225.71426732099445}},
			now:    "2024-07-25T07:22:32.386", prev: StateOK, state: StateAlarm,
			reason:     "Thresholds Crossed: 1 out of the last 1 datapoints [239.0 (25/07/24 07:21:00)] was greater than the upper thresholds [225.71426732099445] (minimum 1 datapoint for OK -> ALARM transition).",
			reasonData: `{"version":"1.0","queryDate":"2024-07-25T07:22:32.386+0000","startDate":"2024-07-25T07:21:00.000+0000","period":60,"recentDatapoints":[239.0],"recentUpperThresholds":[225.71426732099445],"evaluatedDatapoints":[{"timestamp":"2024-07-25T07:21:00.000+0000","value":239.0,"threshold":225.71426732099445}]}`,
		},
		{
			name: "anomaly band, back under the upper edge",
			alarm: Alarm{Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1,
				ComparisonOperator: GreaterThanUpperThreshold},
			points: []Datapoint{{Timestamp: at("2024-07-25T06:59:00.000"), Value: 209, Lower: 100, Upper: 330.3191408914422}},
			now:    "2024-07-25T07:00:44.734", prev: StateAlarm, state: StateOK,
			reason:     "Thresholds Crossed: 1 out of the last 1 datapoints [209.0 (25/07/24 06:59:00)] was not greater than the upper thresholds [330.3191408914422] (minimum 1 datapoint for ALARM -> OK transition).",
			reasonData: `{"version":"1.0","queryDate":"2024-07-25T07:00:44.734+0000","startDate":"2024-07-25T06:59:00.000+0000","period":60,"recentDatapoints":[209.0],"recentUpperThresholds":[330.3191408914422],"evaluatedDatapoints":[{"timestamp":"2024-07-25T06:59:00.000+0000","value":209.0,"threshold":330.3191408914422}]}`,
		},
		{
			name: "anomaly band, outside on either side",
			alarm: Alarm{Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1,
				ComparisonOperator: LessThanLowerOrGreaterThanUpperThreshold},
			points: []Datapoint{{Timestamp: at("2019-10-03T15:58:00.000"), Value: 0, Lower: 0.020599444741798756, Upper: 0.3006915352732461}},
			now:    "2019-10-03T16:00:04.650", prev: StateOK, state: StateAlarm,
			reason:     "Thresholds Crossed: 1 out of the last 1 datapoints [0.0 (03/10/19 15:58:00)] was less than the lower thresholds [0.020599444741798756] or greater than the upper thresholds [0.3006915352732461] (minimum 1 datapoint for OK -> ALARM transition).",
			reasonData: `{"version":"1.0","queryDate":"2019-10-03T16:00:04.650+0000","startDate":"2019-10-03T15:58:00.000+0000","period":60,"recentDatapoints":[0.0],"recentLowerThresholds":[0.020599444741798756],"recentUpperThresholds":[0.3006915352732461],"evaluatedDatapoints":[{"timestamp":"2019-10-03T15:58:00.000+0000","value":0.0,"threshold":0.020599444741798756}]}`,
		},
		{
			name: "anomaly band, inside",
			alarm: Alarm{Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1,
				ComparisonOperator: LessThanLowerOrGreaterThanUpperThreshold},
			points: []Datapoint{{Timestamp: at("2021-06-27T13:52:00.000"), Value: 0.46522264287069004, Lower: 0.4129373661576242, Upper: 0.4700330400585261}},
			now:    "2021-06-27T13:53:39.351", prev: StateAlarm, state: StateOK,
			reason:     "Thresholds Crossed: 1 out of the last 1 datapoints [0.46522264287069004 (27/06/21 13:52:00)] was not less than the lower thresholds [0.4129373661576242] or not greater than the upper thresholds [0.4700330400585261] (minimum 1 datapoint for ALARM -> OK transition).",
			reasonData: `{"version":"1.0","queryDate":"2021-06-27T13:53:39.351+0000","startDate":"2021-06-27T13:52:00.000+0000","period":60,"recentDatapoints":[0.46522264287069004],"recentLowerThresholds":[0.4129373661576242],"recentUpperThresholds":[0.4700330400585261],"evaluatedDatapoints":[{"timestamp":"2021-06-27T13:52:00.000+0000","value":0.46522264287069004,"threshold":0.4700330400585261}]}`,
		},
		{
			name: "anomaly band, below the lower edge",
			alarm: Alarm{Period: 300, EvaluationPeriods: 2, DatapointsToAlarm: 1,
				ComparisonOperator: LessThanLowerThreshold, TreatMissingData: NotBreaching},
			points: []Datapoint{
				{Timestamp: at("2026-02-02T09:50:00.000"), Value: 7, Lower: 8, Upper: 12},
				{Timestamp: at("2026-02-02T09:55:00.000"), Value: 9, Lower: 8.5, Upper: 12},
			},
			now: "2026-02-02T10:00:01.000", prev: StateOK, state: StateAlarm,
			reason:     "Thresholds Crossed: 1 out of the last 2 datapoints [7.0 (02/02/26 09:50:00)] was less than the lower thresholds [8.0] (minimum 1 datapoint for OK -> ALARM transition).",
			reasonData: `{"version":"1.0","queryDate":"2026-02-02T10:00:01.000+0000","startDate":"2026-02-02T09:50:00.000+0000","period":300,"recentDatapoints":[7.0,9.0],"recentLowerThresholds":[8.0,8.5],"evaluatedDatapoints":[{"timestamp":"2026-02-02T09:55:00.000+0000","value":9.0,"threshold":8.5},{"timestamp":"2026-02-02T09:50:00.000+0000","value":7.0,"threshold":8.0}]}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Evaluate(tc.alarm, tc.points, at(tc.now), tc.prev)
			if got.State != tc.state || got.Changed != (tc.state != tc.prev) {
				t.Errorf("state %s (changed %v), want %s", got.State, got.Changed, tc.state)
			}
			if got.Reason != tc.reason {
				t.Errorf("reason\n got %s\nwant %s", got.Reason, tc.reason)
			}
			if got.ReasonData != tc.reasonData {
				t.Errorf("reason data\n got %s\nwant %s", got.ReasonData, tc.reasonData)
			}
		})
	}
}

func TestDynamoDBIgnoresMissingData(t *testing.T) {
	a := Alarm{Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold,
		TreatMissingData: Breaching, Namespace: "AWS/DynamoDB"}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	got := Evaluate(a, nil, now, StateOK)
	if got.State != StateOK || got.Changed || got.Reason != "" {
		t.Errorf("DynamoDB alarm without data: %+v, want OK retained", got)
	}
	a.Namespace = "AWS/EC2"
	if got := Evaluate(a, nil, now, StateOK); got.State != StateAlarm {
		t.Errorf("EC2 alarm without data, missing as breaching: %s", got.State)
	}
}

func TestLowSampleCountPercentile(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 10, 0, 0, time.UTC)
	point := func(samples float64) []Datapoint {
		return []Datapoint{{Timestamp: now.Add(-time.Minute), Value: 500, SampleCount: samples}}
	}
	cases := []struct {
		stat, mode string
		samples    float64
		want       State
	}{
		// p99 needs 10/(1-0.99) = 1000 samples.
		{"p99", "ignore", 999, StateOK},
		{"p99", "ignore", 1000, StateAlarm},
		{"p99", "evaluate", 1, StateAlarm},
		{"p99", "", 1, StateAlarm},
		// p50 needs 10/(1-0.5) = 20, p10 needs 10/0.1 = 100.
		{"p50", "ignore", 19, StateOK},
		{"p50", "ignore", 20, StateAlarm},
		{"p10", "ignore", 99, StateOK},
		{"p10", "ignore", 100, StateAlarm},
		{"p99.9", "ignore", 9999, StateOK},
		// Not percentiles, or no sample count: always evaluated.
		{"p100", "ignore", 1, StateAlarm},
		{"tm90", "ignore", 1, StateAlarm},
		{"p99", "ignore", 0, StateAlarm},
	}
	for _, tc := range cases {
		a := Alarm{Period: 60, EvaluationPeriods: 1, Threshold: 100, ComparisonOperator: GreaterThanThreshold,
			ExtendedStatistic: tc.stat, EvaluateLowSampleCountPercentile: tc.mode}
		got := Evaluate(a, point(tc.samples), now, StateOK)
		if got.State != tc.want {
			t.Errorf("%s %s with %v samples: %s, want %s", tc.stat, tc.mode, tc.samples, got.State, tc.want)
		}
		if got.State == StateOK && got.Reason != "" {
			t.Errorf("%s %s: a retained state has reason %q", tc.stat, tc.mode, got.Reason)
		}
	}
}

func TestWindow(t *testing.T) {
	now := time.Date(2019, 10, 2, 17, 4, 40, 985e6, time.UTC)
	start, end := Window(Alarm{Period: 300, EvaluationPeriods: 1}, now)
	if !end.Equal(time.Date(2019, 10, 2, 17, 4, 0, 0, time.UTC)) || !start.Equal(end.Add(-15*time.Minute)) {
		t.Errorf("5-minute window = %v .. %v", start, end)
	}
	start, end = Window(Alarm{Period: 10, EvaluationPeriods: 3}, now)
	if !end.Equal(time.Date(2019, 10, 2, 17, 4, 40, 0, time.UTC)) || !start.Equal(end.Add(-50*time.Second)) {
		t.Errorf("10-second window = %v .. %v", start, end)
	}
	if got := EvaluationRange(Alarm{EvaluationPeriods: 3}); got != 5 {
		t.Errorf("EvaluationRange(N=3) = %d, want the user guide's 5", got)
	}
	if got := EvaluationRange(Alarm{}); got != 3 {
		t.Errorf("EvaluationRange(N=0) = %d", got)
	}
}

func TestDatapointPlacement(t *testing.T) {
	a := Alarm{Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1, Threshold: 10, ComparisonOperator: GreaterThanThreshold}
	now := time.Date(2026, 1, 1, 0, 10, 30, 0, time.UTC)
	// The newest period is 00:09-00:10; 00:10:05 is in the future and
	// 00:06 is before the range.
	dps := []Datapoint{
		{Timestamp: time.Date(2026, 1, 1, 0, 9, 0, 0, time.UTC), Value: 50},
		{Timestamp: time.Date(2026, 1, 1, 0, 9, 30, 0, time.UTC), Value: 1},
		{Timestamp: time.Date(2026, 1, 1, 0, 9, 10, 0, time.UTC), Value: 60},
		{Timestamp: time.Date(2026, 1, 1, 0, 10, 5, 0, time.UTC), Value: 99},
		{Timestamp: time.Date(2026, 1, 1, 0, 6, 0, 0, time.UTC), Value: 99},
		{Timestamp: time.Date(2026, 1, 1, 0, 8, 0, 0, time.UTC), Value: math.NaN()},
		{Timestamp: time.Date(2026, 1, 1, 0, 7, 0, 0, time.UTC), Value: math.Inf(1)},
	}
	got := Evaluate(a, dps, now, StateAlarm)
	if got.State != StateOK {
		t.Errorf("state %s from %s, want OK from the latest datapoint of the newest period", got.State, got.Reason)
	}
	// Degenerate settings are clamped rather than trusted.
	got = Evaluate(Alarm{ComparisonOperator: GreaterThanThreshold, DatapointsToAlarm: 9}, []Datapoint{{Timestamp: now.Add(-time.Minute), Value: 1}}, now, "")
	if got.State != StateAlarm || !got.Changed {
		t.Errorf("zero-valued alarm: %+v", got)
	}
}

func TestJavaDouble(t *testing.T) {
	for v, want := range map[float64]string{
		50: "50.0", 0: "0.0", math.Copysign(0, -1): "-0.0", -3: "-3.0", 0.5: "0.5", 99.50160229693434: "99.50160229693434",
		0.001: "0.001", 0.0001: "1.0E-4", 2.5e-4: "2.5E-4", 1e7: "1.0E7", 9999999: "9999999.0", 12345678.9: "1.23456789E7",
		-1.5e300: "-1.5E300", math.NaN(): "NaN", math.Inf(1): "Infinity", math.Inf(-1): "-Infinity",
	} {
		if got := javaDouble(v); got != want && !(math.IsNaN(v) && got == "NaN") {
			t.Errorf("javaDouble(%v) = %q, want %q", v, got, want)
		}
	}
}
