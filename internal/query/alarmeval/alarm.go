package alarmeval

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// State is an alarm state value.
type State string

// Alarm states.
const (
	StateOK               State = "OK"
	StateAlarm            State = "ALARM"
	StateInsufficientData State = "INSUFFICIENT_DATA"
)

// ComparisonOperator is how a datapoint is compared with the threshold.
type ComparisonOperator string

// Comparison operators. The last three compare with an anomaly detection
// band given per datapoint (Datapoint.Lower and Datapoint.Upper).
const (
	GreaterThanOrEqualToThreshold            ComparisonOperator = "GreaterThanOrEqualToThreshold"
	GreaterThanThreshold                     ComparisonOperator = "GreaterThanThreshold"
	LessThanThreshold                        ComparisonOperator = "LessThanThreshold"
	LessThanOrEqualToThreshold               ComparisonOperator = "LessThanOrEqualToThreshold"
	LessThanLowerOrGreaterThanUpperThreshold ComparisonOperator = "LessThanLowerOrGreaterThanUpperThreshold"
	LessThanLowerThreshold                   ComparisonOperator = "LessThanLowerThreshold"
	GreaterThanUpperThreshold                ComparisonOperator = "GreaterThanUpperThreshold"
)

// IsBand reports whether the operator compares with an anomaly band.
func (op ComparisonOperator) IsBand() bool {
	switch op {
	case LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, GreaterThanUpperThreshold:
		return true
	}
	return false
}

// TreatMissingData is how missing datapoints count.
type TreatMissingData string

// TreatMissingData values; the empty string means Missing.
const (
	Missing      TreatMissingData = "missing"
	Ignore       TreatMissingData = "ignore"
	Breaching    TreatMissingData = "breaching"
	NotBreaching TreatMissingData = "notBreaching"
)

// Alarm is the part of a metric alarm's configuration evaluation needs.
type Alarm struct {
	// Period is the length of a datapoint's window, in seconds: 10, 20, 30
	// or a multiple of 60.
	Period int
	// EvaluationPeriods is N, the number of datapoints evaluated.
	EvaluationPeriods int
	// DatapointsToAlarm is M, how many of the N must breach for ALARM. Zero
	// means it was not set: M is N and the state reason uses CloudWatch's
	// short form ("3 datapoints [...] were greater than the threshold").
	DatapointsToAlarm int
	Threshold         float64
	// ComparisonOperator is one of the constants above.
	ComparisonOperator ComparisonOperator
	// TreatMissingData is missing (also for ""), ignore, breaching or
	// notBreaching.
	TreatMissingData TreatMissingData
	// EvaluateLowSampleCountPercentile is "evaluate" (also for "") or
	// "ignore"; it applies only when ExtendedStatistic is a percentile.
	EvaluateLowSampleCountPercentile string
	// Namespace matters for AWS/DynamoDB, whose alarms ignore missing data.
	Namespace string
	// Statistic (SampleCount, Average, Sum, Minimum, Maximum) or
	// ExtendedStatistic (p99, tm90, …) of a single-metric alarm; both are
	// empty for metric math and anomaly detection alarms.
	Statistic         string
	ExtendedStatistic string
	// Unit, if set, is reported in StateReasonData.
	Unit string
}

// Datapoint is one aggregated value of the alarm's metric or expression.
type Datapoint struct {
	// Timestamp is the start of the datapoint's period.
	Timestamp time.Time
	Value     float64
	// SampleCount is the number of raw values aggregated, or 0 when not
	// known (metric math).
	SampleCount float64
	// Lower and Upper are the anomaly detection band at Timestamp, used by
	// the band operators only.
	Lower, Upper float64
}

// Transition is the outcome of an evaluation.
type Transition struct {
	// State is the new state; it equals the previous one when nothing
	// changes.
	State State
	// Changed reports whether State differs from the previous state, which
	// is when CloudWatch records a transition and runs actions.
	Changed bool
	// Reason and ReasonData are the StateReason and StateReasonData for
	// State. Both are empty when the evaluation kept the previous state
	// without deciding anything (TreatMissingData ignore, or too few
	// samples for a percentile); the stored reason then stays as it is.
	Reason     string
	ReasonData string
}

// settings are the alarm's numbers with defaults applied.
type settings struct {
	n, m   int
	period time.Duration
	rng    int
}

func (a Alarm) settings() settings {
	s := settings{n: a.EvaluationPeriods, m: a.DatapointsToAlarm, period: time.Duration(a.Period) * time.Second}
	if s.n < 1 {
		s.n = 1
	}
	if s.m < 1 || s.m > s.n {
		s.m = s.n
	}
	if s.period <= 0 {
		s.period = time.Minute
	}
	s.rng = EvaluationRange(a)
	return s
}

// EvaluationRange is how many periods an evaluation looks at: N + 2. The
// user guide shows N = 3 retrieving 5 datapoints and says only that the
// range exceeds N; two extra periods reproduce every example it gives.
func EvaluationRange(a Alarm) int {
	return max(a.EvaluationPeriods, 1) + 2
}

// Window returns the time span whose datapoints an evaluation at now uses:
// EvaluationRange periods ending at now, cut to the minute (to 10 seconds
// for high-resolution periods below a minute), as CloudWatch evaluates
// every minute (every 10 seconds). Query the metric from start to end with
// the alarm's period, windows starting at start; Evaluate puts each
// datapoint in the period its timestamp falls in.
func Window(a Alarm, now time.Time) (start, end time.Time) {
	s := a.settings()
	step := time.Minute
	if s.period < time.Minute {
		step = 10 * time.Second
	}
	end = now.UTC().Truncate(step)
	return end.Add(-time.Duration(s.rng) * s.period), end
}

// missingPolicy returns the effective TreatMissingData.
func (a Alarm) missingPolicy() TreatMissingData {
	if a.Namespace == "AWS/DynamoDB" {
		return Ignore
	}
	switch a.TreatMissingData {
	case Ignore, Breaching, NotBreaching:
		return a.TreatMissingData
	}
	return Missing
}

// breaches reports whether d is on the wrong side of the threshold.
func (a Alarm) breaches(d Datapoint) bool {
	v := d.Value
	switch a.ComparisonOperator {
	case GreaterThanOrEqualToThreshold:
		return v >= a.Threshold
	case GreaterThanThreshold:
		return v > a.Threshold
	case LessThanThreshold:
		return v < a.Threshold
	case LessThanOrEqualToThreshold:
		return v <= a.Threshold
	case LessThanLowerOrGreaterThanUpperThreshold:
		return v < d.Lower || v > d.Upper
	case LessThanLowerThreshold:
		return v < d.Lower
	case GreaterThanUpperThreshold:
		return v > d.Upper
	}
	return false
}

// minSamples returns the sample count below which a percentile datapoint
// is too thin to evaluate, or 0 when the rule does not apply.
func (a Alarm) minSamples() float64 {
	if a.EvaluateLowSampleCountPercentile != "ignore" {
		return 0
	}
	stat := a.ExtendedStatistic
	if len(stat) < 2 || (stat[0] != 'p' && stat[0] != 'P') {
		return 0
	}
	pct, err := strconv.ParseFloat(strings.TrimSpace(stat[1:]), 64)
	if err != nil || math.IsNaN(pct) {
		return 0
	}
	p := pct / 100
	switch {
	case p >= 0.5 && p < 1:
		return 10 / (1 - p)
	case p > 0 && p < 0.5:
		return 10 / p
	}
	return 0
}
