package metricmath

import (
	"fmt"
	"math"
)

// evalSearch is SEARCH(query, stat[, period]), run by Env.Search.
func evalSearch(ev *evaluator, c *Call, args []value) (value, error) {
	if args[0].kind != kString || args[1].kind != kString {
		return value{}, invalid("SEARCH takes a query and a statistic, both strings in quotes")
	}
	query, stat := args[0].str, args[1].str
	if _, err := ParseSearch(query); err != nil {
		return value{}, err
	}
	if stat == "" {
		return value{}, invalid("the statistic of SEARCH is empty")
	}
	period := ev.opts.Period
	if len(args) == 3 {
		p := args[2]
		if p.kind != kScalar || !(p.num >= 1) || p.num != math.Trunc(p.num) || p.num > math.MaxInt32 {
			return value{}, invalid("the period of SEARCH must be a whole number of seconds, not %s", describeNumber(p))
		}
		period = int(p.num)
	}
	if period <= 0 {
		return value{}, invalid("SEARCH needs a period: give it as the third argument or set the Period of the expression")
	}
	if ev.env.Search == nil {
		return value{}, invalid("SEARCH cannot be used here")
	}
	found, err := ev.env.Search(query, stat, period)
	if err != nil {
		return value{}, fmt.Errorf("cannot run %s: %w", c, err)
	}
	for _, s := range found {
		if err := checkSeries(s); err != nil {
			return value{}, fmt.Errorf("cannot read the results of SEARCH: %w", err)
		}
	}
	return array(found), nil
}

// evalBand is ANOMALY_DETECTION_BAND(series[, stddevs]), computed by
// Env.Band. The result is the array [upper, lower], so that
// LAST(ANOMALY_DETECTION_BAND(m1)) is the lower bound as in CloudWatch.
func evalBand(ev *evaluator, c *Call, args []value) (value, error) {
	if !args[0].isSeries() {
		return value{}, invalid("ANOMALY_DETECTION_BAND expects a single time series, not %s", args[0].describe())
	}
	width := 2.0
	if len(args) == 2 {
		if args[1].kind != kScalar || !(args[1].num > 0) {
			return value{}, invalid("the number of standard deviations of ANOMALY_DETECTION_BAND must be a number above 0, not %s", describeNumber(args[1]))
		}
		width = args[1].num
	}
	if ev.env.Band == nil {
		return value{}, invalid("ANOMALY_DETECTION_BAND needs an anomaly detection model, and none is available for this expression")
	}
	in := args[0].series()
	lower, upper, err := ev.env.Band(in, width)
	if err != nil {
		return value{}, fmt.Errorf("cannot compute %s: %w", c, err)
	}
	for _, s := range []Series{lower, upper} {
		if err := checkSeries(s); err != nil {
			return value{}, fmt.Errorf("cannot read the anomaly detection band: %w", err)
		}
	}
	if upper.Label == "" {
		upper.Label = in.Label + " (upper band)"
	}
	if lower.Label == "" {
		lower.Label = in.Label + " (lower band)"
	}
	return array([]Series{upper, lower}), nil
}

// unsupportedFunc makes the evaluator of a CloudWatch function that
// depends on an AWS service OpenWatch does not have.
func unsupportedFunc(why string) evalFunc {
	return func(_ *evaluator, c *Call, _ []value) (value, error) {
		return value{}, invalid("%s is not supported: %s", c.Func, why)
	}
}
