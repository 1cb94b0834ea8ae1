package metricmath

// perSeries applies f to a time series or to each series of an array
// (DIFF, DIFF_TIME, RATE, RUNNING_SUM), keeping labels.
func perSeries(f func(Series) Series) evalFunc {
	return func(_ *evaluator, c *Call, args []value) (value, error) {
		x := args[0]
		if !x.isTimeData() {
			return value{}, invalid("%s expects a time series or an array of time series, not %s", c.Func, x.describe())
		}
		out := make([]Series, len(x.list))
		for i, s := range x.list {
			out[i] = f(s)
			out[i].Label = s.Label
		}
		if x.isArray() {
			return array(out), nil
		}
		return single(out[0]), nil
	}
}

// consecutive computes f over each point and the point before it; the
// first point has no predecessor and yields nothing.
func consecutive(s Series, f func(t0, t1 int64, v0, v1 float64) float64) Series {
	b := newBuilder(max(s.Len()-1, 0))
	for i := 1; i < s.Len(); i++ {
		b.add(s.Timestamps[i], f(s.Timestamps[i-1], s.Timestamps[i], s.Values[i-1], s.Values[i]))
	}
	return b.series("")
}

// diffSeries is DIFF: each value minus the value before it.
func diffSeries(s Series) Series {
	return consecutive(s, func(_, _ int64, v0, v1 float64) float64 { return v1 - v0 })
}

// diffTimeSeries is DIFF_TIME: the seconds since the point before.
func diffTimeSeries(s Series) Series {
	return consecutive(s, func(t0, t1 int64, _, _ float64) float64 { return float64(t1 - t0) })
}

// rateSeries is RATE: the change per second since the point before.
func rateSeries(s Series) Series {
	return consecutive(s, func(t0, t1 int64, v0, v1 float64) float64 { return (v1 - v0) / float64(t1-t0) })
}

// runningSumSeries is RUNNING_SUM: the sum of all values so far.
func runningSumSeries(s Series) Series {
	b := newBuilder(s.Len())
	sum := 0.0
	for i, t := range s.Timestamps {
		sum += s.Values[i]
		b.add(t, sum)
	}
	return b.series("")
}
