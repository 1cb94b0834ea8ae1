package model

// Anomaly detector types, as DescribeAnomalyDetectors names them.
const (
	AnomalyDetectorSingleMetric = "SINGLE_METRIC"
	AnomalyDetectorMetricMath   = "METRIC_MATH"
)

// AnomalyDetector is a stored anomaly detection model definition: what the
// model is trained on and how. The anomaly detectors service owns the
// encoding of Definition; the catalog selects on the columns beside it.
type AnomalyDetector struct {
	AccountID string
	// Key identifies the detector within its account: the canonical form
	// of its metric and statistic, or of its metric math queries.
	Key string
	// Type is AnomalyDetectorSingleMetric or AnomalyDetectorMetricMath.
	Type string
	// Namespace and MetricName are those of a single-metric detector, ""
	// for metric math.
	Namespace, MetricName string
	// Definition is the detector's configuration as JSON, read and
	// written whole.
	Definition string
	// Created is in epoch milliseconds.
	Created int64
}
