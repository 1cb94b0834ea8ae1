package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
	"github.com/openwatch/openwatch/internal/storage/metricstore"
)

// How often the metric store's background maintenance runs: Compact seals
// old heads and applies retention; Checkpoint bounds the WAL that a
// restart replays.
const (
	metricsCompactEvery    = time.Minute
	metricsCheckpointEvery = 10 * time.Minute
)

// metricStore adapts storage/metricstore to the metrics service's
// MetricStore port.
type metricStore struct{ s *metricstore.Store }

var (
	_ metrics.MetricStore   = metricStore{}
	_ metrics.SeriesScanner = metricStore{}
)

// seriesKey is the store's key of a metric. It shares the metric's
// dimensions, which the store only reads.
func seriesKey(account string, m metrics.Metric) metricstore.SeriesKey {
	return metricstore.SeriesKey{AccountID: account, Namespace: m.Namespace, MetricName: m.MetricName, Dimensions: m.Dimensions}
}

// pointsPool recycles the points of Add, which the store does not keep,
// for batches of up to maxPooledPoints.
var pointsPool = sync.Pool{New: func() any { return new([]metricstore.Point) }}

const maxPooledPoints = 4096

// Add stores the data as points, one per datum.
func (m metricStore) Add(ctx context.Context, data []model.MetricDatum) error {
	pp := pointsPool.Get().(*[]metricstore.Point)
	defer func() {
		clear(*pp)
		if cap(*pp) <= maxPooledPoints {
			pointsPool.Put(pp)
		}
	}()
	if cap(*pp) < len(data) {
		*pp = make([]metricstore.Point, len(data))
	}
	pts := (*pp)[:len(data)]
	*pp = pts
	for i := range data {
		d := &data[i]
		unit, err := metricstore.ParseUnit(d.Unit)
		if err != nil {
			return err
		}
		p := metricstore.Point{
			Key:               seriesKey(d.AccountID, metrics.Metric{Namespace: d.Namespace, MetricName: d.MetricName, Dimensions: d.Dimensions}),
			Timestamp:         d.Timestamp,
			Unit:              unit,
			StorageResolution: d.StorageResolution,
			Values:            d.Values,
			Counts:            d.Counts,
			Stats:             d.Stats,
		}
		if d.Value != nil {
			p.Value = *d.Value
		}
		pts[i] = p
	}
	return m.s.Add(ctx, pts)
}

// Query reads one series; the store aggregates each unit apart.
func (m metricStore) Query(ctx context.Context, q metrics.SeriesQuery) ([]metrics.SeriesStats, error) {
	sq, err := storeQuery(q)
	if err != nil {
		return nil, err
	}
	key := seriesKey(q.AccountID, q.Metric)
	sq.Key = &key
	res, err := m.s.Query(ctx, sq)
	if err != nil {
		return nil, err
	}
	out := make([]metrics.SeriesStats, len(res))
	for i, r := range res {
		out[i] = metrics.SeriesStats{Unit: r.Unit.String(), Timestamps: r.Timestamps, Values: r.Values}
	}
	return out, nil
}

// QueryEach reads many series in one pass of the store.
func (m metricStore) QueryEach(ctx context.Context, q metrics.SeriesQuery, ms []metrics.Metric, concurrency int, fn func(int, *metrics.SeriesStats) error) error {
	sq, err := storeQuery(q)
	if err != nil {
		return err
	}
	sq.Keys = make([]metricstore.SeriesKey, len(ms))
	for i, mt := range ms {
		sq.Keys[i] = seriesKey(q.AccountID, mt)
	}
	sq.Concurrency = concurrency
	var out metrics.SeriesStats
	return m.s.QueryEach(ctx, sq, func(i int, r *metricstore.SeriesResult) error {
		out = metrics.SeriesStats{Unit: r.Unit.String(), Timestamps: r.Timestamps, Values: r.Values}
		return fn(i, &out)
	})
}

