package metricmath

import (
	"math"
	"testing"
)

// Test series live on a grid of one-minute slots starting at t0; a slot
// holding na has no point.
const (
	t0   = 1_700_000_040 // a whole minute
	step = 60
)

// na marks a missing slot.
var na = math.NaN()

// ser builds a series from slot values.
func ser(label string, slots ...float64) Series {
	s := Series{Label: label}
	for i, v := range slots {
		if !math.IsNaN(v) {
			s.Timestamps = append(s.Timestamps, t0+int64(i)*step)
			s.Values = append(s.Values, v)
		}
	}
	return s
}

// slotsOf turns a series back into n slot values.
func slotsOf(t *testing.T, s Series, n int) []float64 {
	t.Helper()
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	for i, ts := range s.Timestamps {
		k := (ts - t0) / step
		if (ts-t0)%step != 0 || k < 0 || int(k) >= n {
			t.Fatalf("series %q has a point at %d, off the %d test slots", s.Label, ts, n)
		}
		out[k] = s.Values[i]
	}
	return out
}

func sameSlots(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.IsNaN(a[i]) != math.IsNaN(b[i]) {
			return false
		}
		if !math.IsNaN(a[i]) && math.Abs(a[i]-b[i]) > 1e-9*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

// metric is a metric query result.
func metric(id string, slots ...float64) Result {
	return Result{ID: id, Metric: true, Period: step, Series: []Series{ser(id+" label", slots...)}}
}

// testOpts covers n slots.
func testOpts(n int) Options {
	return Options{ID: "e1", Period: step, Start: t0, End: t0 + int64(n)*step}
}

// evalString parses and evaluates src.
func evalString(t *testing.T, src string, env Env, opts Options) (Result, error) {
	t.Helper()
	e, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return Eval(e, env, opts)
}

// evalCase is one expression and its expected series, in slots. An
// array case expects an array result; labels, when given, are checked.
type evalCase struct {
	expr   string
	array  bool
	want   [][]float64
	labels []string
}

// runCases evaluates each case over env with n slots.
func runCases(t *testing.T, env Env, opts Options, n int, cases []evalCase) {
	t.Helper()
	for _, tt := range cases {
		res, err := evalString(t, tt.expr, env, opts)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if res.Array != tt.array || len(res.Series) != len(tt.want) {
			t.Errorf("%s: got %d series (array %v), want %d (array %v)", tt.expr, len(res.Series), res.Array, len(tt.want), tt.array)
			continue
		}
		for i, s := range res.Series {
			if got := slotsOf(t, s, n); !sameSlots(got, tt.want[i]) {
				t.Errorf("%s: series %d = %v, want %v", tt.expr, i, got, tt.want[i])
			}
			if tt.labels != nil && s.Label != tt.labels[i] {
				t.Errorf("%s: series %d label %q, want %q", tt.expr, i, s.Label, tt.labels[i])
			}
		}
	}
}

// one wraps a single expected series.
func one(slots ...float64) [][]float64 { return [][]float64{slots} }
