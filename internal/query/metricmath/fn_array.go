package metricmath

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// evalMetrics is METRICS([filter]): every metric query of the request
// (not expressions), in request order, optionally only those whose id
// contains filter.
func evalMetrics(ev *evaluator, _ *Call, args []value) (value, error) {
	filter := ""
	if len(args) == 1 {
		if args[0].kind != kString {
			return value{}, invalid("METRICS takes a string in quotes, not %s", args[0].describe())
		}
		filter = args[0].str
	}
	var list []Series
	for _, r := range ev.env.Results {
		if !r.Metric || !strings.Contains(r.ID, filter) {
			continue
		}
		for _, s := range r.Series {
			if err := checkSeries(s); err != nil {
				return value{}, fmt.Errorf("cannot read the result of %s: %w", r.ID, err)
			}
		}
		list = append(list, r.Series...)
	}
	return array(list), nil
}

func wantArray(c *Call, v value) error {
	if !v.isTimeData() {
		return invalid("%s expects an array of time series, not %s", c.Func, v.describe())
	}
	return nil
}

// evalFirst is FIRST: the first series of an array (an empty series when
// the array is empty).
func evalFirst(_ *evaluator, c *Call, args []value) (value, error) {
	if err := wantArray(c, args[0]); err != nil {
		return value{}, err
	}
	if len(args[0].list) == 0 {
		return single(Series{Label: c.String()}), nil
	}
	return single(args[0].list[0]), nil
}

// evalLast is LAST: the last series of an array.
func evalLast(_ *evaluator, c *Call, args []value) (value, error) {
	if err := wantArray(c, args[0]); err != nil {
		return value{}, err
	}
	list := args[0].list
	if len(list) == 0 {
		return single(Series{Label: c.String()}), nil
	}
	return single(list[len(list)-1]), nil
}

// evalRemoveEmpty is REMOVE_EMPTY: the series of an array that have at
// least one point.
func evalRemoveEmpty(_ *evaluator, c *Call, args []value) (value, error) {
	if err := wantArray(c, args[0]); err != nil {
		return value{}, err
	}
	var out []Series
	for _, s := range args[0].list {
		if s.Len() > 0 {
			out = append(out, s)
		}
	}
	return array(out), nil
}

// evalConcat is CONCAT: one array of all the series of its arguments.
func evalConcat(_ *evaluator, c *Call, args []value) (value, error) {
	var out []Series
	for _, a := range args {
		if err := wantArray(c, a); err != nil {
			return value{}, err
		}
		out = append(out, a.list...)
	}
	return array(out), nil
}

// index reads argument i of c as a non-negative whole number, capped at
// limit.
func index(c *Call, i int, v value, limit int) (int, error) {
	if v.kind != kScalar || math.IsNaN(v.num) || v.num < 0 || v.num != math.Trunc(v.num) {
		return 0, invalid("argument %d of %s must be a whole number of 0 or more, not %s", i+1, c.Func, describeNumber(v))
	}
	if v.num >= float64(limit) {
		return limit, nil
	}
	return int(v.num), nil
}

func describeNumber(v value) string {
	if v.kind == kScalar {
		if math.IsNaN(v.num) {
			return "a number with no value"
		}
		return fmt.Sprint(v.num)
	}
	return v.describe()
}

// evalSlice is SLICE(array, start[, end]): series start (inclusive, from
// 0) to end (exclusive; the end of the array when omitted).
func evalSlice(_ *evaluator, c *Call, args []value) (value, error) {
	if err := wantArray(c, args[0]); err != nil {
		return value{}, err
	}
	list := args[0].list
	start, err := index(c, 1, args[1], len(list))
	if err != nil {
		return value{}, err
	}
	end := len(list)
	if len(args) == 3 {
		if end, err = index(c, 2, args[2], len(list)); err != nil {
			return value{}, err
		}
	}
	if end < start {
		end = start
	}
	return array(slices.Clone(list[start:end])), nil
}

// evalSort is SORT(array, AVG|MAX|MIN|SUM, ASC|DESC[, limit]). Series
// without points have no statistic and sort last either way; ties keep
// their order. A limit keeps only the first series.
func evalSort(_ *evaluator, c *Call, args []value) (value, error) {
	if err := wantArray(c, args[0]); err != nil {
		return value{}, err
	}
	var k aggKind
	switch {
	case args[1].kind != kKeyword:
		return value{}, invalid("argument 2 of SORT must be one of %s", strings.Join(sortFunctions, ", "))
	case args[1].str == "AVG":
		k = aggAvg
	case args[1].str == "MAX":
		k = aggMax
	case args[1].str == "MIN":
		k = aggMin
	case args[1].str == "SUM":
		k = aggSum
	default:
		return value{}, invalid("argument 2 of SORT must be one of %s, not %s", strings.Join(sortFunctions, ", "), args[1].str)
	}
	if args[2].kind != kKeyword || (args[2].str != "ASC" && args[2].str != "DESC") {
		return value{}, invalid("argument 3 of SORT must be ASC or DESC")
	}
	desc := args[2].str == "DESC"
	list := args[0].list
	limit := len(list)
	if len(args) == 4 {
		n, err := index(c, 3, args[3], len(list))
		if err != nil {
			return value{}, err
		}
		if args[3].num < 1 {
			return value{}, invalid("the limit of SORT must be 1 or more")
		}
		limit = n
	}
	type keyed struct {
		key float64
		s   Series
	}
	items := make([]keyed, len(list))
	for i, s := range list {
		key := math.NaN()
		if s.Len() > 0 {
			key = reduce(k, s.Values)
		}
		items[i] = keyed{key, s}
	}
	slices.SortStableFunc(items, func(a, b keyed) int {
		an, bn := math.IsNaN(a.key), math.IsNaN(b.key)
		switch {
		case an || bn:
			return compareBool(an, bn)
		case a.key == b.key:
			return 0
		case (a.key < b.key) != desc:
			return -1
		}
		return 1
	})
	out := make([]Series, limit)
	for i := range out {
		out[i] = items[i].s
	}
	return array(out), nil
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}
