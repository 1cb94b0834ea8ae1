package metricmath

import "testing"

// TestIf runs the tables of "Using IF expressions" in the CloudWatch user
// guide, then the other forms.
func TestIf(t *testing.T) {
	env := Env{Results: []Result{
		metric("metric1", 1, 1, 0, 0, na),
		metric("metric2", 30, na, 0, 0, 30),
		metric("metric3", 0, 0, 20, na, 20),
		metric("empty"),
	}}
	runCases(t, env, testOpts(5), 5, []evalCase{
		{expr: "IF(metric1, metric2, metric3)", want: one(30, 0, 20, na, na)},
		{expr: "IF(metric1, 5, metric3)", want: one(5, 5, 20, na, na)},
		{expr: "IF(metric1, metric2, 5)", want: one(30, 0, 5, 5, na)},
		{expr: "IF(metric1, metric2)", want: one(30, 0, na, na, na)},
		{expr: "IF(metric1, 10, 2)", want: one(10, 10, 2, 2, na)},
		{expr: "IF(metric2 > 10, metric2)", want: one(30, na, na, na, 30)},
		{expr: "IF(metric2 < 10, 1, 0)", want: one(0, na, 1, 1, 0)},
		{expr: "IF(metric1 == 1 AND metric3 == 0, 7, 8)", want: one(7, 7, 8, 8, 8)},
		// A number as condition picks a whole argument.
		{expr: "IF(1, metric2, metric3)", want: one(30, na, 0, 0, 30)},
		{expr: "IF(-2, metric2, metric3)", want: one(30, na, 0, 0, 30)},
		{expr: "IF(0, metric2, metric3)", want: one(0, 0, 20, na, 20)},
		{expr: "IF(0, metric2)", want: one(na, na, na, na, na)},
		{expr: "IF(AVG(empty), metric2, metric3)", want: one(na, na, na, na, na)},
		{expr: "IF(MAX(metric2) > 20, metric1 * 2, metric1)", want: one(2, 2, 0, 0, na)},
		// Arrays go series by series.
		{expr: "IF([metric1, metric3], 1, 0)", array: true, want: [][]float64{{1, 1, 0, 0, na}, {0, 0, 1, na, 1}}, labels: []string{"metric1 label", "metric3 label"}},
		{expr: "IF(metric1, [metric2, metric3])", array: true, want: [][]float64{{30, 0, na, na, na}, {0, 0, na, na, na}}, labels: []string{"metric2 label", "metric3 label"}},
		{expr: "IF([metric1, metric1], [metric2, metric3], 9)", array: true, want: [][]float64{{30, 0, 9, 9, na}, {0, 0, 9, 9, na}}},
		{expr: "IF(metric1, 1 / 0, 2)", want: one(na, na, 2, 2, na)},
	})
}
