package metrics

import (
	"context"
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
