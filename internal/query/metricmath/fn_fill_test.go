package metricmath

import (
	"math"
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	env := Env{Results: []Result{
		metric("m1", na, 2, na, na, 8, na),
		metric("m2", 9, 9, na, 9, 9, na),
		metric("empty"),
	}}
	runCases(t, env, testOpts(6), 6, []evalCase{
		{expr: "FILL(m1, 0)", want: one(0, 2, 0, 0, 8, 0)},
		{expr: "FILL(m1, -1.5)", want: one(-1.5, 2, -1.5, -1.5, 8, -1.5)},
		{expr: "FILL(m1, REPEAT)", want: one(na, 2, 2, 2, 8, 8)},
		{expr: "FILL(m1, LINEAR)", want: one(na, 2, 4, 6, 8, na)},
		{expr: "FILL(m1, m2)", want: one(9, 2, na, 9, 8, na)},
		{expr: "FILL(m1, MIN(m1))", want: one(2, 2, 2, 2, 8, 2)},
		{expr: "FILL(m1, AVG(empty))", want: one(na, 2, na, na, 8, na)},
		{expr: "FILL(empty, 7)", want: one(7, 7, 7, 7, 7, 7)},
		{expr: "FILL(METRICS(), 1)", array: true, want: [][]float64{{1, 2, 1, 1, 8, 1}, {9, 9, 1, 9, 9, 1}, {1, 1, 1, 1, 1, 1}}, labels: []string{"m1 label", "m2 label", "empty label"}},
		{expr: "FILL(METRICS(), m2)", array: true, want: [][]float64{{9, 2, na, 9, 8, na}, {9, 9, na, 9, 9, na}, {9, 9, na, 9, 9, na}}},
		{expr: "FILL(m1, REPEAT) + FILL(m1, LINEAR)", want: one(na, 4, 6, 8, 16, 8)},
	})
}

// TestFillStopsAtNow checks that FILL does not invent points in the
// future, and that actual points are kept anyway.
func TestFillStopsAtNow(t *testing.T) {
	env := Env{Results: []Result{metric("m1", na, 2, na, na, 8, na)}}
	opts := testOpts(6)
	opts.Now = t0 + 3*step + 30
	runCases(t, env, opts, 6, []evalCase{
		{expr: "FILL(m1, 0)", want: one(0, 2, 0, 0, 8, na)},
		{expr: "TIME_SERIES(1)", want: one(1, 1, 1, 1, na, na)},
	})
}

func TestFillNeedsPeriod(t *testing.T) {
	env := Env{Results: []Result{metric("m1", 1, na, 3)}}
	opts := testOpts(3)
	opts.Period = 0
	// The metric's own period serves for FILL(m1, ...).
	runCases(t, env, opts, 3, []evalCase{{expr: "FILL(m1, 0)", want: one(1, 0, 3)}})
	_, err := evalString(t, "FILL(m1 * 1, 0)", env, opts)
	if err == nil || !strings.Contains(err.Error(), "a period is needed") {
		t.Errorf("FILL without a period: %v", err)
	}
	opts = testOpts(3)
	opts.End = opts.Start + 1_000_000*step
	if _, err := evalString(t, "TIME_SERIES(1)", env, opts); err == nil || !strings.Contains(err.Error(), "more than 100800 periods") {
		t.Errorf("huge grid: %v", err)
	}
}

// TestGridExtremes checks that absurd time ranges fail or stay ordered
// instead of overflowing.
func TestGridExtremes(t *testing.T) {
	tests := []struct {
		opts Options
		n    int
		fail bool
	}{
		{Options{Period: 60, Start: math.MinInt64, End: math.MaxInt64}, 0, true},
		{Options{Period: math.MaxInt64, Start: math.MinInt64, End: math.MaxInt64}, 0, true},
		{Options{Period: math.MaxInt64, Start: 0, End: math.MaxInt64}, 1, false},
		{Options{Period: math.MaxInt64 - 1, Start: 1, End: math.MaxInt64}, 1, false},
		{Options{Period: 1 << 62, Start: -1 << 62, End: math.MaxInt64}, 0, true},
		{Options{Period: 1 << 62, Start: 0, End: math.MaxInt64}, 2, false},
		{Options{Period: 60, Start: math.MaxInt64 - 100, End: math.MaxInt64}, 2, false},
		{Options{Period: 60, Start: 120, End: 60}, 0, false},
		{Options{Period: 60, Start: 0, End: 600, Now: 59}, 1, false},
		{Options{Period: -5, Start: 0, End: 600}, 0, true},
	}
	for _, tt := range tests {
		ts, err := grid(tt.opts, tt.opts.Period)
		if (err != nil) != tt.fail || len(ts) != tt.n {
			t.Errorf("grid(%+v) = %d stamps, %v", tt.opts, len(ts), err)
			continue
		}
		for i := 1; i < len(ts); i++ {
			if ts[i] <= ts[i-1] {
				t.Errorf("grid(%+v) is out of order: %v", tt.opts, ts)
			}
		}
	}
}
