// Package metricmath parses and evaluates CloudWatch metric math: the
// Expression of a GetMetricData query or of a metric math alarm, such as
//
//	SUM(METRICS("errors")) / SUM(METRICS("requests")) * 100
//	IF(m1 > 400, m1)
//	FILL(SEARCH('{AWS/EC2,InstanceId} MetricName="CPUUtilization"', 'Average', 300), REPEAT)
//
// Parse turns an expression into an AST whose String method prints it
// canonically (Parse(e.String()) yields the same AST). Eval runs it over the
// results of the other queries of the request, given as an Env. ParseSearch
// parses the query string of a SEARCH call, so the metrics service can match
// it against its series index with SearchQuery.Matches.
//
// The semantics follow the CloudWatch user guide ("Using math expressions
// with CloudWatch metrics" and "CloudWatch search expression syntax"):
//
//   - Arithmetic and comparison between two time series is computed at every
//     timestamp either series has; a value missing from one side counts as 0.
//   - A point whose value is not a finite number is dropped: that is how a
//     division by zero, LOG(0) or an overflow disappear from the result.
//   - A number that has no value (the AVG of an empty series) is NaN; any
//     operation with it yields no value, so m1 - AVG(m1) is then empty.
//   - The final result must be a time series or an array of them.
//
// The package is pure: it does no I/O, never reads the clock and starts no
// goroutines. SEARCH and ANOMALY_DETECTION_BAND reach the outside world only
// through the callbacks in Env; the current time comes in Options.
package metricmath
