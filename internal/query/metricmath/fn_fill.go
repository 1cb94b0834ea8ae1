package metricmath

// evalFill is FILL(x, filler): x is laid out on the period grid of the
// request and every missing value is replaced. The filler is a number, a
// time series (its value at the same timestamp), REPEAT (the last actual
// value before the gap) or LINEAR (a straight line between the actual
// values on each side of the gap). REPEAT cannot fill before the first
// actual value and LINEAR cannot fill before the first or after the last
// one; those points stay missing.
func evalFill(ev *evaluator, c *Call, args []value) (value, error) {
	x, filler := args[0], args[1]
	if !x.isTimeData() {
		return value{}, invalid("FILL expects a time series or an array of time series to fill, not %s", x.describe())
	}
	switch {
	case filler.kind == kKeyword && (filler.str == "REPEAT" || filler.str == "LINEAR"):
	case filler.kind == kScalar || filler.isSeries():
	default:
		return value{}, invalid("FILL fills with a number, a time series, REPEAT or LINEAR, not %s", filler.describe())
	}
	stamps, err := grid(ev.opts, ev.period(x))
	if err != nil {
		return value{}, err
	}
	out := make([]Series, len(x.list))
	for i, s := range x.list {
		out[i] = fillSeries(s, mergeTimestamps(stamps, s.Timestamps), filler)
	}
	if x.isArray() {
		return array(out), nil
	}
	return single(out[0]), nil
}

// fillSeries returns s at every one of stamps (a superset of its own
// timestamps), filled as filler says.
func fillSeries(s Series, stamps []int64, filler value) Series {
	b := newBuilder(len(stamps))
	var other cursor
	if filler.isSeries() {
		other = cursor{s: filler.series()}
	}
	i := 0 // s.Timestamps[i] is the first actual point at or after t
	for _, t := range stamps {
		if i < s.Len() && s.Timestamps[i] == t {
			b.add(t, s.Values[i])
			i++
			continue
		}
		switch {
		case filler.kind == kScalar:
			b.add(t, filler.num)
		case filler.isSeries():
			if v, ok := other.at(t); ok {
				b.add(t, v)
			}
		case filler.str == "REPEAT":
			if i > 0 {
				b.add(t, s.Values[i-1])
			}
		case filler.str == "LINEAR":
			if i > 0 && i < s.Len() {
				t0, t1 := s.Timestamps[i-1], s.Timestamps[i]
				v0, v1 := s.Values[i-1], s.Values[i]
				b.add(t, v0+(v1-v0)*float64(t-t0)/float64(t1-t0))
			}
		}
	}
	return b.series(s.Label)
}
