package metricmath

import (
	"math"
)

// aggKind is a statistic computed by AVG, MAX, MIN, SUM, STDDEV and
// DATAPOINT_COUNT, and used as the key of SORT.
type aggKind int

const (
	aggAvg aggKind = iota
	aggMax
	aggMin
	aggSum
	aggStddev
	aggCount
)

// aggregate makes a statistic function: over a time series it is the
// number computed from all its points; over an array it is a time series
// computed, at each timestamp any series has, across the series.
//
// Across an array, AVG and STDDEV count a series with no point at a
// timestamp as a 0 there, as CloudWatch documents for AVG (this is why
// REMOVE_EMPTY matters before AVG). MIN and MAX look only at the points
// that exist, and DATAPOINT_COUNT counts them.
func aggregate(k aggKind) evalFunc {
	return func(_ *evaluator, c *Call, args []value) (value, error) {
		x := args[0]
		switch x.kind {
		case kSeries:
			return scalar(reduce(k, x.series().Values)), nil
		case kArray:
			return single(across(k, x.list, c.String())), nil
		}
		return value{}, invalid("%s expects a time series or an array of time series, not %s", c.Func, x.describe())
	}
}

// reduce computes statistic k of vs; NaN when vs is empty and the
// statistic has no value then.
func reduce(k aggKind, vs []float64) float64 {
	switch k {
	case aggCount:
		return float64(len(vs))
	case aggSum:
		sum := 0.0
		for _, v := range vs {
			sum += v
		}
		return sum
	}
	if len(vs) == 0 {
		return math.NaN()
	}
	switch k {
	case aggMin, aggMax:
		m := vs[0]
		for _, v := range vs[1:] {
			if (k == aggMin && v < m) || (k == aggMax && v > m) {
				m = v
			}
		}
		return m
	}
	sum := 0.0
	for _, v := range vs {
		sum += v
	}
	mean := sum / float64(len(vs))
	if k == aggAvg {
		return mean
	}
	sq := 0.0
	for _, v := range vs {
		sq += (v - mean) * (v - mean)
	}
	return math.Sqrt(sq / float64(len(vs)))
}

// across computes statistic k at every timestamp of list.
func across(k aggKind, list []Series, label string) Series {
	union := unionTimestamps(list)
	n := len(union)
	acc := make([]float64, n)
	var cnt []int
	if k != aggSum {
		cnt = make([]int, n)
	}
	for _, s := range list {
		j := 0
		for i, t := range s.Timestamps {
			for union[j] < t {
				j++
			}
			v := s.Values[i]
			switch {
			case k == aggSum || k == aggAvg || k == aggStddev:
				acc[j] += v
			case cnt[j] == 0 || (k == aggMin && v < acc[j]) || (k == aggMax && v > acc[j]):
				acc[j] = v
			}
			if cnt != nil {
				cnt[j]++
			}
		}
	}
	size := float64(len(list))
	out := newBuilder(n)
	switch k {
	case aggSum, aggMin, aggMax:
		for j, t := range union {
			out.add(t, acc[j])
		}
	case aggCount:
		for j, t := range union {
			out.add(t, float64(cnt[j]))
		}
	case aggAvg:
		for j, t := range union {
			out.add(t, acc[j]/size)
		}
	case aggStddev:
		// acc holds sums; turn them into means, then add up squared
		// deviations, counting each missing point as a 0.
		sq := make([]float64, n)
		for j := range acc {
			acc[j] /= size
			sq[j] = float64(len(list)-cnt[j]) * acc[j] * acc[j]
		}
		for _, s := range list {
			j := 0
			for i, t := range s.Timestamps {
				for union[j] < t {
					j++
				}
				d := s.Values[i] - acc[j]
				sq[j] += d * d
			}
		}
		for j, t := range union {
			out.add(t, math.Sqrt(sq[j]/size))
		}
	}
	return out.series(label)
}

// evalMetricCount is METRIC_COUNT: the number of series in an array.
func evalMetricCount(_ *evaluator, c *Call, args []value) (value, error) {
	if !args[0].isTimeData() {
		return value{}, invalid("%s expects an array of time series, not %s", c.Func, args[0].describe())
	}
	return scalar(float64(len(args[0].list))), nil
}