// storeQuery translates a query of the service, but for its metric.
func storeQuery(q metrics.SeriesQuery) (metricstore.Query, error) {
	stats := make([]metricstore.Statistic, len(q.Statistics))
	for i, name := range q.Statistics {
		st, err := metricstore.ParseStatistic(name)
		if err != nil {
			return metricstore.Query{}, err
		}
		stats[i] = st
	}
	unit, err := metricstore.ParseUnit(q.Unit)
	if err != nil {
		return metricstore.Query{}, err
	}
	return metricstore.Query{Start: q.Start, End: q.End, Period: q.Period, Statistics: stats, Unit: unit, Now: q.Now}, nil
}

// List lists series keys as metrics.
func (m metricStore) List(ctx context.Context, q metrics.ListQuery) ([]metrics.Metric, string, error) {
	f := metricstore.Filter{AccountID: q.AccountID, Namespace: q.Namespace, MetricName: q.MetricName, RecentlyActive: q.RecentlyActive}
	for _, d := range q.Dimensions {
		f.Dimensions = append(f.Dimensions, metricstore.DimensionFilter{Name: d.Name, Value: d.Value})
	}
	keys, next, err := m.s.ListMetrics(ctx, metricstore.ListQuery{Filter: f, Now: q.Now, Limit: q.Limit, NextToken: q.NextToken})
	if err != nil {
		return nil, "", err
	}
	out := make([]metrics.Metric, len(keys))
	for i, k := range keys {
		mt := metrics.Metric{Namespace: k.Namespace, MetricName: k.MetricName, Dimensions: make([]model.Dimension, len(k.Dimensions))}
		copy(mt.Dimensions, k.Dimensions)
		out[i] = mt
	}
	return out, next, nil
}

// maintainer runs the metric store's Compact and Checkpoint on a schedule
// until stopped.
type maintainer struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startMetricsMaintenance starts the background maintenance of s.
func startMetricsMaintenance(s *metricstore.Store, log *slog.Logger) *maintainer {
	ctx, cancel := context.WithCancel(context.Background())
	m := &maintainer{cancel: cancel}
	m.wg.Go(func() {
		compact := time.NewTicker(metricsCompactEvery)
		defer compact.Stop()
		checkpoint := time.NewTicker(metricsCheckpointEvery)
		defer checkpoint.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-compact.C:
				if st, err := s.Compact(ctx, now.UnixMilli()); err != nil && ctx.Err() == nil {
					log.Warn("metric store compaction failed", "err", err)
				} else if st.SeriesDeleted > 0 || st.RollupsDropped > 0 {
					log.Debug("metric store compacted", "sealed", st.Sealed, "raw_dropped", st.RawDropped,
						"rollups_dropped", st.RollupsDropped, "rollups_merged", st.RollupsMerged, "series_deleted", st.SeriesDeleted)
				}
			case <-checkpoint.C:
				if err := s.Checkpoint(ctx); err != nil && ctx.Err() == nil {
					log.Warn("metric store checkpoint failed", "err", err)
				}
			}
		}
	})
	return m
}

// stop ends the maintenance and waits for a running step to return.
func (m *maintainer) stop() {
	m.cancel()
	m.wg.Wait()
}

// registerMetricStoreGauges exposes the metric store's size on /metrics.
func registerMetricStoreGauges(reg *prometheus.Registry, s *metricstore.Store) error {
	gauges := []struct {
		name, help string
		value      func(metricstore.Stats) float64
	}{
		{"openwatch_metricstore_series", "Series in the metric store.", func(st metricstore.Stats) float64 { return float64(st.Series) }},
		{"openwatch_metricstore_chunk_bytes", "Encoded size of the metric store's sealed chunks.", func(st metricstore.Stats) float64 { return float64(st.ChunkBytes) }},
		{"openwatch_metricstore_checkpoints", "Checkpoints written since the metric store was opened.", func(st metricstore.Stats) float64 { return float64(st.Checkpoints) }},
	}
	for _, g := range gauges {
		value := g.value
		if err := reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: g.name, Help: g.help}, func() float64 { return value(s.Stats()) })); err != nil {
			return fmt.Errorf("cannot register %s: %w", g.name, err)
		}
	}
	return nil
}
