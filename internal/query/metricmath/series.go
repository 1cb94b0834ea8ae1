package metricmath

import (
	"math"
	"slices"

	"github.com/openwatch/openwatch/internal/model"
)

// Series is one time series: parallel Timestamps (epoch seconds, strictly
// ascending) and Values. A timestamp that is absent is a missing value.
//
// Results of Eval may share Timestamps and Values with the series they were
// computed from; neither callers nor callbacks may modify a series after
// handing it over.
type Series struct {
	ID, Label  string
	Timestamps []int64
	Values     []float64
}

// Len is the number of points.
func (s Series) Len() int { return len(s.Timestamps) }

// Result is what one query of a GetMetricData request produced, in the
// form an expression sees it.
type Result struct {
	// ID is the query id (m1, e1).
	ID string
	// Metric is true for a MetricStat query. METRICS() returns only these,
	// and PERIOD() accepts only these.
	Metric bool
	// Array is true when the result is an array of time series (SEARCH,
	// METRICS(), SORT...), even an array of one or none: SUM(e1) is a time
	// series when e1 is an array and a single number when it is not.
	Array bool
	// Period is the query's period in seconds; 0 means Options.Period.
	Period int
	// Series holds exactly one series unless Array is set.
	Series []Series
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkSeries rejects a series an expression cannot be run on. Such a
// series is a bug in whoever built it, not in the expression.
func checkSeries(s Series) error {
	if len(s.Timestamps) != len(s.Values) {
		return model.Errorf(model.ErrInternal, "series %q has %d timestamps but %d values", s.Label, len(s.Timestamps), len(s.Values))
	}
	for i := 1; i < len(s.Timestamps); i++ {
		if s.Timestamps[i] <= s.Timestamps[i-1] {
			return model.Errorf(model.ErrInternal, "series %q has timestamps out of order at index %d", s.Label, i)
		}
	}
	return nil
}

// builder accumulates points, dropping those that are not finite.
type builder struct {
	ts []int64
	vs []float64
}

func newBuilder(capacity int) builder {
	return builder{ts: make([]int64, 0, capacity), vs: make([]float64, 0, capacity)}
}

func (b *builder) add(t int64, v float64) {
	if finite(v) {
		b.ts = append(b.ts, t)
		b.vs = append(b.vs, v)
	}
}

func (b *builder) series(label string) Series {
	return Series{Label: label, Timestamps: b.ts, Values: b.vs}
}

// mapSeries applies f to every point of s, keeping s's label.
func mapSeries(s Series, f func(t int64, v float64) float64) Series {
	b := newBuilder(s.Len())
	for i, t := range s.Timestamps {
		b.add(t, f(t, s.Values[i]))
	}
	return b.series(s.Label)
}

// combine computes f at every timestamp of a or b; a value missing from
// one side is 0, as CloudWatch arithmetic treats it.
func combine(a, b Series, label string, f func(x, y float64) float64) Series {
	out := newBuilder(max(a.Len(), b.Len()))
	i, j := 0, 0
	for i < a.Len() || j < b.Len() {
		switch {
		case j >= b.Len() || (i < a.Len() && a.Timestamps[i] < b.Timestamps[j]):
			out.add(a.Timestamps[i], f(a.Values[i], 0))
			i++
		case i >= a.Len() || b.Timestamps[j] < a.Timestamps[i]:
			out.add(b.Timestamps[j], f(0, b.Values[j]))
			j++
		default:
			out.add(a.Timestamps[i], f(a.Values[i], b.Values[j]))
			i++
			j++
		}
	}
	return out.series(label)
}

// unionTimestamps returns every timestamp any of ss has, ascending. The
// common case, series that share their timestamps, costs one comparison
// pass and no allocation beyond the first series.
func unionTimestamps(ss []Series) []int64 {
	var union []int64
	for _, s := range ss {
		switch {
		case s.Len() == 0:
		case union == nil:
			union = s.Timestamps
		case !slices.Equal(union, s.Timestamps):
			union = mergeTimestamps(union, s.Timestamps)
		}
	}
	return union
}

// mergeTimestamps returns the ascending union of a and b. It returns a
// itself when b adds nothing, as when a series lies on the period grid.
func mergeTimestamps(a, b []int64) []int64 {
	if within(b, a) {
		return a
	}
	out := make([]int64, 0, max(len(a), len(b)))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i >= len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// within reports whether every timestamp of b is in a.
func within(b, a []int64) bool {
	i := 0
	for _, t := range b {
		for i < len(a) && a[i] < t {
			i++
		}
		if i == len(a) || a[i] != t {
			return false
		}
	}
	return true
}

// cursor looks up values of a series at ascending timestamps in linear
// total time.
type cursor struct {
	s Series
	i int
}

// at returns the value at t, if s has one; t must not decrease between calls.
func (c *cursor) at(t int64) (float64, bool) {
	for c.i < c.s.Len() && c.s.Timestamps[c.i] < t {
		c.i++
	}
	if c.i < c.s.Len() && c.s.Timestamps[c.i] == t {
		return c.s.Values[c.i], true
	}
	return 0, false
}

// grid lays out the timestamps of a non-sparse series: one per period from
// start, before end and not after now (when now is set).
func grid(opts Options, period int) ([]int64, error) {
	if period <= 0 {
		return nil, invalid("a period is needed to build a non-sparse time series; set the Period of the expression")
	}
	end := opts.End
	if opts.Now > 0 && opts.Now < end {
		end = opts.Now + 1
	}
	if end <= opts.Start {
		return nil, nil
	}
	span := end - opts.Start
	n := span / int64(period)
	if span%int64(period) != 0 {
		n++
	}
	if span < 0 || n > maxGridPoints {
		return nil, model.Errorf(model.ErrLimitExceeded, "the time range holds more than %d periods of %d seconds", maxGridPoints, period)
	}
	ts := make([]int64, 0, n)
	for t := opts.Start; t < end; t += int64(period) {
		ts = append(ts, t)
		if t > math.MaxInt64-int64(period) {
			break
		}
	}
	return ts, nil
}

// maxGridPoints bounds a non-sparse series. It is the default MaxDatapoints
// of GetMetricData.
const maxGridPoints = 100800
