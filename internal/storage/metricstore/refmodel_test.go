package metricstore

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// refModel is the brute-force model the store is checked against: it keeps
// every point and computes statistics from the exact samples.
type refModel struct {
	keys []SeriesKey // in order of creation
	pts  map[int][]entry
}

func newRefModel() *refModel { return &refModel{pts: map[int][]entry{}} }

func (m *refModel) add(t testing.TB, pts ...Point) {
	t.Helper()
	for i := range pts {
		k, err := pts[i].Key.normalize()
		if err != nil {
			t.Fatal(err)
		}
		e, err := toEntry(&pts[i])
		if err != nil {
			t.Fatal(err)
		}
		e.vals, e.cnts = slices.Clone(e.vals), slices.Clone(e.cnts)
		id := slices.IndexFunc(m.keys, func(o SeriesKey) bool { return sameKey(&o, &k) })
		if id < 0 {
			id = len(m.keys)
			k.Dimensions = slices.Clone(k.Dimensions)
			m.keys = append(m.keys, k)
		}
		m.pts[id] = append(m.pts[id], e)
	}
}

// sample is c occurrences of value v.
type sample struct {
	v, c float64
}

// refBucket is the exact content of one period.
type refBucket struct {
	agg     aggregate
	samples []sample
	unknown bool // a statistic set of distinct samples
}

func (b *refBucket) add(e *entry) {
	switch e.kind {
	case kindValue:
		b.agg.add(e.v, 1)
		b.samples = append(b.samples, sample{e.v, 1})
	case kindStats:
		b.agg.merge(aggregate{count: e.st.SampleCount, sum: e.st.Sum, min: e.st.Minimum, max: e.st.Maximum})
		switch {
		case e.st.Minimum == e.st.Maximum:
			b.samples = append(b.samples, sample{e.st.Minimum, e.st.SampleCount})
		case e.st.SampleCount == 1:
			b.samples = append(b.samples, sample{e.st.Sum, 1})
		default:
			b.unknown = true
		}
	case kindDist:
		for i, v := range e.vals {
			c := 1.0
			if e.cnts != nil {
				c = e.cnts[i]
			}
			b.agg.add(v, c)
			b.samples = append(b.samples, sample{v, c})
		}
	}
}

// exactStat computes a statistic from the exact samples, NaN when the
// store must report it unavailable.
func (b *refBucket) exactStat(st *Statistic) float64 {
	a := &b.agg
	switch st.Kind {
	case StatSampleCount:
		return a.count
	case StatSum:
		return a.sum
	case StatAverage:
		return a.sum / a.count
	case StatMinimum:
		return a.min
	case StatMaximum:
		return a.max
	}
	if b.unknown || a.min < 0 {
		return math.NaN()
	}
	return exactSketchStat(st, b.samples)
}

// exactSketchStat is the exact counterpart of sketchStat.
func exactSketchStat(st *Statistic, samples []sample) float64 {
	s := slices.Clone(samples)
	slices.SortFunc(s, func(a, b sample) int { return cmp.Compare(a.v, b.v) })
	var n float64
	for _, x := range s {
		n += x.c
	}
	quantile := func(q float64) float64 {
		rank := q * n
		if rank <= 0 {
			return s[0].v
		}
		cum := 0.0
		for _, x := range s {
			cum += x.c
			if cum >= rank*(1-1e-12) {
				return x.v
			}
		}
		return s[len(s)-1].v
	}
	if st.Kind == StatPercentile {
		return quantile(st.P / 100)
	}
	var in, sum float64
	if st.Percent {
		lo, hi := st.Lo/100*n, st.Hi/100*n
		cum := 0.0
		for _, x := range s {
			w := min(cum+x.c, hi) - max(cum, lo)
			cum += x.c
			if w > 0 {
				in += w
				sum += w * x.v
			}
		}
		if st.Kind == StatWinsorizedMean {
			w := sum
			if lo > 0 {
				w += lo * quantile(st.Lo/100)
			}
			if n-hi > 0 {
				w += (n - hi) * quantile(st.Hi/100)
			}
			return w / n
		}
	} else {
		var wsum float64
		for _, x := range s {
			if x.v > st.Lo && x.v <= st.Hi {
				in += x.c
				sum += x.c * x.v
			}
			wsum += x.c * min(max(x.v, st.Lo), st.Hi)
		}
		switch st.Kind {
		case StatWinsorizedMean:
			return wsum / n
		case StatPercentileRank:
			return 100 * in / n
		}
	}
	switch st.Kind {
	case StatTrimmedCount:
		return in
	case StatTrimmedSum:
		return sum
	}
	if in == 0 {
		return math.NaN()
	}
	return sum / in
}

