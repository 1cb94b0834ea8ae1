package metricstore

import "math"

// aggregate is the count, sum, minimum and maximum of a set of samples. The
// zero value is the empty set; min and max are meaningful once count > 0.
type aggregate struct {
	count, sum, min, max float64
}

// add records c occurrences of v.
func (a *aggregate) add(v, c float64) {
	if a.count == 0 {
		a.min, a.max = v, v
	} else {
		a.min, a.max = min(a.min, v), max(a.max, v)
	}
	a.count += c
	a.sum += v * c
}

// merge adds o's samples.
func (a *aggregate) merge(o aggregate) {
	if o.count == 0 {
		return
	}
	if a.count == 0 {
		*a = o
		return
	}
	a.count += o.count
	a.sum += o.sum
	a.min, a.max = min(a.min, o.min), max(a.max, o.max)
}

// bucket accumulates the samples of one period (or one rollup bucket):
// their aggregate and their quantile sketch.
//
// The sketch is built lazily. While sk is nil and agg.count > 0, every
// sample had the same non-negative value, agg.min, and the sketch is
// implicitly that value agg.count times; most rollup buckets of
// standard-resolution metrics stay like that and never allocate a sketch.
// Samples that cannot go into a sketch — negative values, and statistic
// sets whose samples are not all equal — count in agg but not in the
// sketch, so the sketch's total falls short of agg.count and percentiles
// become unavailable, as in CloudWatch.
type bucket struct {
	t   int64 // start of the bucket, seconds since the epoch
	agg aggregate
	sk  *sketch
}

// materialize turns the implicit sketch into a real one.
func (b *bucket) materialize() {
	b.sk = getSketch()
	if b.agg.count > 0 {
		b.sk.add(b.agg.min, b.agg.count)
	}
}

// release returns the bucket's sketch to the pool and empties the bucket.
func (b *bucket) release() {
	putSketch(b.sk)
	*b = bucket{}
}

// addValue records c occurrences of v.
func (b *bucket) addValue(v, c float64) {
	if b.sk == nil {
		if v >= 0 && (b.agg.count == 0 || v == b.agg.min) {
			b.agg.add(v, c)
			return
		}
		b.materialize()
	}
	b.agg.add(v, c)
	if v >= 0 {
		b.sk.add(v, c)
	}
}

// addStats records a statistic set. Its samples go into the sketch only
// when they are known: all equal (Minimum = Maximum), or just one.
func (b *bucket) addStats(st StatisticSet) {
	var v float64
	known := true
	switch {
	case st.Minimum == st.Maximum:
		v = st.Minimum
	case st.SampleCount == 1:
		v = st.Sum
	default:
		known = false
	}
	if b.sk == nil {
		if known && v >= 0 && st.Minimum == st.Maximum && (b.agg.count == 0 || v == b.agg.min) {
			b.agg.merge(aggregate{count: st.SampleCount, sum: st.Sum, min: st.Minimum, max: st.Maximum})
			return
		}
		b.materialize()
	}
	b.agg.merge(aggregate{count: st.SampleCount, sum: st.Sum, min: st.Minimum, max: st.Maximum})
	if known && v >= 0 {
		b.sk.add(v, st.SampleCount)
	}
}

// addEntry records a raw point.
func (b *bucket) addEntry(e *entry) {
	switch e.kind {
	case kindValue:
		b.addValue(e.v, 1)
	case kindStats:
		b.addStats(e.st)
	case kindDist:
		for i, v := range e.vals {
			c := 1.0
			if e.cnts != nil {
				c = e.cnts[i]
			}
			b.addValue(v, c)
		}
	}
}

// mergeImplicit merges a bucket whose sketch is implicit: o.count samples
// of value o.min ≥ 0.
func (b *bucket) mergeImplicit(o aggregate) {
	if o.count == 0 {
		return
	}
	if b.sk == nil {
		if b.agg.count == 0 || o.min == b.agg.min {
			b.agg.merge(o)
			return
		}
		b.materialize()
	}
	b.agg.merge(o)
	b.sk.add(o.min, o.count)
}

// mergeBucket merges o into b.
func (b *bucket) mergeBucket(o *bucket) {
	if o.sk == nil {
		b.mergeImplicit(o.agg)
		return
	}
	if b.sk == nil {
		b.materialize()
	}
	b.agg.merge(o.agg)
	b.sk.merge(o.sk)
}

// mergeEncoded merges an aggregate and its encoded sketch (empty for an
// implicit one).
func (b *bucket) mergeEncoded(o aggregate, sk []byte) error {
	if len(sk) == 0 {
		b.mergeImplicit(o)
		return nil
	}
	if b.sk == nil {
		b.materialize()
	}
	b.agg.merge(o)
	return b.sk.mergeBinary(sk)
}

// value returns statistic st of the bucket, or NaN when it is not
// available.
func (b *bucket) value(st *Statistic) float64 {
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
	if b.sk == nil {
		return implicitStat(st, a.min, a.count)
	}
	if !sketchComplete(b.sk, a) {
		return math.NaN()
	}
	return sketchStat(st, b.sk, a)
}

// implicitStat computes a sketch-based statistic of n samples all equal to
// v: what sketchStat gives for the implicit sketch, since its one bin reads
// back as v once clamped to the minimum and maximum.
func implicitStat(st *Statistic, v, n float64) float64 {
	if st.Kind == StatPercentile {
		return v
	}
	var in float64 // how many samples are within the bounds
	if st.Percent {
		in = max(0, min(st.Hi, 100)-max(st.Lo, 0)) / 100 * n
		if st.Kind == StatWinsorizedMean {
			return v
		}
	} else {
		if v > st.Lo && v <= st.Hi {
			in = n
		}
		switch st.Kind {
		case StatWinsorizedMean:
			return min(max(v, st.Lo), st.Hi)
		case StatPercentileRank:
			return 100 * in / n
		}
	}
	switch {
	case st.Kind == StatTrimmedCount:
		return in
	case st.Kind == StatTrimmedSum:
		return in * v
	case in == 0:
		return math.NaN()
	}
	return v
}

// sketchComplete reports whether the sketch holds every sample of a.
func sketchComplete(sk *sketch, a *aggregate) bool {
	return a.min >= 0 && math.Abs(sk.n-a.count) <= 1e-9*a.count
}

// sketchStat computes a sketch-based statistic. a gives the exact minimum
// and maximum, to which values read from the sketch are clamped.
func sketchStat(st *Statistic, sk *sketch, a *aggregate) float64 {
	if st.Kind == StatPercentile {
		return sk.quantile(st.P/100, a.min, a.max)
	}
	n := sk.n
	var in, sum float64 // weight and weighted sum of the samples within the bounds
	if st.Percent {
		lo, hi := st.Lo/100*n, st.Hi/100*n
		cum := 0.0
		sk.forEach(a.min, a.max, func(v, c float64) {
			w := min(cum+c, hi) - max(cum, lo)
			cum += c
			if w > 0 {
				in += w
				sum += w * v
			}
		})
		if st.Kind == StatWinsorizedMean {
			below := lo
			above := n - hi
			vlo := sk.quantile(st.Lo/100, a.min, a.max)
			vhi := sk.quantile(st.Hi/100, a.min, a.max)
			w := sum
			if below > 0 {
				w += below * vlo
			}
			if above > 0 {
				w += above * vhi
			}
			return w / n
		}
	} else {
		var wsum float64
		sk.forEach(a.min, a.max, func(v, c float64) {
			if v > st.Lo && v <= st.Hi {
				in += c
				sum += c * v
			}
			wsum += c * min(max(v, st.Lo), st.Hi)
		})
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
