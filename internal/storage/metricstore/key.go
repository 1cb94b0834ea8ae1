package metricstore

import (
	"slices"

	"github.com/openwatch/openwatch/internal/model"
)

// Limits on series keys, as CloudWatch sets them. The store enforces the
// lengths because they bound its encodings; character-set rules are the
// service's.
const (
	maxNameLen     = 255
	maxDimValueLen = 1024
	maxDimensions  = 30
)

// Dimension is a name/value pair that, with the namespace and metric name,
// identifies a metric. It is the model's type, so that a datum's
// dimensions become a key without a copy: PutMetricData writes a thousand
// data at a time.
type Dimension = model.Dimension

// SeriesKey identifies a series: a metric of one account. Two keys are the
// same series when every field is equal and they have the same dimensions,
// in any order: the store sorts dimensions by name, and it returns keys with
// sorted dimensions.
type SeriesKey struct {
	AccountID  string
	Namespace  string
	MetricName string
	Dimensions []Dimension
}

// sortedDims returns dims sorted by name, reusing dims when it is already
// sorted (it is never modified) and else sorting a copy appended to arena.
// Duplicate names are an error.
func sortedDims(dims []Dimension, arena *[]Dimension) ([]Dimension, error) {
	if len(dims) > maxDimensions {
		return nil, model.Errorf(model.ErrInvalidParameter, "a metric has at most %d dimensions, got %d", maxDimensions, len(dims))
	}
	sorted := true
	for i := 1; i < len(dims) && sorted; i++ {
		sorted = dims[i-1].Name <= dims[i].Name
	}
	if !sorted {
		if cap(*arena)-len(*arena) < len(dims) {
			// Doubling: a pooled arena (see addScratch) soon holds a whole
			// batch.
			*arena = make([]Dimension, 0, max(256, 2*cap(*arena), len(dims)))
		}
		n := len(*arena)
		*arena = append(*arena, dims...)
		dims = (*arena)[n : n+len(dims) : n+len(dims)]
		// Insertion sort: at most 30 dimensions, usually a handful.
		for i := 1; i < len(dims); i++ {
			for j := i; j > 0 && dims[j].Name < dims[j-1].Name; j-- {
				dims[j], dims[j-1] = dims[j-1], dims[j]
			}
		}
	}
	for i, d := range dims {
		if len(d.Name) == 0 || len(d.Name) > maxNameLen {
			return nil, model.Errorf(model.ErrInvalidParameter, "dimension name must be 1 to %d bytes long", maxNameLen)
		}
		if len(d.Value) == 0 || len(d.Value) > maxDimValueLen {
			return nil, model.Errorf(model.ErrInvalidParameter, "value of dimension %q must be 1 to %d bytes long", d.Name, maxDimValueLen)
		}
		if i > 0 && dims[i-1].Name == d.Name {
			return nil, model.Errorf(model.ErrInvalidParameter, "dimension %q appears more than once", d.Name)
		}
	}
	return dims, nil
}

// validAccount reports whether id is a 12-digit account id, as
// model.ValidAccountID does, without a regular expression: it runs for every
// point written.
func validAccount(id string) bool {
	if len(id) != 12 {
		return false
	}
	for i := range len(id) {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// normalize checks k and returns it with sorted dimensions.
func (k SeriesKey) normalize() (SeriesKey, error) {
	var arena []Dimension
	return k.normalizeIn(&arena)
}

// normalizeIn is normalize with the sorted copy of the dimensions, if one
// is needed, taken from arena.
func (k SeriesKey) normalizeIn(arena *[]Dimension) (SeriesKey, error) {
	if !validAccount(k.AccountID) {
		return k, model.Errorf(model.ErrInvalidParameter, "invalid account id %q", k.AccountID)
	}
	if len(k.Namespace) == 0 || len(k.Namespace) > maxNameLen {
		return k, model.Errorf(model.ErrInvalidParameter, "namespace must be 1 to %d bytes long", maxNameLen)
	}
	if len(k.MetricName) == 0 || len(k.MetricName) > maxNameLen {
		return k, model.Errorf(model.ErrInvalidParameter, "metric name must be 1 to %d bytes long", maxNameLen)
	}
	dims, err := sortedDims(k.Dimensions, arena)
	if err != nil {
		return k, err
	}
	k.Dimensions = dims
	return k, nil
}

// sameKey reports whether a and b, both normalized, are the same series.
func sameKey(a, b *SeriesKey) bool {
	return a.AccountID == b.AccountID && a.Namespace == b.Namespace && a.MetricName == b.MetricName &&
		slices.Equal(a.Dimensions, b.Dimensions)
}
