package alarmeval

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"testing"
	"time"
)

var fuzzOperators = []ComparisonOperator{GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold,
	LessThanOrEqualToThreshold, LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, GreaterThanUpperThreshold}

var fuzzPolicies = []TreatMissingData{"", Missing, Ignore, Breaching, NotBreaching, "bogus"}

// FuzzEvaluate checks, for any configuration and data, that Evaluate never
// panics, returns a valid state, reports Changed truthfully, explains every
// decision and writes StateReasonData that is valid JSON.
func FuzzEvaluate(f *testing.F) {
	f.Add(int16(60), uint8(3), uint8(2), 10.0, uint8(1), uint8(0), "Average", []byte{0, 5, 1, 20, 3, 20})
	f.Add(int16(300), uint8(1), uint8(0), 0.0, uint8(4), uint8(3), "", []byte{255, 0, 0, 1})
	f.Add(int16(10), uint8(5), uint8(9), -1.0, uint8(6), uint8(2), "p99", []byte{})
	f.Fuzz(func(t *testing.T, period int16, n, m uint8, threshold float64, op, policy uint8, stat string, raw []byte) {
		a := Alarm{Period: int(period), EvaluationPeriods: int(n % 20), DatapointsToAlarm: int(m % 25), Threshold: threshold,
			ComparisonOperator: fuzzOperators[int(op)%len(fuzzOperators)], TreatMissingData: fuzzPolicies[int(policy)%len(fuzzPolicies)],
			ExtendedStatistic: stat, EvaluateLowSampleCountPercentile: "ignore"}
		now := time.Date(2026, 5, 17, 12, 34, 56, 789e6, time.UTC)
		start, _ := Window(a, now)
		var dps []Datapoint
		for i := 0; i+2 <= len(raw) && len(dps) < 64; i += 2 {
			slot := time.Duration(raw[i]%32) * time.Duration(max(int(period), 1)) * time.Second
			v := float64(int8(raw[i+1]))
			if raw[i+1] == 0x80 {
				v = math.NaN()
			}
			dps = append(dps, Datapoint{Timestamp: start.Add(slot), Value: v, SampleCount: float64(raw[i] % 7),
				Lower: -10, Upper: float64(binary.BigEndian.Uint16([]byte{raw[i], raw[i+1]}) % 50)})
		}
		for _, prev := range []State{"", StateOK, StateAlarm, StateInsufficientData} {
			tr := Evaluate(a, dps, now, prev)
			if prev == "" {
				prev = StateInsufficientData
			}
			switch tr.State {
			case StateOK, StateAlarm, StateInsufficientData:
			default:
				t.Fatalf("state %q", tr.State)
			}
			if tr.Changed != (tr.State != prev) {
				t.Fatalf("Changed = %v from %s to %s", tr.Changed, prev, tr.State)
			}
			if tr.Reason == "" {
				if tr.Changed || tr.ReasonData != "" {
					t.Fatalf("unexplained transition %+v", tr)
				}
				continue
			}
			if !json.Valid([]byte(tr.ReasonData)) {
				t.Fatalf("StateReasonData is not JSON: %s", tr.ReasonData)
			}
		}
	})
}

func BenchmarkEvaluate(b *testing.B) {
	a := Alarm{Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 90,
		ComparisonOperator: GreaterThanOrEqualToThreshold, Statistic: "Average", TreatMissingData: Breaching}
	now := time.Date(2026, 11, 23, 10, 6, 12, 0, time.UTC)
	start, _ := Window(a, now)
	var dps []Datapoint
	for i := range 6 {
		dps = append(dps, Datapoint{Timestamp: start.Add(time.Duration(i) * time.Minute), Value: float64(85 + 2*i), SampleCount: 60})
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(a, dps, now, StateOK)
	}
}
