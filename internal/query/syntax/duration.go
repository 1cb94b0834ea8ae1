package syntax

import (
	"strconv"
	"strings"
)

// Unit is the unit of a time period such as the m in bin(5m).
type Unit uint8

// Time units accepted in periods. Month, quarter and year are calendar units
// (their length varies); the others have a fixed length in milliseconds.
const (
	UnitMillisecond Unit = iota + 1
	UnitSecond
	UnitMinute
	UnitHour
	UnitDay
	UnitWeek
	UnitMonth
	UnitQuarter
	UnitYear
)

var unitNames = [...]string{
	UnitMillisecond: "ms",
	UnitSecond:      "s",
	UnitMinute:      "m",
	UnitHour:        "h",
	UnitDay:         "d",
	UnitWeek:        "w",
	UnitMonth:       "mo",
	UnitQuarter:     "q",
	UnitYear:        "y",
}

var unitMillis = [...]int64{
	UnitMillisecond: 1,
	UnitSecond:      1000,
	UnitMinute:      60 * 1000,
	UnitHour:        60 * 60 * 1000,
	UnitDay:         24 * 60 * 60 * 1000,
	UnitWeek:        7 * 24 * 60 * 60 * 1000,
}

// unitAliases lists every spelling the docs accept; multi-letter spellings
// may also take a plural s (hr and hrs both mean hours).
var unitAliases = map[string]Unit{
	"ms": UnitMillisecond, "msec": UnitMillisecond, "millisecond": UnitMillisecond,
	"s": UnitSecond, "sec": UnitSecond, "second": UnitSecond,
	"m": UnitMinute, "min": UnitMinute, "minute": UnitMinute,
	"h": UnitHour, "hr": UnitHour, "hour": UnitHour,
	"d": UnitDay, "day": UnitDay,
	"w": UnitWeek, "week": UnitWeek,
	"mo": UnitMonth, "mon": UnitMonth, "month": UnitMonth,
	"q": UnitQuarter, "qtr": UnitQuarter, "quarter": UnitQuarter,
	"y": UnitYear, "yr": UnitYear, "year": UnitYear,
}

func lookupUnit(s string) (Unit, bool) {
	s = strings.ToLower(s)
	if u, ok := unitAliases[s]; ok {
		return u, true
	}
	if len(s) > 2 && strings.HasSuffix(s, "s") {
		if u, ok := unitAliases[s[:len(s)-1]]; ok {
			return u, true
		}
	}
	return 0, false
}

// maxPeriodMillis bounds fixed-length periods (about 1000 years) so that
// arithmetic on epoch milliseconds cannot overflow.
const maxPeriodMillis = 1000 * 366 * 24 * 60 * 60 * 1000

// Duration is a time period literal such as 5m or 1mo.
type Duration struct {
	N    int64
	Unit Unit
}

// String prints the period with the unit's shortest spelling.
func (d Duration) String() string {
	name := ""
	if int(d.Unit) < len(unitNames) {
		name = unitNames[d.Unit]
	}
	return strconv.FormatInt(d.N, 10) + name
}

// Millis returns the length of a fixed-length period; ok is false for
// month, quarter and year periods.
func (d Duration) Millis() (ms int64, ok bool) {
	if d.Unit == 0 || int(d.Unit) >= len(unitMillis) || unitMillis[d.Unit] == 0 {
		return 0, false
	}
	return d.N * unitMillis[d.Unit], true
}

// Months returns the length of a calendar period in months; ok is false for
// fixed-length periods.
func (d Duration) Months() (months int64, ok bool) {
	switch d.Unit {
	case UnitMonth:
		return d.N, true
	case UnitQuarter:
		return 3 * d.N, true
	case UnitYear:
		return 12 * d.N, true
	}
	return 0, false
}

// valid reports whether the period is within the supported range.
func (d Duration) valid() bool {
	if d.N <= 0 {
		return false
	}
	if m, ok := d.Months(); ok {
		return m <= 12*1000
	}
	ms, ok := d.Millis()
	return ok && d.N <= maxPeriodMillis/unitMillis[d.Unit] && ms > 0
}
