package model

// MetricFilter is a metric filter's catalog record: a filter pattern over a
// log group's events and how matching events become metric datapoints.
type MetricFilter struct {
	GroupID int64
	// GroupName is filled in by listings.
	GroupName    string
	Name         string
	Pattern      string
	CreationTime int64 // epoch ms
	// Transformations holds exactly one entry; the list mirrors the API.
	Transformations []MetricTransformation
	// ApplyOnTransformedLogs is kept and reported as given; OpenWatch has
	// no log transformers, so filters always see events as ingested.
	ApplyOnTransformedLogs bool
}

// MetricTransformation says which metric a metric filter publishes to and
// with what value.
type MetricTransformation struct {
	MetricName      string
	MetricNamespace string
	// MetricValue is a number ("1"), a JSON selector ("$.latency") or a
	// space-delimited field ("$bytes").
	MetricValue string
	// DefaultValue, when set, is published for events that do not match.
	DefaultValue *float64
	// Dimensions maps dimension names to "$.selector" or "$field".
	Dimensions map[string]string
	// Unit is a CloudWatch unit name; "" means None.
	Unit string
}

// MetricFilterQuery selects metric filters of one account for
// DescribeMetricFilters and the ingest path. Results are ordered by
// (Name, GroupName).
type MetricFilterQuery struct {
	// GroupID restricts the listing to one group; 0 means every group.
	GroupID int64
	// NamePrefix keeps filters whose name starts with it.
	NamePrefix string
	// MetricName and MetricNamespace, when set, keep filters publishing to
	// that metric.
	MetricName, MetricNamespace string
	// HasAfter starts the listing after the filter (AfterName,
	// AfterGroup) in the listing order.
	HasAfter              bool
	AfterName, AfterGroup string
	// Limit bounds the result; <= 0 means no bound.
	Limit int
}
