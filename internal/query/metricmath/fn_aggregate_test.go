package metricmath

import "testing"

func TestAggregateOfSeries(t *testing.T) {
	env := Env{Results: []Result{metric("m1", 1, na, 3, 4, 2), metric("empty")}}
	runCases(t, env, testOpts(5), 5, []evalCase{
		{expr: "TIME_SERIES(AVG(m1))", want: one(2.5, 2.5, 2.5, 2.5, 2.5)},
		{expr: "TIME_SERIES(SUM(m1))", want: one(10, 10, 10, 10, 10)},
		{expr: "TIME_SERIES(MIN(m1))", want: one(1, 1, 1, 1, 1)},
		{expr: "TIME_SERIES(MAX(m1))", want: one(4, 4, 4, 4, 4)},
		{expr: "TIME_SERIES(DATAPOINT_COUNT(m1))", want: one(4, 4, 4, 4, 4)},
		// Population standard deviation: sqrt(5/4).
		{expr: "TIME_SERIES(STDDEV(m1))", want: one(1.118033988749895, 1.118033988749895, 1.118033988749895, 1.118033988749895, 1.118033988749895)},
		{expr: "SUM(m1) / DATAPOINT_COUNT(m1) + m1 * 0", want: one(2.5, na, 2.5, 2.5, 2.5)},
		// An empty series has a SUM and a count of 0, and no other statistic.
		{expr: "TIME_SERIES(SUM(empty))", want: one(0, 0, 0, 0, 0)},
		{expr: "TIME_SERIES(DATAPOINT_COUNT(empty))", want: one(0, 0, 0, 0, 0)},
		{expr: "TIME_SERIES(AVG(empty))", want: one(na, na, na, na, na)},
		{expr: "TIME_SERIES(MAX(empty))", want: one(na, na, na, na, na)},
		{expr: "TIME_SERIES(STDDEV(empty))", want: one(na, na, na, na, na)},
	})
}

func TestAggregateOfArray(t *testing.T) {
	env := Env{Results: []Result{
		metric("a", 1, na, 3, na),
		metric("b", 3, 5, na, na),
		metric("c", 2, 1, na, na),
	}}
	runCases(t, env, testOpts(4), 4, []evalCase{
		{expr: "SUM(METRICS())", want: one(6, 6, 3, na), labels: []string{"e1"}},
		// AVG counts a missing point as 0: (0+5+1)/3 and (3+0+0)/3.
		{expr: "AVG(METRICS())", want: one(2, 2, 1, na)},
		{expr: "MIN(METRICS())", want: one(1, 1, 3, na)},
		{expr: "MAX(METRICS())", want: one(3, 5, 3, na)},
		{expr: "DATAPOINT_COUNT(METRICS())", want: one(3, 2, 1, na)},
		{expr: "STDDEV(METRICS())", want: one(0.816496580927726, 2.160246899469287, 1.4142135623730951, na)},
		{expr: "SUM([a, b])", want: one(4, 5, 3, na)},
		{expr: "AVG([a])", want: one(1, na, 3, na)},
		{expr: "SUM(METRICS('zzz'))", want: one(na, na, na, na)},
		{expr: "MAX(METRICS('zzz'))", want: one(na, na, na, na)},
		{expr: "TIME_SERIES(METRIC_COUNT(METRICS()))", want: one(3, 3, 3, 3)},
		{expr: "TIME_SERIES(METRIC_COUNT(a))", want: one(1, 1, 1, 1)},
		{expr: "a / METRIC_COUNT(METRICS())", want: one(1.0/3, na, 1, na)},
		{expr: "SUM(METRICS()) / SUM(a)", want: one(1.5, 1.5, 0.75, na)},
	})
}
