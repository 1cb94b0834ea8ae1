package logs

import (
	"context"
	"errors"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/emf"
)

// EMFObserver turns log events written in CloudWatch Embedded Metric
// Format into datapoints on every acknowledged PutLogEvents batch (see
// package emf for the format). An event that is not valid EMF is stored
// as usual and publishes nothing. It is safe for concurrent use.
type EMFObserver struct {
	sink MetricSink
	log  *slog.Logger

	datapoints, writeErrors, invalid prometheus.Counter
}

// NewEMFObserver returns an observer that writes EMF datapoints to sink.
func NewEMFObserver(sink MetricSink, opts ObserverOptions) *EMFObserver {
	opts = opts.withDefaults()
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Name: "openwatch_emf_" + name, Help: help})
	}
	return &EMFObserver{
		sink:        sink,
		log:         opts.Logger,
		datapoints:  counter("datapoints_total", "Datapoints of Embedded Metric Format logs written to the metric store."),
		writeErrors: counter("write_errors_total", "Datapoints of Embedded Metric Format logs the metric store refused or failed to store."),
		invalid:     counter("invalid_documents_total", "Log events that declare embedded metrics but break the format; they publish nothing."),
	}
}

// Collectors returns the observer's Prometheus metrics.
func (o *EMFObserver) Collectors() []prometheus.Collector {
	return []prometheus.Collector{o.datapoints, o.writeErrors, o.invalid}
}

// ObserveIngest implements IngestObserver.
func (o *EMFObserver) ObserveIngest(ctx context.Context, group model.LogGroup, _ model.LogStream, events []model.StoredEvent) {
	// The batch is acknowledged whatever happens here; a client that hangs
	// up now must not cost the batch its metrics.
	w := newDatumWriter(context.WithoutCancel(ctx), o.sink, group.AccountID)
	invalid := 0
	var firstErr error
	for i := range events {
		e := &events[i]
		if !emf.IsCandidate(e.Message) {
			continue
		}
		data, err := emf.Decode(e.Message, e.Timestamp)
		switch {
		case errors.Is(err, emf.ErrNotEMF):
			continue
		case err != nil:
			invalid++
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		for _, d := range data {
			w.add(d)
		}
	}
	w.flush()
	o.datapoints.Add(float64(w.written))
	if invalid > 0 {
		o.invalid.Add(float64(invalid))
		o.log.Debug("log events with invalid embedded metrics", "group", group.Name, "events", invalid, "first", firstErr)
	}
	if w.failed > 0 {
		o.writeErrors.Add(float64(w.failed))
		o.log.Warn("cannot write embedded metric datapoints", "group", group.Name, "datapoints", w.failed, "err", w.err)
	}
}
