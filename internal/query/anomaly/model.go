package anomaly

import (
	"math"
	"sort"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

const (
	// A seasonal group is used only with datapoints from minCycles
	// different weeks (for groups of the week) or days (for groups of the
	// day), and at least minSamples datapoints.
	minCycles  = 2
	minSamples = 3
	// madScale turns a median absolute deviation into a standard deviation
	// for normally distributed data.
	madScale = 1.4826
	// relativeFloor keeps a band open when a metric never varies: the
	// deviation is at least this fraction of the expected value.
	relativeFloor = 0.01
)

// TimeRange is a span of time, start included and end excluded.
type TimeRange struct {
	Start, End time.Time
}

// Options configure training.
type Options struct {
	// Excluded are time ranges whose datapoints do not train the model.
	Excluded []TimeRange
	// Location is the metric's time zone (MetricTimezone), which decides
	// what "hour of the day" means; nil is UTC.
	Location *time.Location
}

// group is the statistics of one seasonal bucket.
type group struct {
	n, cycles int
	median    float64
}

func (g group) usable() bool { return g.n >= minSamples && g.cycles >= minCycles }

// Model is a trained model. It is immutable and safe for concurrent use.
//
// The expected value at a time is a daily shape plus a weekly offset. The
// shape is the median by quarter hour of the day (or, with less history, by
// hour of the day, or of the whole history). The offset is the median
// difference between datapoints and the shape by hour of the week, zero
// until two weeks of history cover that hour. Splitting it so keeps every
// median computed over many datapoints: a shape from all days, an offset
// that only has to say how a Saturday differs.
type Model struct {
	loc      *time.Location
	samples  int
	median   float64 // of the whole history
	quarters [96]group
	hours    [24]group
	offsets  [7 * 24]group
	// spread is the deviation of datapoints from their expected value,
	// pooled by hour of the day, or over the whole history where an hour
	// has too few datapoints.
	spread       [24]float64
	globalSpread float64
}

// Samples returns how many datapoints trained the model; zero means the
// model has nothing to go on and its bands are NaN.
func (m *Model) Samples() int {
	if m == nil {
		return 0
	}
	return m.samples
}

// sample is one training datapoint.
type sample struct {
	v     float64
	local time.Time
	day   int64 // local day number since 1970-01-01
}

func (s sample) week() int64 { return floorDiv(s.day+4, 7) } // weeks start on Sunday; day 0 was a Thursday

func quarterOfDay(t time.Time) int { return t.Hour()*4 + t.Minute()/15 }

func hourOfWeek(t time.Time) int { return int(t.Weekday())*24 + t.Hour() }

// Train builds a model from a metric's history. Values that are not finite
// numbers are skipped. timestamps and values must be the same length.
func Train(timestamps []time.Time, values []float64, opts Options) (*Model, error) {
	if len(timestamps) != len(values) {
		return nil, model.Errorf(model.ErrInvalidParameter, "anomaly model: %d timestamps for %d values", len(timestamps), len(values))
	}
	m := &Model{loc: opts.Location}
	if m.loc == nil {
		m.loc = time.UTC
	}
	var all []sample
	for i, ts := range timestamps {
		v := values[i]
		if math.IsNaN(v) || math.IsInf(v, 0) || excluded(ts, opts.Excluded) {
			continue
		}
		local := ts.In(m.loc)
		_, offset := local.Zone()
		all = append(all, sample{v: v, local: local, day: floorDiv(ts.Unix()+int64(offset), 86400)})
	}
	m.samples = len(all)
	if len(all) == 0 {
		return m, nil
	}

	vs := make([]float64, len(all))
	for i, s := range all {
		vs[i] = s.v
	}
	m.median = median(vs)
	grouped(m.quarters[:], all, func(s sample) (int, int64, float64) { return quarterOfDay(s.local), s.day, s.v })
	grouped(m.hours[:], all, func(s sample) (int, int64, float64) { return s.local.Hour(), s.day, s.v })
	grouped(m.offsets[:], all, func(s sample) (int, int64, float64) {
		return hourOfWeek(s.local), s.week(), s.v - m.shape(s.local)
	})

	residuals := make([][]float64, 24)
	allResiduals := make([]float64, 0, len(all))
	for _, s := range all {
		r := math.Abs(s.v - m.expected(s.local))
		residuals[s.local.Hour()] = append(residuals[s.local.Hour()], r)
		allResiduals = append(allResiduals, r)
	}
	m.globalSpread = madScale * median(allResiduals)
	for h, rs := range residuals {
		m.spread[h] = m.globalSpread
		if len(rs) >= minSamples {
			m.spread[h] = madScale * median(rs)
		}
	}
	return m, nil
}

// grouped fills groups with the medians of the values key assigns to
// each bucket, counting the distinct cycles (days or weeks) per bucket.
func grouped(groups []group, all []sample, key func(sample) (bucket int, cycle int64, v float64)) {
	values := make([][]float64, len(groups))
	seen := make(map[[2]int64]struct{})
	for _, s := range all {
		b, cycle, v := key(s)
		values[b] = append(values[b], v)
		if _, ok := seen[[2]int64{int64(b), cycle}]; !ok {
			seen[[2]int64{int64(b), cycle}] = struct{}{}
			groups[b].cycles++
		}
	}
	for b, vs := range values {
		groups[b].n = len(vs)
		if len(vs) > 0 {
			groups[b].median = median(vs)
		}
	}
}

func excluded(ts time.Time, ranges []TimeRange) bool {
	for _, r := range ranges {
		if !ts.Before(r.Start) && ts.Before(r.End) {
			return true
		}
	}
	return false
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// median sorts vs and returns its median.
func median(vs []float64) float64 {
	sort.Float64s(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

// shape is the daily part of the expected value at a local time.
func (m *Model) shape(local time.Time) float64 {
	if g := m.quarters[quarterOfDay(local)]; g.usable() {
		return g.median
	}
	if g := m.hours[local.Hour()]; g.usable() {
		return g.median
	}
	return m.median
}

// expected is the expected value at a local time.
func (m *Model) expected(local time.Time) float64 {
	v := m.shape(local)
	if g := m.offsets[hourOfWeek(local)]; g.usable() {
		v += g.median
	}
	return v
}

// Band returns the lower and upper edges of the expected range at each
// timestamp: the expected value minus and plus stddevs deviations. With
// an untrained model (no samples) every edge is NaN.
func Band(m *Model, timestamps []time.Time, stddevs float64) (lower, upper []float64) {
	lower = make([]float64, len(timestamps))
	upper = make([]float64, len(timestamps))
	for i, ts := range timestamps {
		if m.Samples() == 0 {
			lower[i], upper[i] = math.NaN(), math.NaN()
			continue
		}
		local := ts.In(m.loc)
		mid := m.expected(local)
		dev := math.Max(m.spread[local.Hour()], relativeFloor*math.Abs(mid))
		lower[i], upper[i] = mid-stddevs*dev, mid+stddevs*dev
	}
	return lower, upper
}
