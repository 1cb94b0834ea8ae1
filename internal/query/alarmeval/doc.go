// Package alarmeval evaluates CloudWatch metric alarms the way the
// CloudWatch user guide describes ("Alarm evaluation", "Configuring how
// CloudWatch alarms treat missing data", "Avoiding premature transitions
// to alarm state", "Percentile-based alarms and low data samples"):
//
//   - Each evaluation looks at the evaluation range: the last
//     EvaluationRange(alarm) periods, more than EvaluationPeriods (N), so
//     that a few missing datapoints can be made up from older ones.
//   - With at least N real datapoints in the range, the newest N decide:
//     ALARM if DatapointsToAlarm (M) of them breach, otherwise OK, whatever
//     TreatMissingData says.
//   - With fewer, every real datapoint in the range counts and missing ones
//     are filled in as few times as possible: as breaching or not breaching,
//     or, for "missing" and "ignore", not at all. Then "missing" goes to
//     ALARM when M real datapoints breach, or when no datapoint is within
//     the threshold and the oldest breaching one is at least M periods old
//     (the premature-alarm rule), to OK when some datapoint is within the
//     threshold, and to INSUFFICIENT_DATA otherwise; "ignore" does the same
//     but keeps the current state where "missing" would not decide on data.
//   - Alarms on the AWS/DynamoDB namespace always ignore missing data.
//   - A percentile alarm with EvaluateLowSampleCountPercentile "ignore"
//     keeps its state while a datapoint it would evaluate has fewer samples
//     than 10/(1-p) (p ≥ 0.5) or 10/p (p < 0.5).
//
// Evaluate also writes the StateReason and StateReasonData CloudWatch
// would, such as "Threshold Crossed: 3 out of the last 3 datapoints [95.0
// (23/11/26 10:05:00), …] were greater than or equal to the threshold
// (90.0) (minimum 3 datapoints for OK -> ALARM transition)." Numbers are
// printed as CloudWatch's Java service prints doubles (95.0, 1.0E7).
//
// The package is pure: the caller passes the time and the datapoints, and
// nothing here reads the clock, does I/O or starts goroutines.
package alarmeval
