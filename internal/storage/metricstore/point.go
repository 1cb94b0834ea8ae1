package metricstore

import (
	"math"

	"github.com/openwatch/openwatch/internal/model"
)

// maxValuesPerPoint is CloudWatch's limit on Values per datum.
const maxValuesPerPoint = 150

// maxTimestamp is the latest time, in seconds since the epoch, the store
// accepts (2106-02-07): last-activity times are kept in 32 bits.
const maxTimestamp = 1<<32 - 2

// StatisticSet is a pre-aggregated set of samples, CloudWatch's
// StatisticValues. It is the model's type, so that a datum's set is a
// point's without a copy.
type StatisticSet = model.StatisticSet

// Point is one datum of PutMetricData: a single value, a distribution
// (Values with optional Counts), or a StatisticSet, for one series, at one
// time, in one unit.
//
// Exactly one form is used: Stats when it is non-nil, else Values when it is
// non-empty, else Value. Counts, when given, has one count per value; a
// missing Counts counts each value once.
type Point struct {
	Key SeriesKey
	// Timestamp is in milliseconds since the epoch. The store keeps whole
	// seconds for high-resolution points and whole minutes for the others,
	// rounding down, which is the granularity CloudWatch keeps.
	Timestamp int64
	// Unit is UnitNone when zero. Each unit of a series is aggregated
	// separately.
	Unit Unit
	// StorageResolution is 1 for high resolution, 60 (or 0) for standard.
	StorageResolution int
	Value             float64
	Values            []float64
	Counts            []float64
	Stats             *StatisticSet
}

// pointKind tells which form a stored point has.
type pointKind uint8

const (
	kindValue pointKind = iota
	kindStats
	kindDist
)

// entry is a validated point as the store keeps it: time in seconds,
// rounded to its resolution.
type entry struct {
	t    int64
	unit Unit
	kind pointKind
	v    float64
	st   StatisticSet
	vals []float64
	// cnts is nil when every value counts once.
	cnts []float64
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// fillEntry validates p's datum (not its key) and writes it to e, which
// must be zero. The entry shares p's Values and Counts.
func (p *Point) fillEntry(e *entry) error {
	if p.Timestamp < 0 || p.Timestamp/1000 > maxTimestamp {
		return model.Errorf(model.ErrInvalidParameter, "timestamp %d is out of range", p.Timestamp)
	}
	e.t, e.unit = p.Timestamp/1000, p.Unit
	switch p.StorageResolution {
	case 0, 60:
		e.t -= e.t % 60
	case 1:
	default:
		return model.Errorf(model.ErrInvalidParameter, "storage resolution must be 1 or 60, got %d", p.StorageResolution)
	}
	if e.unit == UnitAny {
		e.unit = UnitNone
	}
	if !e.unit.valid() {
		return model.Errorf(model.ErrInvalidParameter, "unknown unit %d", p.Unit)
	}
	switch {
	case p.Stats != nil:
		if len(p.Values) > 0 || len(p.Counts) > 0 {
			return model.Errorf(model.ErrInvalidParameter, "a datum has either values or statistic values, not both")
		}
		st := *p.Stats
		if !finite(st.SampleCount) || !finite(st.Sum) || !finite(st.Minimum) || !finite(st.Maximum) {
			return model.Errorf(model.ErrInvalidParameter, "statistic values must be finite numbers")
		}
		if st.SampleCount <= 0 || st.Minimum > st.Maximum {
			return model.Errorf(model.ErrInvalidParameter, "statistic values need SampleCount > 0 and Minimum <= Maximum")
		}
		e.kind, e.st = kindStats, st
	case len(p.Values) > 0:
		if len(p.Values) > maxValuesPerPoint {
			return model.Errorf(model.ErrInvalidParameter, "a datum has at most %d values, got %d", maxValuesPerPoint, len(p.Values))
		}
		if len(p.Counts) > 0 && len(p.Counts) != len(p.Values) {
			return model.Errorf(model.ErrInvalidParameter, "a datum needs as many counts as values: %d values, %d counts", len(p.Values), len(p.Counts))
		}
		for _, v := range p.Values {
			if !finite(v) {
				return model.Errorf(model.ErrInvalidParameter, "values must be finite numbers")
			}
		}
		e.kind, e.vals = kindDist, p.Values
		for _, c := range p.Counts {
			if !finite(c) || c <= 0 {
				return model.Errorf(model.ErrInvalidParameter, "counts must be positive finite numbers")
			}
			if c != 1 {
				e.cnts = p.Counts
			}
		}
	default:
		if len(p.Counts) > 0 {
			return model.Errorf(model.ErrInvalidParameter, "counts need values")
		}
		if !finite(p.Value) {
			return model.Errorf(model.ErrInvalidParameter, "value must be a finite number")
		}
		e.v = p.Value
	}
	return nil
}
