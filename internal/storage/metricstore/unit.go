package metricstore

import (
	"strconv"

	"github.com/openwatch/openwatch/internal/model"
)

// Unit is a CloudWatch StandardUnit. Its numeric values are written to the
// WAL and to snapshots, so they never change; new units are appended.
type Unit uint8

// Units. The zero value, UnitAny, is not a stored unit: in a Point it means
// None (CloudWatch's default), in a Query it selects every unit.
const (
	UnitAny Unit = iota
	UnitNone
	UnitSeconds
	UnitMicroseconds
	UnitMilliseconds
	UnitBytes
	UnitKilobytes
	UnitMegabytes
	UnitGigabytes
	UnitTerabytes
	UnitBits
	UnitKilobits
	UnitMegabits
	UnitGigabits
	UnitTerabits
	UnitPercent
	UnitCount
	UnitBytesSecond
	UnitKilobytesSecond
	UnitMegabytesSecond
	UnitGigabytesSecond
	UnitTerabytesSecond
	UnitBitsSecond
	UnitKilobitsSecond
	UnitMegabitsSecond
	UnitGigabitsSecond
	UnitTerabitsSecond
	UnitCountSecond
	numUnits
)

var unitNames = [numUnits]string{
	UnitAny:             "",
	UnitNone:            "None",
	UnitSeconds:         "Seconds",
	UnitMicroseconds:    "Microseconds",
	UnitMilliseconds:    "Milliseconds",
	UnitBytes:           "Bytes",
	UnitKilobytes:       "Kilobytes",
	UnitMegabytes:       "Megabytes",
	UnitGigabytes:       "Gigabytes",
	UnitTerabytes:       "Terabytes",
	UnitBits:            "Bits",
	UnitKilobits:        "Kilobits",
	UnitMegabits:        "Megabits",
	UnitGigabits:        "Gigabits",
	UnitTerabits:        "Terabits",
	UnitPercent:         "Percent",
	UnitCount:           "Count",
	UnitBytesSecond:     "Bytes/Second",
	UnitKilobytesSecond: "Kilobytes/Second",
	UnitMegabytesSecond: "Megabytes/Second",
	UnitGigabytesSecond: "Gigabytes/Second",
	UnitTerabytesSecond: "Terabytes/Second",
	UnitBitsSecond:      "Bits/Second",
	UnitKilobitsSecond:  "Kilobits/Second",
	UnitMegabitsSecond:  "Megabits/Second",
	UnitGigabitsSecond:  "Gigabits/Second",
	UnitTerabitsSecond:  "Terabits/Second",
	UnitCountSecond:     "Count/Second",
}

// String returns the CloudWatch name of the unit, or "" for UnitAny.
func (u Unit) String() string {
	if u < numUnits {
		return unitNames[u]
	}
	return "Unit(" + strconv.Itoa(int(u)) + ")"
}

// valid reports whether u is a stored unit (not UnitAny, not out of range).
func (u Unit) valid() bool { return u > UnitAny && u < numUnits }

// ParseUnit returns the unit named s. The empty string is UnitAny.
func ParseUnit(s string) (Unit, error) {
	for u, name := range unitNames {
		if name == s {
			return Unit(u), nil
		}
	}
	return 0, model.Errorf(model.ErrInvalidParameter, "unknown unit %q", s)
}
