package metricmath

import (
	"slices"
	"testing"
)

func TestTimeFunctions(t *testing.T) {
	// From 2024-02-28T22:58:59Z every 1d1h1m1s: across the leap day, a
	// month end and a Sunday.
	const start, period = 1709161139, 90061
	stamps := []int64{1709161139, 1709251200, 1709341261, 1709431322, 1709521383}
	env := Env{Results: []Result{{ID: "m1", Metric: true, Series: []Series{{Label: "m1", Timestamps: []int64{1709251200}, Values: []float64{1}}}}}}
	opts := Options{ID: "e1", Period: period, Start: start, End: start + 5*period}
	tests := []struct {
		expr string
		want []float64
	}{
		{"MINUTE(m1)", []float64{58, 0, 1, 2, 3}},
		{"HOUR(m1)", []float64{22, 0, 1, 2, 3}},
		{"DAY(m1)", []float64{3, 5, 6, 7, 1}},
		{"DATE(m1)", []float64{28, 1, 2, 3, 4}},
		{"MONTH(m1)", []float64{2, 3, 3, 3, 3}},
		{"YEAR(m1)", []float64{2024, 2024, 2024, 2024, 2024}},
		{"EPOCH(m1)", []float64{1709161139, 1709251200, 1709341261, 1709431322, 1709521383}},
		{"TIME_SERIES(4)", []float64{4, 4, 4, 4, 4}},
		{"DAY(m1) < 6", []float64{1, 1, 0, 0, 1}},
	}
	for _, tt := range tests {
		res, err := evalString(t, tt.expr, env, opts)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		s := res.Series[0]
		if res.Array || !slices.Equal(s.Timestamps, stamps) || !slices.Equal(s.Values, tt.want) {
			t.Errorf("%s = %v at %v, want %v at %v", tt.expr, s.Values, s.Timestamps, tt.want, stamps)
		}
	}
	// The condition is non-sparse: on weekdays where m1 has no point, IF
	// gives 0, as CloudWatch documents for a true condition and a missing
	// value.
	res, err := evalString(t, "IF(DAY(m1) < 6, m1)", env, opts)
	if err != nil || !slices.Equal(res.Series[0].Values, []float64{0, 1, 0}) || !slices.Equal(res.Series[0].Timestamps, []int64{stamps[0], stamps[1], stamps[4]}) {
		t.Errorf("IF(DAY(m1) < 6, m1) = %v, %v", res.Series, err)
	}
	res, err = evalString(t, "HOUR(METRICS())", env, opts)
	if err != nil || !res.Array || len(res.Series) != 1 || res.Series[0].Label != "m1" || res.Series[0].Values[0] != 22 {
		t.Errorf("HOUR(METRICS()) = %+v, %v", res, err)
	}
}

func TestYearBoundary(t *testing.T) {
	// 2023-12-31T23:59:00Z, a Sunday, then 2024-01-01, a Monday.
	env := Env{Results: []Result{metric("m1")}}
	opts := Options{ID: "e1", Period: 60, Start: 1704067140, End: 1704067140 + 120}
	for expr, want := range map[string][]float64{
		"YEAR(m1)":   {2023, 2024},
		"DAY(m1)":    {7, 1},
		"DATE(m1)":   {31, 1},
		"MONTH(m1)":  {12, 1},
		"HOUR(m1)":   {23, 0},
		"MINUTE(m1)": {59, 0},
	} {
		res, err := evalString(t, expr, env, opts)
		if err != nil || !slices.Equal(res.Series[0].Values, want) {
			t.Errorf("%s = %v, %v; want %v", expr, res.Series, err, want)
		}
	}
}

func TestPeriod(t *testing.T) {
	env := Env{Results: []Result{
		{ID: "m1", Metric: true, Period: 300, Series: []Series{ser("m1", 600, 1200)}},
		{ID: "m2", Metric: true, Series: []Series{ser("m2", 1)}},
	}}
	runCases(t, env, testOpts(2), 2, []evalCase{
		{expr: "m1 / PERIOD(m1)", want: one(2, 4)},
		{expr: "TIME_SERIES(PERIOD(m2))", want: one(60, 60)},
	})
	opts := testOpts(2)
	opts.Period = 0
	if _, err := evalString(t, "PERIOD(m2) * m2", env, opts); err == nil {
		t.Error("PERIOD of a metric without a period: no error")
	}
}
