package metrics

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
)

// fakeStore is a MetricStore that keeps every datum and answers queries
// by brute force: it is the reference the service is tested against.
// It computes the simple statistics and nearest-rank percentiles (pNN);
// other statistics come back as NaN.
type fakeStore struct {
	mu      sync.Mutex
	data    []model.MetricDatum
	keys    []string // series keys in order of creation
	addErr  error
	queries int
}

func newFakeStore() *fakeStore { return &fakeStore{} }

// seriesKey is a canonical key of a metric of an account.
func seriesKey(account string, m Metric) string {
	dims := slices.Clone(m.Dimensions)
	slices.SortFunc(dims, func(a, b model.Dimension) int { return strings.Compare(a.Name, b.Name) })
	var b strings.Builder
	b.WriteString(account + "\x00" + m.Namespace + "\x00" + m.MetricName)
	for _, d := range dims {
		b.WriteString("\x00" + d.Name + "=" + d.Value)
	}
	return b.String()
}

func metricOf(d *model.MetricDatum) Metric {
	return Metric{Namespace: d.Namespace, MetricName: d.MetricName, Dimensions: d.Dimensions}
}

func (f *fakeStore) Add(_ context.Context, data []model.MetricDatum) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.addErr != nil {
		return f.addErr
	}
	for _, d := range data {
		k := seriesKey(d.AccountID, metricOf(&d))
		if !slices.Contains(f.keys, k) {
			f.keys = append(f.keys, k)
		}
		f.data = append(f.data, d)
	}
	return nil
}

// storedTime is the time the store keeps a datum at, in ms: whole seconds
// at high resolution, whole minutes otherwise.
func storedTime(d *model.MetricDatum) int64 {
	res := int64(60_000)
	if d.StorageResolution == 1 {
		res = 1000
	}
	return floorDiv(d.Timestamp, res) * res
}

func unitOf(d *model.MetricDatum) string {
	if d.Unit == "" {
		return "None"
	}
	return d.Unit
}

// samples expands a datum into (value, count) pairs; exact is false for a
// statistic set whose samples are not all equal.
func samples(d *model.MetricDatum) (vals, counts []float64, exact bool) {
	switch {
	case d.Stats != nil:
		st := d.Stats
		if st.SampleCount == 1 || st.Minimum == st.Maximum {
			return []float64{st.Minimum}, []float64{st.SampleCount}, true
		}
		return nil, nil, false
	case len(d.Values) > 0:
		cs := d.Counts
		if len(cs) == 0 {
			cs = make([]float64, len(d.Values))
			for i := range cs {
				cs[i] = 1
			}
		}
		return d.Values, cs, true
	}
	return []float64{*d.Value}, []float64{1}, true
}

type periodAcc struct {
	count, sum, lo, hi float64
	vals, counts       []float64
	exact              bool
}

