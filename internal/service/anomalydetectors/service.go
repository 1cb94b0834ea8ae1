// Package anomalydetectors holds the CloudWatch anomaly detection use
// cases: PutAnomalyDetector, DescribeAnomalyDetectors and
// DeleteAnomalyDetector, and the bands of ANOMALY_DETECTION_BAND that
// GetMetricData and anomaly alarms draw.
//
// A detector names what its model learns, a metric and statistic or a
// metric math expression, and how: time ranges left out of training and
// the time zone whose hours and weekdays the seasonality follows. The
// model itself (internal/query/anomaly) is trained on demand from the two
// weeks of history before the band's range, at the band's period, and
// kept for a few minutes, so repeated graphs and alarm evaluations reuse
// it while new data still reaches it soon.
//
// As in CloudWatch, drawing ANOMALY_DETECTION_BAND around a metric or an
// expression that has no detector creates one with the default
// configuration; the band is drawn even when the account has no room for
// another detector.
package anomalydetectors

import (
	"context"
	"time"

	// MetricTimezone names IANA zones; the embedded database makes them
	// work on hosts without one.
	_ "time/tzdata"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// Limits and defaults.
const (
	// MaxDetectors bounds the detectors of one account.
	MaxDetectors = 500
	// maxExcludedRanges is how many ExcludedTimeRanges a configuration
	// may hold.
	maxExcludedRanges = 10
	// maxPageSize and defaultPageSize bound DescribeAnomalyDetectors.
	maxPageSize     = 100
	defaultPageSize = 100
	// trainingWindow is how much history a model learns from, and
	// maxTrainingPoints caps it for short periods.
	trainingWindow    = 14 * 24 * time.Hour
	maxTrainingPoints = 20160
	// describePeriod is the period DescribeAnomalyDetectors judges the
	// training state at, CloudWatch's default graph period.
	describePeriod = 300
	// trainedSpan is how long the history must be before a model is
	// TRAINED: with less than a day no hour of the day repeats.
	trainedSpan = 24 * time.Hour
)

// Store keeps detectors. Implementations are safe for concurrent use.
// PutAnomalyDetector creates by key, or replaces an existing one when
// replace is true, and refuses a new one beyond limit with
// model.ErrLimitExceeded; Get and Delete of an unknown
// key return model.ErrNotFound; List returns detectors in key order,
// filtered by namespace and metric name when they are not empty.
type Store interface {
	PutAnomalyDetector(ctx context.Context, d model.AnomalyDetector, limit int, replace bool) error
	GetAnomalyDetector(ctx context.Context, accountID, key string) (model.AnomalyDetector, error)
	ListAnomalyDetectors(ctx context.Context, accountID, namespace, metricName string) ([]model.AnomalyDetector, error)
	DeleteAnomalyDetector(ctx context.Context, accountID, key string) error
}

// MetricReader reads the history models train on; the metrics service
// is one. It must not be asked for a band itself.
type MetricReader interface {
	GetMetricData(ctx context.Context, account string, in metrics.GetMetricDataInput) (metrics.GetMetricDataOutput, error)
}

// Options tune a Service.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Refresh is how long a trained model is reused; 0 means five
	// minutes.
	Refresh time.Duration
	// CacheSize bounds the models kept; 0 means 256.
	CacheSize int
}

// Service implements the anomaly detector operations and
// metrics.BandSource. It is safe for concurrent use.
type Service struct {
	store  Store
	reader MetricReader
	now    func() time.Time
	models *modelCache
}

var _ metrics.BandSource = (*Service)(nil)

// New returns a Service over store, training on what reader returns.
func New(store Store, reader MetricReader, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Refresh <= 0 {
		opts.Refresh = 5 * time.Minute
	}
	if opts.CacheSize <= 0 {
		opts.CacheSize = 256
	}
	return &Service{store: store, reader: reader, now: opts.Now, models: newModelCache(opts.CacheSize, opts.Refresh)}
}
