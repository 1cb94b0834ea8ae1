package events

import "github.com/prometheus/client_golang/prometheus"

// serviceMetrics count what happens to events after PutEvents accepted
// them, which no API response shows.
type serviceMetrics struct {
	accepted   prometheus.Counter
	dropped    prometheus.Counter
	matched    prometheus.Counter
	deliveries *prometheus.CounterVec
}

func newServiceMetrics() *serviceMetrics {
	return &serviceMetrics{
		accepted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "openwatch_events_accepted_total",
			Help: "Events queued for matching: put, published by other services or scheduled.",
		}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "openwatch_events_dropped_total",
			Help: "Events refused because the delivery queue was full or the service was closing.",
		}),
		matched: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "openwatch_events_rule_matches_total",
			Help: "Event and rule pairs that matched.",
		}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "openwatch_events_target_deliveries_total",
			Help: "Deliveries to rule targets by target type and outcome (ok or failed).",
		}, []string{"target", "outcome"}),
	}
}

func (m *serviceMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.accepted, m.dropped, m.matched, m.deliveries}
}