// query answers q by brute force.
func (m *refModel) query(t testing.TB, q Query) []SeriesResult {
	t.Helper()
	p, err := newPlan(&q)
	if err != nil {
		t.Fatal(err)
	}
	var out []SeriesResult
	for id, k := range m.keys {
		pts := m.pts[id]
		if q.Key != nil {
			nk, _ := q.Key.normalize()
			if !sameKey(&nk, &k) {
				continue
			}
		} else if !refMatch(&q.Filter, q.Now, k, pts) {
			continue
		}
		units := map[Unit]map[int64]*refBucket{}
		for i := range pts {
			e := &pts[i]
			if p.unit != UnitAny && e.unit != p.unit {
				continue
			}
			if e.t < p.start || e.t >= p.end || e.t < p.cutoff {
				continue
			}
			bs := units[e.unit]
			if bs == nil {
				bs = map[int64]*refBucket{}
				units[e.unit] = bs
			}
			ps := p.start + (e.t-p.start)/p.period*p.period
			if bs[ps] == nil {
				bs[ps] = &refBucket{}
			}
			bs[ps].add(e)
		}
		for _, u := range slices.Sorted(mapKeys(units)) {
			r := SeriesResult{Key: k, Unit: u, Values: make([][]float64, len(q.Statistics))}
			for _, ps := range slices.Sorted(mapKeys(units[u])) {
				b := units[u][ps]
				r.Timestamps = append(r.Timestamps, ps*1000)
				for i := range q.Statistics {
					r.Values[i] = append(r.Values[i], b.exactStat(&q.Statistics[i]))
				}
			}
			out = append(out, r)
		}
	}
	return out
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func refMatch(f *Filter, now int64, k SeriesKey, pts []entry) bool {
	if f.AccountID != k.AccountID || (f.Namespace != "" && f.Namespace != k.Namespace) || (f.MetricName != "" && f.MetricName != k.MetricName) {
		return false
	}
	for _, d := range f.Dimensions {
		if !slices.ContainsFunc(k.Dimensions, func(kd Dimension) bool { return kd.Name == d.Name && (d.Value == "" || d.Value == kd.Value) }) {
			return false
		}
	}
	last := int64(-1)
	for _, e := range pts {
		last = max(last, e.t)
	}
	if last < 0 {
		return false
	}
	if now != 0 {
		window := int64(listWindow)
		if f.RecentlyActive {
			window = recentWindow
		}
		if last < now/1000-window {
			return false
		}
	}
	return true
}

// tolerance returns the relative error allowed for a statistic.
func tolerance(st *Statistic) float64 {
	if !st.needsSketch() {
		return 1e-9
	}
	if st.Percent || st.Kind == StatPercentile {
		return sketchAlpha * 1.0001
	}
	// Value bounds: samples in bins that straddle a bound may be counted on
	// the wrong side; tests keep data away from bounds.
	return sketchAlpha * 1.0001
}

func closeEnough(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), 1e-300) || got == want
}

// compareResults checks the store's results against the model's.
func compareResults(t testing.TB, what string, stats []Statistic, got, want []SeriesResult) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d results, want %d\ngot  %v\nwant %v", what, len(got), len(want), summary(got), summary(want))
	}
	for i := range got {
		g, w := &got[i], &want[i]
		if !sameKey(&g.Key, &w.Key) || g.Unit != w.Unit {
			t.Fatalf("%s: result %d is %v/%v, want %v/%v", what, i, g.Key, g.Unit, w.Key, w.Unit)
		}
		if !slices.Equal(g.Timestamps, w.Timestamps) {
			t.Fatalf("%s: %v/%v timestamps\ngot  %v\nwant %v", what, g.Key, g.Unit, g.Timestamps, w.Timestamps)
		}
		for s := range stats {
			tol := tolerance(&stats[s])
			for j := range g.Timestamps {
				if !closeEnough(g.Values[s][j], w.Values[s][j], tol) {
					t.Fatalf("%s: %v/%v %v at %d = %v, want %v", what, g.Key, g.Unit, stats[s], g.Timestamps[j], g.Values[s][j], w.Values[s][j])
				}
			}
		}
	}
}

func summary(rs []SeriesResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Key.MetricName+"/"+r.Unit.String())
	}
	return out
}

// randomPoint returns a random point for key at time ts (seconds). neg
// allows negative values; sets allows statistic sets of distinct samples.
func randomPoint(rng *rand.Rand, key SeriesKey, ts int64, unit Unit, neg, sets bool) Point {
	p := Point{Key: key, Timestamp: ts*1000 + rng.Int64N(1000), Unit: unit, StorageResolution: 1}
	if rng.IntN(3) == 0 {
		p.StorageResolution = 60
	}
	val := func() float64 {
		v := math.Round(rng.ExpFloat64()*1000*100) / 100
		if neg && rng.IntN(20) == 0 {
			v = -v
		}
		if rng.IntN(30) == 0 {
			v = 0
		}
		return v
	}
	switch r := rng.IntN(20); {
	case r < 14:
		p.Value = val()
	case r < 17:
		n := 1 + rng.IntN(6)
		for range n {
			p.Values = append(p.Values, val())
		}
		if rng.IntN(2) == 0 {
			for range n {
				p.Counts = append(p.Counts, float64(1+rng.IntN(4)))
			}
		}
	default:
		v := val()
		p.Stats = &StatisticSet{SampleCount: float64(1 + rng.IntN(5)), Minimum: v, Maximum: v}
		if sets && rng.IntN(2) == 0 {
			p.Stats.Maximum = v + 10
		}
		p.Stats.Sum = p.Stats.SampleCount * (p.Stats.Minimum + p.Stats.Maximum) / 2
		if p.Stats.SampleCount == 1 {
			p.Stats.Maximum = p.Stats.Minimum
			p.Stats.Sum = p.Stats.Minimum
		}
	}
	return p
}
