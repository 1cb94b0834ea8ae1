package metricmath

import "testing"

func TestDelta(t *testing.T) {
	env := Env{Results: []Result{metric("m1", 1, na, 4, 10, 7), metric("m2", 5, 5, na, na, 1)}}
	runCases(t, env, testOpts(5), 5, []evalCase{
		{expr: "DIFF(m1)", want: one(na, na, 3, 6, -3)},
		{expr: "DIFF_TIME(m1)", want: one(na, na, 120, 60, 60)},
		{expr: "RATE(m1)", want: one(na, na, 0.025, 0.1, -0.05)},
		{expr: "RUNNING_SUM(m1)", want: one(1, na, 5, 15, 22)},
		{expr: "DIFF(METRICS())", array: true, want: [][]float64{{na, na, 3, 6, -3}, {na, 0, na, na, -4}}, labels: []string{"m1 label", "m2 label"}},
		{expr: "RATE(m2)", want: one(na, 0, na, na, -4.0/180)},
		{expr: "RUNNING_SUM([m1, m2])", array: true, want: [][]float64{{1, na, 5, 15, 22}, {5, 10, na, na, 11}}},
		{expr: "DIFF(DIFF(m1))", want: one(na, na, na, 3, -9)},
	})
}
