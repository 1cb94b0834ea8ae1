// Package logs holds the CloudWatch Logs use cases: log groups and streams,
// retention, tags, ingest and reads, and metric filters. It validates input
// with AWS's rules and limits, and talks to storage only through the
// Catalog and LogStore ports declared in ports.go. Metrics drawn from logs
// at ingest (MetricFilterObserver, EMFObserver) go to a MetricSink. It
// knows nothing of HTTP or wire formats.
package logs

import (
	"context"
	"log/slog"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// IngestObserver is told about every acknowledged batch, after it is
// durable. Metric filters, subscription filters and live tail attach here.
// Implementations must not block for long and must not retain events,
// their messages or any substring of them beyond the call unless they copy
// them: the memory is reused for the next request.
type IngestObserver interface {
	ObserveIngest(ctx context.Context, group model.LogGroup, stream model.LogStream, events []model.StoredEvent)
}

// Service implements the CloudWatch Logs operations for one deployment.
type Service struct {
	cat       Catalog
	store     LogStore
	now       func() time.Time
	observers []IngestObserver
	log       *slog.Logger
}

// Options configures New.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now       func() time.Time
	Observers []IngestObserver
	Logger    *slog.Logger
}

// New returns a Service over the given catalog and log store.
func New(cat Catalog, store LogStore, opts Options) *Service {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{cat: cat, store: store, now: now, observers: opts.Observers, log: log}
}

func (s *Service) nowMillis() int64 { return s.now().UnixMilli() }

// Caller is who asks and where: the account the request acts in and the
// region it was signed for (used in ARNs).
type Caller struct {
	AccountID string
	Region    string
}
