package metricstore

import "math"

// A query whose period is the resolution of the tier it reads, asking
// only for statistics that need no sketch, over a stream whose rollup
// chunks follow one another without overlap and which has no head points
// in range, maps each stored bucket to one period of its own: the common
// 60-second read of the last 15 days. Such a stream is read straight from
// its decoded columns into the result, without the accumulators, whose
// pages a long range would otherwise fill, scan and clear again for every
// series.

// direct reports whether v can be read by readDirect.
func direct(p *plan, v *streamView) bool {
	if p.tier < 0 || p.period != p.res || p.sketch || v.head != nil || len(v.raw) > 0 {
		return false
	}
	for i := 1; i < len(v.tier); i++ {
		if v.tier[i].minT <= v.tier[i-1].maxT {
			return false
		}
	}
	return true
}

// readDirect computes the results of a stream that direct accepts into
// w.res. The values are those emit gives for the same buckets: a sum that
// accumulates into an empty period is 0 + sum, which turns -0 into 0.
func (w *queryWorker) readDirect(p *plan, v *streamView) error {
	// Room for every bucket of the chunks in range, so that appending
	// never moves the slices: Query takes them over for each result.
	n := 0
	for _, c := range v.tier {
		if c.maxT >= p.start && c.minT < p.end && c.maxT >= p.cutoff {
			n += int(c.n)
		}
	}
	r := &w.res
	r.Timestamps = growCap(r.Timestamps, n)
	r.Values = grow(r.Values, len(p.stats))
	for s := range r.Values {
		r.Values[s] = growCap(r.Values[s], n)
	}
	first, last := p.start/p.res, ceilDiv(p.end, p.res)
	if p.cutoff > math.MinInt64 {
		first = max(first, p.cutoff/p.res)
	}
	d := &w.cols
	for _, c := range v.tier {
		if c.maxT < p.start || c.minT >= p.end || c.maxT < p.cutoff {
			continue
		}
		if err := c.decode(p.need, d); err != nil {
			return err
		}
		for i, idx := range d.idx {
			if idx < first || idx >= last {
				continue
			}
			a := aggregate{count: 0 + d.count[i]}
			switch {
			case p.need&colMin != 0:
				a.sum, a.min, a.max = d.sum[i], d.min[i], d.max[i]
			case p.need&colSum != 0:
				a.sum = 0 + d.sum[i]
			}
			r.Timestamps = append(r.Timestamps, idx*p.res*1000)
			for s := range p.stats {
				var x float64
				switch st := &p.stats[s]; st.Kind {
				case StatAverage:
					x = a.sum / a.count
				case StatSum:
					x = a.sum
				case StatSampleCount:
					x = a.count
				case StatMinimum:
					x = a.min
				case StatMaximum:
					x = a.max
				default:
					panic("BUG: a statistic that needs a sketch in a direct read")
				}
				r.Values[s] = append(r.Values[s], x)
			}
		}
	}
	return nil
}

// growCap returns s emptied, with room for n elements.
func growCap[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}
