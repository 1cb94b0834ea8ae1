package events

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

func value(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

func deliveries(s *Service, target, outcome string) float64 {
	return value(s.metrics.deliveries.WithLabelValues(target, outcome))
}

func matches(s *Service) float64 { return value(s.metrics.matched) }

func TestMetricsRegister(t *testing.T) {
	s, _, _ := newTestService(t, Options{})
	reg := prometheus.NewRegistry()
	if err := reg.Register(prometheus.Collector(s.metrics.accepted)); err != nil {
		t.Fatal(err)
	}
	for _, c := range s.Collectors()[1:] {
		reg.MustRegister(c)
	}
}
