package metrics

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// CloudWatch's limits on names and collections.
const (
	maxNameLen       = 255
	maxDimValueLen   = 1024
	maxDimensions    = 30
	maxDimFilters    = 10
	maxValues        = 150
	maxPutMetricData = 1000
)

// maxAbsValue is the largest magnitude CloudWatch stores, 2^360.
var maxAbsValue = math.Ldexp(1, 360)

// missing is the error for a required parameter that is absent.
func missing(p param) error {
	return model.Errorf(model.ErrMissingParameter, "The parameter %s is required.", p.String())
}

// invalidValue is CloudWatch's generic message for a parameter value it
// refuses.
func invalidValue(p param, value string) error {
	return model.Errorf(model.ErrInvalidParameter, "The value %s for parameter %s is invalid.", clip(value), p.String())
}

// tooLong is the error for a name longer than its limit.
func tooLong(p param, limit int) error {
	return model.Errorf(model.ErrInvalidParameter, "The parameter %s must be shorter than %d characters.", p.String(), limit+1)
}

// tooMany is the error for a collection over its limit.
func tooMany(p param, limit int) error {
	return model.Errorf(model.ErrInvalidParameter, "The collection %s must not have a size greater than %d.", p.String(), limit)
}

// exclusive is the error for two parameters that may not be given together.
func exclusive(a, b param) error {
	return model.Errorf(model.ErrInvalidParameterCombination, "The parameters %s and %s are mutually exclusive and you have specified both.", a.String(), b.String())
}

// clip shortens a client value quoted in a message.
func clip(s string) string {
	const n = 256
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}

// printableASCII reports whether s holds only ASCII without control
// characters.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// checkText checks a UTF-8 name of 1 to limit characters.
func checkText(p param, s string, limit int) error {
	if s == "" {
		return missing(p)
	}
	if !utf8.ValidString(s) {
		return invalidValue(p, strings.ToValidUTF8(s, "?"))
	}
	if utf8.RuneCountInString(s) > limit {
		return tooLong(p, limit)
	}
	return nil
}

// checkNamespace applies CloudWatch's namespace rules: 1 to 255 ASCII
// characters without control characters, not starting with a colon.
// Writes also may not use the AWS/ prefix, which AWS keeps for its own
// services.
func checkNamespace(p param, ns string, write bool) error {
	if err := checkText(p, ns, maxNameLen); err != nil {
		return err
	}
	if !printableASCII(ns) || ns[0] == ':' {
		return invalidValue(p, ns)
	}
	if write && strings.HasPrefix(ns, "AWS/") {
		return model.Errorf(model.ErrInvalidParameter, "The value AWS/ for parameter %s is invalid.", p.String())
	}
	return nil
}

// checkDimensions applies CloudWatch's rules to the dimensions of a
// metric: at most 30, names of 1 to 255 and values of 1 to 1024 ASCII
// characters with at least one that is not a space, names not starting
// with a colon, and no name twice.
func checkDimensions(p param, dims []model.Dimension) error {
	if len(dims) > maxDimensions {
		return tooMany(p, maxDimensions)
	}
	for i, d := range dims {
		e := p.at(i)
		if err := checkDimensionName(e.dot("Name"), d.Name); err != nil {
			return err
		}
		value := e.dot("Value")
		if d.Value == "" {
			return missing(value)
		}
		if len(d.Value) > maxDimValueLen {
			return tooLong(value, maxDimValueLen)
		}
		if !printableASCII(d.Value) || strings.TrimSpace(d.Value) == "" {
			return invalidValue(value, d.Value)
		}
		for _, o := range dims[:i] {
			if o.Name == d.Name {
				return model.Errorf(model.ErrInvalidParameter, "No metric may specify the same dimension name twice.")
			}
		}
	}
	return nil
}

func checkDimensionName(p param, name string) error {
	if name == "" {
		return missing(p)
	}
	if len(name) > maxNameLen {
		return tooLong(p, maxNameLen)
	}
	if !printableASCII(name) || strings.TrimSpace(name) == "" || name[0] == ':' {
		return invalidValue(p, name)
	}
	return nil
}

