package logs

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/openwatch/openwatch/internal/model"
)

const (
	// metricFilterCacheTTL bounds how long a group's compiled filters are
	// used without reading the catalog again. This Service invalidates
	// its cache at once on changes; the TTL covers changes made through
	// another node sharing the catalog.
	metricFilterCacheTTL = 30 * time.Second
	// maxCachedGroups bounds the cache; past it the cache starts over,
	// which costs one catalog read per group.
	maxCachedGroups = 10000
)

// MetricFilterObserver evaluates the metric filters of a log group on every
// acknowledged PutLogEvents batch and writes the datapoints to a
// MetricSink, so metrics follow ingest within the same request. Attach it
// through Options.Observers; the Service then tells it when filters
// change. It is safe for concurrent use.
//
// Per event and filter, as CloudWatch does:
//   - a matching event publishes the metric value (the literal, or the
//     extracted field read as a number; an event whose field is missing or
//     not a number publishes nothing), with the dimensions read from the
//     event (an event lacking one publishes nothing);
//   - an event that does not match publishes the default value when the
//     filter has one (it never has dimensions).
//
// Datapoints carry the event's timestamp and standard (60 s) resolution;
// the metric store aggregates them per period.
type MetricFilterObserver struct {
	filters MetricFilterLister
	sink    MetricSink
	now     func() time.Time
	log     *slog.Logger

	mu sync.Mutex
	// gen counts invalidations, so a load that raced with one does not
	// cache what it read.
	gen   uint64
	cache map[int64]cachedFilters

	datapoints, writeErrors, loadErrors, skipped prometheus.Counter
}

// cachedFilters are a group's compiled filters, sorted by name.
type cachedFilters struct {
	filters []*compiledFilter
	loaded  time.Time
}

// NewMetricFilterObserver returns an observer that reads filters from cat
// and writes datapoints to sink.
func NewMetricFilterObserver(cat MetricFilterLister, sink MetricSink, opts ObserverOptions) *MetricFilterObserver {
	opts = opts.withDefaults()
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Name: "openwatch_metric_filter_" + name, Help: help})
	}
	return &MetricFilterObserver{
		filters:     cat,
		sink:        sink,
		now:         opts.Now,
		log:         opts.Logger,
		cache:       map[int64]cachedFilters{},
		datapoints:  counter("datapoints_total", "Datapoints metric filters wrote to the metric store."),
		writeErrors: counter("write_errors_total", "Datapoints of metric filters the metric store refused or failed to store."),
		loadErrors:  counter("load_errors_total", "Failures to read or compile a log group's metric filters."),
		skipped:     counter("skipped_events_total", "Matching events that published nothing because a value or dimension field was missing or not a number."),
	}
}

// Collectors returns the observer's Prometheus metrics.
func (o *MetricFilterObserver) Collectors() []prometheus.Collector {
	return []prometheus.Collector{o.datapoints, o.writeErrors, o.loadErrors, o.skipped}
}

// ObserveIngest implements IngestObserver.
func (o *MetricFilterObserver) ObserveIngest(ctx context.Context, group model.LogGroup, _ model.LogStream, events []model.StoredEvent) {
	// The batch is acknowledged whatever happens here; a client that hangs
	// up now must not cost the batch its metrics.
	ctx = context.WithoutCancel(ctx)
	filters, err := o.filtersOf(ctx, group)
	if err != nil {
		o.loadErrors.Inc()
		o.log.Warn("cannot read metric filters; the batch publishes no metrics", "group", group.Name, "err", err)
		return
	}
	if len(filters) == 0 {
		return
	}
	w := newDatumWriter(ctx, o.sink, group.AccountID)
	skipped := 0
	for _, f := range filters {
		for i := range events {
			switch d, r := f.evaluate(&events[i]); r {
			case publishDatum:
				w.add(d)
			case skipEvent:
				skipped++
			}
		}
	}
	w.flush()
	o.skipped.Add(float64(skipped))
	o.datapoints.Add(float64(w.written))
	if w.failed > 0 {
		o.writeErrors.Add(float64(w.failed))
		o.log.Warn("cannot write metric filter datapoints", "group", group.Name, "datapoints", w.failed, "err", w.err)
	}
}

