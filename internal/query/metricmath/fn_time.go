package metricmath

import (
	"time"
)

// evalTimeSeries is TIME_SERIES(number): a non-sparse series with the
// number at every period of the request (no points when the number has
// no value).
func evalTimeSeries(ev *evaluator, c *Call, args []value) (value, error) {
	if args[0].kind != kScalar {
		return value{}, invalid("TIME_SERIES expects a number, not %s", args[0].describe())
	}
	stamps, err := grid(ev.opts, ev.opts.Period)
	if err != nil {
		return value{}, err
	}
	b := newBuilder(len(stamps))
	for _, t := range stamps {
		b.add(t, args[0].num)
	}
	return single(b.series(c.String())), nil
}

// evalPeriod is PERIOD(m): the period of a metric query, in seconds. It
// accepts metrics only, not the results of expressions.
func evalPeriod(ev *evaluator, _ *Call, args []value) (value, error) {
	r := args[0].ref
	if r == nil || !r.Metric {
		return value{}, invalid("PERIOD accepts only the id of a metric, not %s", args[0].describe())
	}
	p := ev.period(args[0])
	if p <= 0 {
		return value{}, invalid("the period of %s is not known", r.ID)
	}
	return scalar(float64(p)), nil
}

// timeFunc makes MINUTE, HOUR, DAY, DATE, MONTH, YEAR and EPOCH: a
// non-sparse series over the period and range of the argument whose values
// come from the timestamps, in UTC.
func timeFunc(f func(time.Time) float64) evalFunc {
	return func(ev *evaluator, c *Call, args []value) (value, error) {
		x := args[0]
		if !x.isTimeData() {
			return value{}, invalid("%s expects a time series, not %s", c.Func, x.describe())
		}
		stamps, err := grid(ev.opts, ev.period(x))
		if err != nil {
			return value{}, err
		}
		b := newBuilder(len(stamps))
		for _, t := range stamps {
			b.add(t, f(time.Unix(t, 0).UTC()))
		}
		s := b.series(c.String())
		if x.isSeries() {
			return single(s), nil
		}
		out := make([]Series, len(x.list))
		for i, in := range x.list {
			out[i] = s
			out[i].Label = in.Label
		}
		return array(out), nil
	}
}

func minuteOf(t time.Time) float64 { return float64(t.Minute()) }
func hourOf(t time.Time) float64   { return float64(t.Hour()) }
func dateOf(t time.Time) float64   { return float64(t.Day()) }
func monthOf(t time.Time) float64  { return float64(t.Month()) }
func yearOf(t time.Time) float64   { return float64(t.Year()) }
func epochOf(t time.Time) float64  { return float64(t.Unix()) }

// weekdayOf numbers days as CloudWatch does: Monday is 1, Sunday is 7.
func weekdayOf(t time.Time) float64 {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return float64(t.Weekday())
}
