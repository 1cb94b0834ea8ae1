// Package events holds the EventBridge use cases: event buses, rules with
// event patterns or schedules, targets, connections and API destinations,
// and PutEvents. Events are matched and delivered to targets by background
// goroutines, never on the request: log groups through the LogWriter port,
// topics through TopicPublisher, API destinations through Deliverer.
// Schedule rules are fired by the Scheduler. Other services publish their
// own events (alarm state changes) with Publish. The package knows nothing
// of HTTP or SQL.
package events

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultBus is the bus every account has, which cannot be deleted.
const DefaultBus = "default"

// EventBridge limits.
const (
	maxPutEventsEntries = 10
	maxPutEventsBytes   = 256 * 1024
	maxTargetsPerRule   = 5
	maxTargetsPerPut    = 10
	maxRemoveIDs        = 100
	maxDetailTypeLen    = 128
	maxPatternLen       = 4096
	maxInputLen         = 8192
	maxInputPathLen     = 256
	maxListLimit        = 100
)

// Caller is who asks and where: the account the request acts in and the
// region it was signed for (used in ARNs).
type Caller struct {
	AccountID string
	Region    string
}

// Options configures New.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Region goes into the ARNs of events the service makes itself
	// (scheduled events, published events); "" means us-east-1.
	Region string
	Logger *slog.Logger
	// Logs, Topics and Deliverer carry events to log group, topic and
	// API destination targets; a nil port fails deliveries of its kind,
	// which are logged and counted.
	Logs      LogWriter
	Topics    TopicPublisher
	Deliverer Deliverer
	// QueueSize bounds the events accepted but not yet delivered; when
	// it is full PutEvents fails entries with ThrottlingException rather
	// than wait. 0 means 10000.
	QueueSize int
	// Workers is the number of delivery goroutines; 0 means 2.
	Workers int
	// RuleCacheTTL bounds how long a bus's rules are reused without
	// reading the catalog again (changes made through this Service are
	// seen at once). 0 means 5 seconds.
	RuleCacheTTL time.Duration
}

// Service runs the EventBridge use cases. It is safe for concurrent use;
// Close stops its goroutines.
type Service struct {
	store   Store
	now     func() time.Time
	region  string
	log     *slog.Logger
	logs    LogWriter
	topics  TopicPublisher
	deliver Deliverer
	metrics *serviceMetrics

	queue    chan pending
	stop     chan struct{}
	wg       sync.WaitGroup
	closeOne sync.Once
	rules    *ruleCache
}

// New returns a Service over store and starts its delivery goroutines.
func New(store Store, opts Options) *Service {
	s := &Service{store: store, now: opts.Now, region: opts.Region, log: opts.Logger,
		logs: opts.Logs, topics: opts.Topics, deliver: opts.Deliverer, metrics: newServiceMetrics(),
		stop: make(chan struct{})}
	if s.now == nil {
		s.now = time.Now
	}
	if s.region == "" {
		s.region = "us-east-1"
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	size := opts.QueueSize
	if size <= 0 {
		size = 10000
	}
	s.queue = make(chan pending, size)
	ttl := opts.RuleCacheTTL
	if ttl <= 0 {
		ttl = 5 * time.Second
	}
	s.rules = newRuleCache(store, ttl)
	workers := opts.Workers
	if workers <= 0 {
		workers = 2
	}
	for range workers {
		s.wg.Add(1)
		go s.worker()
	}
	return s
}

// Close stops the delivery goroutines after they deliver what is already
// queued, or when ctx ends, whichever is first. Events put after Close
// are refused.
func (s *Service) Close(ctx context.Context) {
	s.closeOne.Do(func() {
		close(s.stop)
		done := make(chan struct{})
		go func() { s.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
		}
	})
}

// Collectors returns the service's Prometheus metrics.
func (s *Service) Collectors() []prometheus.Collector { return s.metrics.collectors() }

// busName accepts a bus name or ARN, "" meaning the default bus.
func busName(nameOrARN string) string {
	if nameOrARN == "" {
		return DefaultBus
	}
	if r, ok := parseARN(nameOrARN); ok && r.service == "events" {
		if name, ok := strings.CutPrefix(r.resource, "event-bus/"); ok {
			return name
		}
	}
	return nameOrARN
}

// checkBus returns model.ErrNotFound unless the bus exists.
func (s *Service) checkBus(ctx context.Context, accountID, bus string) error {
	if bus == DefaultBus {
		return nil
	}
	_, err := s.store.GetEventBus(ctx, accountID, bus)
	return err
}
