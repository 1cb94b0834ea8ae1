package metricmath

import "testing"

func arrayEnv() Env {
	return Env{Results: []Result{
		metric("cpu_a", 1, 2, 3),
		metric("cpu_b", 10, na, na),
		metric("mem_c"),
		metric("mem_d", 5, 5, 5),
		{ID: "cpu_e", Series: []Series{ser("expression", 7, 7, 7)}},
	}}
}

func TestMetricsFunction(t *testing.T) {
	a, b, c, d := []float64{1, 2, 3}, []float64{10, na, na}, []float64{na, na, na}, []float64{5, 5, 5}
	runCases(t, arrayEnv(), testOpts(3), 3, []evalCase{
		// Expressions (cpu_e) are not metrics.
		{expr: "METRICS()", array: true, want: [][]float64{a, b, c, d}, labels: []string{"cpu_a label", "cpu_b label", "mem_c label", "mem_d label"}},
		{expr: "METRICS('cpu')", array: true, want: [][]float64{a, b}},
		{expr: `METRICS("_d")`, array: true, want: [][]float64{d}},
		{expr: "METRICS('label')", array: true, want: nil},
		{expr: "[METRICS('cpu'), METRICS('mem')]", array: true, want: [][]float64{a, b, c, d}},
		{expr: "CONCAT(METRICS('mem'), cpu_a, [cpu_b])", array: true, want: [][]float64{c, d, a, b}},
		{expr: "REMOVE_EMPTY(METRICS())", array: true, want: [][]float64{a, b, d}},
		{expr: "SLICE(METRICS(), 1, 3)", array: true, want: [][]float64{b, c}},
		{expr: "SLICE(METRICS(), 2)", array: true, want: [][]float64{c, d}},
		{expr: "SLICE(METRICS(), 3, 1)", array: true, want: nil},
		{expr: "SLICE(METRICS(), 10)", array: true, want: nil},
		{expr: "SLICE(METRICS(), 0, 1e300)", array: true, want: [][]float64{a, b, c, d}},
		{expr: "FIRST(METRICS())", want: [][]float64{a}, labels: []string{"e1"}},
		{expr: "LAST(METRICS())", want: [][]float64{d}},
		{expr: "FIRST(cpu_a)", want: [][]float64{a}},
		{expr: "FIRST(METRICS('zzz'))", want: [][]float64{c}},
		{expr: "LAST(METRICS('zzz'))", want: [][]float64{c}},
	})
}

func TestSort(t *testing.T) {
	// SUM: a 6, b 10, d 15; AVG: a 2, b 10, d 5; MAX: a 3, b 10, d 5;
	// MIN: a 1, b 10, d 5; c has no points and sorts last.
	a, b, c, d := []float64{1, 2, 3}, []float64{10, na, na}, []float64{na, na, na}, []float64{5, 5, 5}
	runCases(t, arrayEnv(), testOpts(3), 3, []evalCase{
		{expr: "SORT(METRICS(), SUM, DESC)", array: true, want: [][]float64{d, b, a, c}, labels: []string{"mem_d label", "cpu_b label", "cpu_a label", "mem_c label"}},
		{expr: "SORT(METRICS(), SUM, ASC)", array: true, want: [][]float64{a, b, d, c}},
		{expr: "SORT(METRICS(), AVG, ASC)", array: true, want: [][]float64{a, d, b, c}},
		{expr: "SORT(METRICS(), AVG, DESC)", array: true, want: [][]float64{b, d, a, c}},
		{expr: "SORT(METRICS(), MAX, DESC, 2)", array: true, want: [][]float64{b, d}},
		{expr: "SORT(METRICS(), MIN, ASC, 10)", array: true, want: [][]float64{a, d, b, c}},
		{expr: "SORT([mem_d, cpu_a, mem_d], MAX, DESC)", array: true, want: [][]float64{d, d, a}},
		{expr: "FIRST(SORT(METRICS(), AVG, DESC))", want: [][]float64{b}},
		{expr: "LAST(SORT(REMOVE_EMPTY(METRICS()), AVG, DESC))", want: [][]float64{a}},
		{expr: "SLICE(SORT(METRICS(), SUM, DESC), 0, 2)", array: true, want: [][]float64{d, b}},
		{expr: "IF(FIRST(SORT(METRICS(), AVG, DESC)) > 5, 1, 0)", want: one(1, na, na)},
	})
}