// checkMetric checks the Metric of a query: a namespace, a metric name and
// its dimensions. Names are checked for length only beyond that: a query
// for a metric that cannot exist simply finds nothing.
func checkMetric(p param, m Metric) error {
	if err := checkNamespace(p.dot("Namespace"), m.Namespace, false); err != nil {
		return err
	}
	if err := checkText(p.dot("MetricName"), m.MetricName, maxNameLen); err != nil {
		return err
	}
	return checkDimensions(p.dot("Dimensions"), m.Dimensions)
}

// units are CloudWatch's StandardUnit values.
var units = map[string]bool{
	"Seconds": true, "Microseconds": true, "Milliseconds": true,
	"Bytes": true, "Kilobytes": true, "Megabytes": true, "Gigabytes": true, "Terabytes": true,
	"Bits": true, "Kilobits": true, "Megabits": true, "Gigabits": true, "Terabits": true,
	"Percent": true, "Count": true,
	"Bytes/Second": true, "Kilobytes/Second": true, "Megabytes/Second": true, "Gigabytes/Second": true, "Terabytes/Second": true,
	"Bits/Second": true, "Kilobits/Second": true, "Megabits/Second": true, "Gigabits/Second": true, "Terabits/Second": true,
	"Count/Second": true, "None": true,
}

// checkUnit accepts "" (no unit given) and the StandardUnit values.
func checkUnit(p param, unit string) error {
	if unit != "" && !units[unit] {
		return model.Errorf(model.ErrInvalidParameter, "The value %s for parameter %s is not a valid unit.", clip(unit), p.String())
	}
	return nil
}

// validPeriod reports whether p seconds is a period CloudWatch aggregates
// by: 1, 5, 10, 20 or 30 seconds for high-resolution data, else a multiple
// of 60.
func validPeriod(p int64) bool {
	switch {
	case p == 1 || p == 5 || p == 10 || p == 20 || p == 30:
		return true
	case p >= 60 && p%60 == 0:
		return true
	}
	return false
}

// checkPeriod checks a required period.
func checkPeriod(p param, period int64) error {
	if period == 0 {
		return missing(p)
	}
	if !validPeriod(period) {
		return model.Errorf(model.ErrInvalidParameter, "The parameter %s must be 1, 5, 10, 20, 30 or a multiple of 60, not %d.", p.String(), period)
	}
	return nil
}

// Durations in milliseconds: the ages past which CloudWatch rounds start
// times more coarsely (its finer data has aged out by then), and the
// window PutMetricData accepts timestamps in.
const (
	minuteMs      = 60 * 1000
	fiveMinutesMs = 5 * minuteMs
	hourMs        = 60 * minuteMs
	dayMs         = 24 * hourMs
	roundTo5Min   = 15 * dayMs
	roundToHour   = 63 * dayMs
	twoWeeksMs    = 14 * dayMs
	twoHoursMs    = 2 * hourMs
)

// alignStart rounds a query's start time down as CloudWatch does: to the
// minute when it is less than 15 days old, to 5 minutes up to 63 days, to
// the hour beyond; periods under a minute round within the minute to a
// multiple of the period instead.
func alignStart(start, now, period int64) int64 {
	var unit int64
	switch age := now - start; {
	case age > roundToHour:
		unit = hourMs
	case age > roundTo5Min:
		unit = fiveMinutesMs
	case period < 60:
		unit = period * 1000
	default:
		unit = minuteMs
	}
	return floorDiv(start, unit) * unit
}

// floorDiv is ⌊a/b⌋ for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// checkRange checks a query's time range, both ends required.
func checkRange(start, end int64) error {
	if start == 0 {
		return missing(top("StartTime"))
	}
	if end == 0 {
		return missing(top("EndTime"))
	}
	if start >= end {
		return model.Errorf(model.ErrInvalidParameter, "The parameter StartTime must be less than the parameter EndTime.")
	}
	return nil
}

// finiteValue reports whether v is a number CloudWatch stores: finite and
// within ±2^360.
func finiteValue(v float64) bool { return !math.IsNaN(v) && math.Abs(v) <= maxAbsValue }

// formatValue prints a refused number the way the message quotes it.
func formatValue(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
