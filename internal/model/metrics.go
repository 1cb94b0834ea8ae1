package model

// Dimension is one name/value pair of a metric's identity.
type Dimension struct {
	Name, Value string
}

// StatisticSet is a pre-aggregated datapoint (PutMetricData's
// StatisticValues).
type StatisticSet struct {
	SampleCount, Sum, Minimum, Maximum float64
}

// MetricDatum is one datapoint as PutMetricData, metric filters and
// Embedded Metric Format logs produce it. Exactly one of Value, Values (with
// optional Counts) or Stats carries the data.
type MetricDatum struct {
	AccountID  string
	Namespace  string
	MetricName string
	// Dimensions in any order; the store sorts them by name.
	Dimensions []Dimension
	Timestamp  int64 // epoch ms
	Value      *float64
	Values     []float64
	Counts     []float64
	Stats      *StatisticSet
	Unit       string // "" means None
	// StorageResolution is 1 (high resolution) or 60.
	StorageResolution int
}