func (a *periodAcc) add(d *model.MetricDatum) {
	var count, sum, lo, hi float64
	if st := d.Stats; st != nil {
		count, sum, lo, hi = st.SampleCount, st.Sum, st.Minimum, st.Maximum
	} else {
		vs, cs, _ := samples(d)
		lo, hi = math.Inf(1), math.Inf(-1)
		for i, v := range vs {
			count += cs[i]
			sum += v * cs[i]
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if a.count == 0 {
		a.lo, a.hi, a.exact = lo, hi, true
	}
	a.count += count
	a.sum += sum
	a.lo, a.hi = math.Min(a.lo, lo), math.Max(a.hi, hi)
	vs, cs, exact := samples(d)
	a.exact = a.exact && exact
	a.vals = append(a.vals, vs...)
	a.counts = append(a.counts, cs...)
}

func (a *periodAcc) stat(name string) float64 {
	switch name {
	case "SampleCount":
		return a.count
	case "Sum":
		return a.sum
	case "Average":
		return a.sum / a.count
	case "Minimum":
		return a.lo
	case "Maximum":
		return a.hi
	}
	if !strings.HasPrefix(name, "p") || !a.exact {
		return math.NaN()
	}
	p, err := strconv.ParseFloat(name[1:], 64)
	if err != nil {
		return math.NaN()
	}
	idx := make([]int, len(a.vals))
	for i := range idx {
		idx[i] = i
		if a.vals[i] < 0 {
			return math.NaN()
		}
	}
	slices.SortFunc(idx, func(x, y int) int { return cmpFloat(a.vals[x], a.vals[y]) })
	rank := math.Ceil(p / 100 * a.count)
	var seen float64
	for _, i := range idx {
		seen += a.counts[i]
		if seen >= rank {
			return a.vals[i]
		}
	}
	return a.vals[idx[len(idx)-1]]
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func (f *fakeStore) Query(_ context.Context, q SeriesQuery) ([]SeriesStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries++
	for _, st := range q.Statistics {
		if !ValidStatistic(st) {
			return nil, model.Errorf(model.ErrInvalidParameter, "unknown statistic %q", st)
		}
	}
	key := seriesKey(q.AccountID, q.Metric)
	byUnit := map[string]map[int64]*periodAcc{}
	for i := range f.data {
		d := &f.data[i]
		if seriesKey(d.AccountID, metricOf(d)) != key || (q.Unit != "" && unitOf(d) != q.Unit) {
			continue
		}
		t := storedTime(d)
		if t < q.Start || t >= q.End {
			continue
		}
		p := q.Start + (t-q.Start)/(q.Period*1000)*q.Period*1000
		m := byUnit[unitOf(d)]
		if m == nil {
			m = map[int64]*periodAcc{}
			byUnit[unitOf(d)] = m
		}
		if m[p] == nil {
			m[p] = &periodAcc{}
		}
		m[p].add(d)
	}
	var out []SeriesStats
	for u, m := range byUnit {
		r := SeriesStats{Unit: u, Values: make([][]float64, len(q.Statistics))}
		for t := range m {
			r.Timestamps = append(r.Timestamps, t)
		}
		slices.Sort(r.Timestamps)
		for i, st := range q.Statistics {
			for _, t := range r.Timestamps {
				r.Values[i] = append(r.Values[i], m[t].stat(st))
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b SeriesStats) int { return strings.Compare(a.Unit, b.Unit) })
	return out, nil
}

func (f *fakeStore) List(_ context.Context, q ListQuery) ([]Metric, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	start := 0
	if q.NextToken != "" {
		n, err := strconv.Atoi(q.NextToken)
		if err != nil || n < 0 || n > len(f.keys) {
			return nil, "", model.Errorf(model.ErrInvalidParameter, "invalid next token")
		}
		start = n
	}
	window := int64(twoWeeksMs)
	if q.RecentlyActive {
		window = 3 * 3600 * 1000
	}
	var out []Metric
	for i := start; i < len(f.keys); i++ {
		var m *model.MetricDatum
		var last int64
		for j := range f.data {
			d := &f.data[j]
			if seriesKey(d.AccountID, metricOf(d)) == f.keys[i] {
				m = d
				last = max(last, d.Timestamp)
			}
		}
		if m.AccountID != q.AccountID || (q.Namespace != "" && m.Namespace != q.Namespace) ||
			(q.MetricName != "" && m.MetricName != q.MetricName) || last < q.Now-window {
			continue
		}
		ok := true
		for _, df := range q.Dimensions {
			if !slices.ContainsFunc(m.Dimensions, func(d model.Dimension) bool {
				return d.Name == df.Name && (df.Value == "" || d.Value == df.Value)
			}) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if q.Limit > 0 && len(out) == q.Limit {
			return out, strconv.Itoa(i), nil
		}
		dims := slices.Clone(m.Dimensions)
		slices.SortFunc(dims, func(a, b model.Dimension) int { return strings.Compare(a.Name, b.Name) })
		out = append(out, Metric{Namespace: m.Namespace, MetricName: m.MetricName, Dimensions: dims})
	}
	return out, "", nil
}
