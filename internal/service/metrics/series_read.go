package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/openwatch/openwatch/internal/query/metricmath"
)

// readSeries reads one statistic of a metric per period over the request's
// range, as a series for metric math: timestamps in epoch seconds,
// periods without a value left out.
//
// Without a unit, CloudWatch evaluates the data of every unit together.
// The store keeps units apart, so their results are merged here: counts
// and sums add up, minima and maxima combine, averages are weighted by
// their counts. Statistics computed from the distribution (percentiles,
// trimmed means) cannot be merged from per-unit results; where several
// units have data in one period, the value of the unit with the most
// samples stands for the period. Most metrics have one unit, so the
// sample counts that merging needs are read only when there are several.
func (r *dataRun) readSeries(ctx context.Context, m Metric, stat, unit string, period int64) (metricmath.Series, error) {
	q := SeriesQuery{
		AccountID: r.account, Metric: m,
		Start: alignStart(r.start, r.now, period), End: r.end,
		Period: period, Statistics: []string{stat}, Unit: unit, Now: r.now,
	}
	res, err := r.svc.store.Query(ctx, q)
	if err != nil {
		return metricmath.Series{}, err
	}
	switch {
	case len(res) == 0:
		return metricmath.Series{Timestamps: []int64{}, Values: []float64{}}, nil
	case len(res) == 1:
		return toSeries(res[0].Timestamps, res[0].Values[0]), nil
	case !countFree[stat]:
		q.Statistics = append(q.Statistics, "SampleCount")
		if res, err = r.svc.store.Query(ctx, q); err != nil {
			return metricmath.Series{}, err
		}
	}
	ts, vs := mergeUnits(res, stat)
	return toSeries(ts, vs), nil
}

// readMany reads one statistic of each of ms, as readSeries does with no
// unit. A store that is a SeriesScanner reads them in one pass; series
// that turn out to have data in several units are then read again by
// readSeries, which merges the units.
func (r *dataRun) readMany(ctx context.Context, ms []Metric, stat string, period int64) ([]metricmath.Series, error) {
	out := make([]metricmath.Series, len(ms))
	sc, ok := r.svc.store.(SeriesScanner)
	if !ok {
		err := r.svc.parallel(ctx, len(ms), func(ctx context.Context, i int) error {
			sr, err := r.readSeries(ctx, ms[i], stat, "", period)
			if err != nil {
				return fmt.Errorf("cannot read %s/%s: %w", ms[i].Namespace, ms[i].MetricName, err)
			}
			out[i] = sr
			return nil
		})
		return out, err
	}
	q := SeriesQuery{
		AccountID: r.account,
		Start:     alignStart(r.start, r.now, period), End: r.end,
		Period: period, Statistics: []string{stat}, Now: r.now,
	}
	units := make([]int, len(ms))
	var shared []int64
	err := sc.QueryEach(ctx, q, ms, r.svc.concurrency, func(i int, res *SeriesStats) error {
		units[i]++
		if units[i] == 1 {
			out[i], shared = copySeries(res.Timestamps, res.Values[0], shared, r.vals.alloc)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read %d metrics: %w", len(ms), err)
	}
	var several []int
	for i, n := range units {
		switch {
		case n == 0:
			out[i] = metricmath.Series{Timestamps: []int64{}, Values: []float64{}}
		case n > 1:
			several = append(several, i)
		}
	}
	err = r.svc.parallel(ctx, len(several), func(ctx context.Context, k int) error {
		i := several[k]
		sr, err := r.readSeries(ctx, ms[i], stat, "", period)
		if err != nil {
			return fmt.Errorf("cannot read %s/%s: %w", ms[i].Namespace, ms[i].MetricName, err)
		}
		out[i] = sr
		return nil
	})
	return out, err
}

// copySeries is toSeries into new slices, for a store result that is
// reused; the values go to a slice from alloc. The timestamps are those
// of shared when they are equal, which they mostly are for metrics
// reported together, and metric math never modifies a series: memory for
// 500 series of 15 days at 60 seconds is then half as much. It returns
// the series and the timestamps to share next.
func copySeries(ts []int64, vs []float64, shared []int64, alloc func(int) []float64) (metricmath.Series, []int64) {
	n := 0
	for _, v := range vs {
		if !math.IsNaN(v) {
			n++
		}
	}
	if n == 0 {
		return metricmath.Series{Timestamps: []int64{}, Values: []float64{}}, shared
	}
	vals := alloc(n)[:0]
	same := len(shared) == n
	for i, v := range vs {
		if math.IsNaN(v) {
			continue
		}
		same = same && shared[len(vals)] == ts[i]/1000
		vals = append(vals, v)
	}
	if !same {
		shared = make([]int64, 0, n)
		for i, v := range vs {
			if !math.IsNaN(v) {
				shared = append(shared, ts[i]/1000)
			}
		}
	}
	return metricmath.Series{Timestamps: shared, Values: vals}, shared
}

// countFree are the statistics whose per-unit values merge without the
// units' sample counts.
var countFree = map[string]bool{"SampleCount": true, "Sum": true, "Minimum": true, "Maximum": true}

// toSeries converts store timestamps (ms) to metric math's seconds and
// drops the periods whose statistic is not available. It works in place:
// the store's slices belong to the caller, and a long range over many
// series would otherwise copy every datapoint once more.
func toSeries(ts []int64, vs []float64) metricmath.Series {
	n := 0
	for i, t := range ts {
		if math.IsNaN(vs[i]) {
			continue
		}
		ts[n], vs[n] = t/1000, vs[i]
		n++
	}
	return metricmath.Series{Timestamps: ts[:n:n], Values: vs[:n:n]}
}

// mergeUnits combines the per-unit results of one series, each holding
// stat and, unless stat is count-free, then SampleCount, into one.
func mergeUnits(res []SeriesStats, stat string) ([]int64, []float64) {
	type acc struct {
		v, count float64 // the merged statistic and the samples behind it
		best     float64 // samples of the unit that gave v (distribution statistics)
	}
	byTime := make(map[int64]*acc)
	var order []int64
	for _, r := range res {
		for j, t := range r.Timestamps {
			v, n := r.Values[0][j], 0.0
			if len(r.Values) > 1 {
				n = r.Values[1][j]
			}
			a, ok := byTime[t]
			if !ok {
				byTime[t] = &acc{v: v, count: n, best: n}
				order = append(order, t)
				continue
			}
			switch stat {
			case "SampleCount", "Sum":
				a.v += v
			case "Minimum":
				a.v = math.Min(a.v, v)
			case "Maximum":
				a.v = math.Max(a.v, v)
			case "Average":
				a.v = (a.v*a.count + v*n) / (a.count + n)
			default:
				if n > a.best {
					a.v, a.best = v, n
				}
			}
			a.count += n
		}
	}
	slices.Sort(order)
	vs := make([]float64, len(order))
	for i, t := range order {
		vs[i] = byTime[t].v
	}
	return order, vs
}
