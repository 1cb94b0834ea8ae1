package metricmath

// evalIf is IF(condition, a[, b]). A condition is true when it is not 0.
//
// With a number as condition the result is a or b as they are (an empty
// series when b is omitted). With a time series as condition the result has
// a point at each timestamp of the condition: a's value there when it is
// true (0 if a has no point there), b's value when it is false (nothing if
// b has no point there or is omitted). When any argument is an array the
// result is an array, computed series by series; arrays must then have the
// same length.
func evalIf(_ *evaluator, c *Call, args []value) (value, error) {
	cond, a := args[0], args[1]
	var b value
	hasB := len(args) == 3
	if hasB {
		b = args[2]
	}
	for _, v := range args {
		if !v.isNumeric() {
			return value{}, invalid("IF expects numbers and time series, not %s", v.describe())
		}
	}
	if cond.kind == kScalar {
		switch {
		case cond.num != 0 && finite(cond.num):
			return a, nil
		case hasB && finite(cond.num):
			return b, nil
		}
		return single(Series{Label: c.String()}), nil
	}
	n := -1
	for _, v := range args {
		if v.isArray() {
			if n >= 0 && len(v.list) != n {
				return value{}, invalid("IF cannot combine arrays of %d and %d time series", n, len(v.list))
			}
			n = len(v.list)
		}
	}
	pick := func(v value, i int) value {
		if v.isArray() {
			return single(v.list[i])
		}
		return v
	}
	if n < 0 {
		return single(ifSeries(cond.series(), a, b, hasB, c)), nil
	}
	out := make([]Series, n)
	for i := range out {
		out[i] = ifSeries(pick(cond, i).series(), pick(a, i), pick(b, i), hasB, c)
	}
	return array(out), nil
}

func ifSeries(cond Series, a, b value, hasB bool, c *Call) Series {
	var ca, cb cursor
	label := cond.Label
	switch {
	case a.isSeries():
		ca.s, label = a.series(), a.series().Label
	case hasB && b.isSeries():
		label = b.series().Label
	}
	if hasB && b.isSeries() {
		cb.s = b.series()
	}
	if label == "" {
		label = c.String()
	}
	out := newBuilder(cond.Len())
	for i, t := range cond.Timestamps {
		if cond.Values[i] != 0 {
			if a.kind == kScalar {
				out.add(t, a.num)
			} else if v, ok := ca.at(t); ok {
				out.add(t, v)
			} else {
				out.add(t, 0)
			}
			continue
		}
		switch {
		case !hasB:
		case b.kind == kScalar:
			out.add(t, b.num)
		default:
			if v, ok := cb.at(t); ok {
				out.add(t, v)
			}
		}
	}
	return out.series(label)
}
