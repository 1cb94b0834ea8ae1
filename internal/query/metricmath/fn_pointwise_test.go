package metricmath

import "testing"

func TestPointwise(t *testing.T) {
	env := Env{Results: []Result{metric("m1", -1.5, na, 0, 2.25, 100), metric("m2", -4, 4, na, na, na)}}
	runCases(t, env, testOpts(5), 5, []evalCase{
		{expr: "ABS(m1)", want: one(1.5, na, 0, 2.25, 100)},
		{expr: "CEIL(m1)", want: one(-1, na, 0, 3, 100)},
		{expr: "FLOOR(m1)", want: one(-2, na, 0, 2, 100)},
		// LOG of a negative number or of 0 is not a finite number: dropped.
		{expr: "LOG(m1)", want: one(na, na, na, 0.8109302162163288, 4.605170185988092)},
		{expr: "LOG10(m1)", want: one(na, na, na, 0.3521825181113625, 2)},
		{expr: "SQRT(m1)", want: one(na, na, 0, 1.5, 10)},
		{expr: "ABS(METRICS())", array: true, want: [][]float64{{1.5, na, 0, 2.25, 100}, {4, 4, na, na, na}}, labels: []string{"m1 label", "m2 label"}},
		{expr: "TIME_SERIES(ABS(MIN(m1)))", want: one(1.5, 1.5, 1.5, 1.5, 1.5)},
		{expr: "MIN(ABS([m1, m2]))", want: one(1.5, 4, 0, 2.25, 100)},
	})
}
