package exec

import (
	"time"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// Datetime functions. Periods of ms, s, m, h, d and w are fixed lengths
// counted from the Unix epoch; mo, q and y are calendar months, quarters
// and years in UTC.

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// floorPeriod truncates epoch milliseconds to the start of their period.
func floorPeriod(ms int64, d syntax.Duration) int64 {
	if p, ok := d.Millis(); ok {
		return floorDiv(ms, p) * p
	}
	months, _ := d.Months()
	t := time.UnixMilli(ms).UTC()
	idx := int64(t.Year()-1970)*12 + int64(t.Month()) - 1
	idx = floorDiv(idx, months) * months
	year := floorDiv(idx, 12)
	month := idx - year*12
	return time.Date(int(1970+year), time.Month(month+1), 1, 0, 0, 0, 0, time.UTC).UnixMilli()
}

// ceilPeriod rounds epoch milliseconds up to a period boundary.
func ceilPeriod(ms int64, d syntax.Duration) int64 {
	f := floorPeriod(ms, d)
	if f == ms {
		return ms
	}
	if p, ok := d.Millis(); ok {
		return f + p
	}
	months, _ := d.Months()
	return time.UnixMilli(f).UTC().AddDate(0, int(months), 0).UnixMilli()
}

func periodArg(call *syntax.CallExpr, i int) syntax.Duration {
	return call.Args[i].(*syntax.DurationLit).Duration
}

// buildBin floors the row's @timestamp to the period: the time bucket of
// stats … by bin(5m).
func buildBin(_ *compiler, call *syntax.CallExpr, _ []evalFn) (evalFn, error) {
	d := periodArg(call, 0)
	ts := fieldGetter("@timestamp")
	return func(r *row) Value {
		ms, ok := ts(r).Millis()
		if !ok {
			return null
		}
		return timeValue(floorPeriod(ms, d))
	}, nil
}

func dateRounder(call *syntax.CallExpr, args []evalFn, round func(int64, syntax.Duration) int64) evalFn {
	a := args[0]
	d := periodArg(call, 1)
	return func(r *row) Value {
		ms, ok := a(r).Millis()
		if !ok {
			return null
		}
		return timeValue(round(ms, d))
	}
}

func buildDateFloor(_ *compiler, call *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return dateRounder(call, args, floorPeriod), nil
}

func buildDateCeil(_ *compiler, call *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return dateRounder(call, args, ceilPeriod), nil
}

// buildFromMillis reads epoch milliseconds as a timestamp.
func buildFromMillis(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a := args[0]
	return func(r *row) Value {
		v := a(r)
		if v.kind == KindTime {
			return v
		}
		f, ok := v.Number()
		if !ok || f < -9e15 || f > 9e15 {
			return null
		}
		ms, _ := numValue(f).Millis()
		return timeValue(ms)
	}, nil
}

// buildToMillis converts a timestamp (or a string in the result or ISO
// 8601 format) to epoch milliseconds.
func buildToMillis(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a := args[0]
	return func(r *row) Value {
		ms, ok := a(r).Millis()
		if !ok {
			return null
		}
		return numValue(float64(ms))
	}, nil
}
