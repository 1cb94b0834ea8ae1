// Package metrics holds the CloudWatch metrics use cases: PutMetricData
// (and Put, which metric filters and Embedded Metric Format logs feed),
// GetMetricStatistics, GetMetricData with metric math, and ListMetrics. It
// enforces CloudWatch's limits and validation rules, with its parameter
// names in the messages, and reaches the data only through the MetricStore
// port.
package metrics

import (
	"runtime"
	"time"
)

// Options configure a Service.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Concurrency bounds the series one GetMetricData reads at once; 0
	// means GOMAXPROCS.
	Concurrency int
	// Bands computes ANOMALY_DETECTION_BAND; nil makes it an error.
	Bands BandSource
}

// Service runs the metrics use cases. It is safe for concurrent use.
type Service struct {
	store       MetricStore
	now         func() time.Time
	concurrency int
	bands       BandSource
}

// New returns a Service over store.
func New(store MetricStore, opts Options) *Service {
	s := &Service{store: store, now: opts.Now, concurrency: opts.Concurrency, bands: opts.Bands}
	if s.now == nil {
		s.now = time.Now
	}
	if s.concurrency <= 0 {
		s.concurrency = runtime.GOMAXPROCS(0)
	}
	return s
}

// nowMs is the current time in epoch milliseconds.
func (s *Service) nowMs() int64 { return s.now().UnixMilli() }