// invalidate drops a group's cached filters after they changed.
func (o *MetricFilterObserver) invalidate(groupID int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.cache, groupID)
	o.gen++
}

// filtersOf returns the group's compiled filters, from the cache when it
// is fresh. A stored filter that no longer compiles is logged and left
// out; the others still run.
func (o *MetricFilterObserver) filtersOf(ctx context.Context, g model.LogGroup) ([]*compiledFilter, error) {
	now := o.now()
	o.mu.Lock()
	c, ok := o.cache[g.ID]
	gen := o.gen
	o.mu.Unlock()
	if ok && now.Sub(c.loaded) < metricFilterCacheTTL {
		return c.filters, nil
	}
	list, err := o.filters.ListMetricFilters(ctx, g.AccountID, model.MetricFilterQuery{GroupID: g.ID})
	if err != nil {
		return nil, err
	}
	compiled := make([]*compiledFilter, 0, len(list))
	for _, f := range list {
		cf, err := compileMetricFilter(f)
		if err != nil {
			o.loadErrors.Inc()
			o.log.Warn("stored metric filter does not compile; skipping it", "group", g.Name, "filter", f.Name, "err", err)
			continue
		}
		compiled = append(compiled, cf)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.gen == gen {
		if len(o.cache) >= maxCachedGroups {
			o.cache = map[int64]cachedFilters{}
		}
		o.cache[g.ID] = cachedFilters{filters: compiled, loaded: now}
	}
	return compiled, nil
}

// outcome is what a filter makes of one event.
type outcome uint8

const (
	// noDatum: nothing to publish (no match and no default value).
	noDatum outcome = iota
	// publishDatum: the datum is to be published.
	publishDatum
	// skipEvent: the event matched but its value or a dimension is
	// unusable.
	skipEvent
)

// evaluate applies the filter to one event.
func (f *compiledFilter) evaluate(e *model.StoredEvent) (model.MetricDatum, outcome) {
	var (
		matched bool
		fields  map[string]string
	)
	if f.needFields {
		matched, fields = f.pattern.MatchFields(e.Message)
	} else {
		matched = f.pattern.Match(e.Message)
	}
	d := model.MetricDatum{
		Namespace:         f.namespace,
		MetricName:        f.metric,
		Timestamp:         e.Timestamp,
		Unit:              f.unit,
		StorageResolution: metricFilterResolution,
	}
	if !matched {
		if f.def == nil || len(f.dims) > 0 {
			return model.MetricDatum{}, noDatum
		}
		v := *f.def
		d.Value = &v
		return d, publishDatum
	}
	v := f.literal
	if f.valueRef != "" {
		text, ok := f.field(e.Message, fields, f.valueRef)
		if !ok {
			return model.MetricDatum{}, skipEvent
		}
		if v, ok = parseMetricNumber(text); !ok {
			return model.MetricDatum{}, skipEvent
		}
	}
	d.Value = &v
	if len(f.dims) > 0 {
		d.Dimensions = make([]model.Dimension, len(f.dims))
		for i, dim := range f.dims {
			text, ok := f.field(e.Message, fields, dim.ref)
			if !ok || text == "" {
				return model.MetricDatum{}, skipEvent
			}
			// The text may be part of the message, whose memory is the
			// request's; the metric store keeps dimension values.
			d.Dimensions[i] = model.Dimension{Name: dim.name, Value: strings.Clone(text)}
		}
	}
	return d, publishDatum
}

// field reads a value or dimension reference from an event: from the
// fields the match returned when the pattern names it, else by reading
// the message as JSON.
func (f *compiledFilter) field(msg string, fields map[string]string, ref string) (string, bool) {
	if v, ok := fields[ref]; ok {
		return v, true
	}
	if strings.HasPrefix(ref, "$.") {
		return f.pattern.Extract(msg, ref)
	}
	return "", false
}
