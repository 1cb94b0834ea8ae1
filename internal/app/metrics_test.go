package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
	"github.com/openwatch/openwatch/internal/storage/metricstore"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

const testAccount = "123456789012"

func openMetricStore(t testing.TB) *metricstore.Store {
	t.Helper()
	s, err := metricstore.Open(context.Background(), vfs.NewMem(), "metrics", metricstore.Options{})
	if err != nil {
		t.Fatalf("open metric store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close metric store: %v", err)
		}
	})
	return s
}

// sample is one raw value as a client sent it.
type sample struct {
	t    int64 // epoch ms
	v    float64
	unit string
}

// TestMetricStatisticsAgainstBruteForce puts random values (single values,
// distributions with counts, and statistic sets) through the service into
// the real store, then checks GetMetricStatistics against statistics
// computed from the raw samples: exact for SampleCount, Sum, Minimum,
// Maximum and Average, within the store's 1% for percentiles.
func TestMetricStatisticsAgainstBruteForce(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Hour)
	svc := metrics.New(metricStore{openMetricStore(t)}, metrics.Options{Now: func() time.Time { return now }})
	rng := rand.New(rand.NewPCG(11, 12))
	base := now.Add(-6 * time.Hour).UnixMilli()
	var all []sample
	var data []metrics.Datum
	flush := func() {
		if len(data) == 0 {
			return
		}
		if err := svc.PutMetricData(context.Background(), testAccount, metrics.PutMetricDataInput{Namespace: "Brute", MetricData: data}); err != nil {
			t.Fatalf("PutMetricData: %v", err)
		}
		data = data[:0]
	}
	dims := []model.Dimension{{Name: "Host", Value: "h1"}, {Name: "AZ", Value: "a"}}
	for i := range 3000 {
		ts := base + rng.Int64N(6*3600_000)
		unit := "Milliseconds"
		if i%10 == 0 {
			unit = "Seconds"
		}
		d := metrics.Datum{Stamped: true, MetricDatum: model.MetricDatum{MetricName: "Latency", Dimensions: dims, Timestamp: ts, Unit: unit}}
		switch i % 3 {
		case 0:
			v := math.Round(rng.ExpFloat64()*10000) / 100
			d.Value = &v
			all = append(all, sample{ts, v, unit})
		case 1:
			n := 1 + rng.IntN(5)
			for range n {
				v := math.Round(rng.Float64()*50000) / 100
				c := float64(1 + rng.IntN(3))
				d.Values, d.Counts = append(d.Values, v), append(d.Counts, c)
				for range int(c) {
					all = append(all, sample{ts, v, unit})
				}
			}
		default:
			// A statistic set of equal samples keeps percentiles exact.
			v := float64(rng.IntN(300))
			c := float64(1 + rng.IntN(4))
			d.Stats = &model.StatisticSet{SampleCount: c, Sum: v * c, Minimum: v, Maximum: v}
			for range int(c) {
				all = append(all, sample{ts, v, unit})
			}
		}
		data = append(data, d)
		if len(data) == 1000 {
			flush()
		}
	}
	flush()

	for _, period := range []int64{60, 300, 3600} {
		for _, unit := range []string{"Milliseconds", "Seconds"} {
			out, err := svc.GetMetricStatistics(context.Background(), testAccount, metrics.GetMetricStatisticsInput{
				Namespace: "Brute", MetricName: "Latency", Dimensions: []model.Dimension{dims[1], dims[0]},
				StartTime: base, EndTime: now.UnixMilli(), Period: period, Unit: unit,
				Statistics: []string{"SampleCount", "Sum", "Minimum", "Maximum", "Average"},
			})
			if err != nil {
				t.Fatalf("GetMetricStatistics: %v", err)
			}
			ext, err := svc.GetMetricStatistics(context.Background(), testAccount, metrics.GetMetricStatisticsInput{
				Namespace: "Brute", MetricName: "Latency", Dimensions: dims,
				StartTime: base, EndTime: now.UnixMilli(), Period: period, Unit: unit, ExtendedStatistics: []string{"p50", "p99"},
			})
			if err != nil {
				t.Fatalf("GetMetricStatistics: %v", err)
			}
			if len(ext.Datapoints) != len(out.Datapoints) {
				t.Fatalf("%d datapoints with percentiles, %d without", len(ext.Datapoints), len(out.Datapoints))
			}
			var covered float64
			for i, dp := range out.Datapoints {
				var vals []float64
				var sum float64
				for _, s := range all {
					if s.unit == unit && s.t/60_000*60_000 >= dp.Timestamp && s.t/60_000*60_000 < dp.Timestamp+period*1000 {
						vals = append(vals, s.v)
						sum += s.v
					}
				}
				slices.Sort(vals)
				n := float64(len(vals))
				label := fmt.Sprintf("period %d unit %s at %s", period, unit, time.UnixMilli(dp.Timestamp).UTC())
				if dp.Unit != unit || *dp.SampleCount != n || *dp.Minimum != vals[0] || *dp.Maximum != vals[len(vals)-1] ||
					!within(*dp.Sum, sum, 1e-9) || !within(*dp.Average, sum/n, 1e-9) {
					t.Fatalf("%s: %+v, want n=%v sum=%v min=%v max=%v", label, dp, n, sum, vals[0], vals[len(vals)-1])
				}
				for _, p := range []float64{50, 99} {
					want := vals[int(math.Ceil(p/100*n))-1]
					got := ext.Datapoints[i].ExtendedStatistics[fmt.Sprintf("p%g", p)]
					if !within(got, want, 0.0101) {
						t.Fatalf("%s: p%g = %v, want %v within 1%%", label, p, got, want)
					}
				}
				covered += n
			}
			var want float64
			for _, s := range all {
				if s.unit == unit {
					want++
				}
			}
			if covered != want {
				t.Fatalf("period %d unit %s: datapoints cover %v samples, want %v", period, unit, covered, want)
			}
		}
	}
}

// within reports whether a and b agree within relative error rel.
func within(a, b, rel float64) bool {
	return a == b || math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

// TestMetricStoreAdapter checks what the adapter passes each way: units,
// statistics, listing filters and pages, and the store's errors.
func TestMetricStoreAdapter(t *testing.T) {
	ctx := context.Background()
	s := metricStore{openMetricStore(t)}
	now := time.Now().UnixMilli() / 60_000 * 60_000
	one := 1.0
	var data []model.MetricDatum
	for i := range 3 {
		data = append(data, model.MetricDatum{AccountID: testAccount, Namespace: "App", MetricName: "Hits",
			Dimensions: []model.Dimension{{Name: "Host", Value: fmt.Sprint("h", i)}}, Timestamp: now - 60_000, Value: &one, Unit: "Count"})
	}
	data = append(data, model.MetricDatum{AccountID: testAccount, Namespace: "App", MetricName: "Hits",
		Dimensions: []model.Dimension{{Name: "Host", Value: "h0"}}, Timestamp: now - 60_000, Values: []float64{2, 3}, Counts: []float64{1, 2}})
	if err := s.Add(ctx, data); err != nil {
		t.Fatalf("Add: %v", err)
	}
	res, err := s.Query(ctx, metrics.SeriesQuery{AccountID: testAccount, Metric: metrics.Metric{Namespace: "App", MetricName: "Hits",
		Dimensions: []model.Dimension{{Name: "Host", Value: "h0"}}}, Start: now - 60_000, End: now, Period: 60, Statistics: []string{"Sum", "SampleCount"}})
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	// Units come in the store's order, None first.
	want := []metrics.SeriesStats{
		{Unit: "None", Timestamps: []int64{now - 60_000}, Values: [][]float64{{8}, {3}}},
		{Unit: "Count", Timestamps: []int64{now - 60_000}, Values: [][]float64{{1}, {1}}},
	}
	if fmt.Sprint(res) != fmt.Sprint(want) {
		t.Fatalf("Query = %v, want %v", res, want)
	}
	if _, err := s.Query(ctx, metrics.SeriesQuery{AccountID: testAccount, Metric: metrics.Metric{Namespace: "App", MetricName: "Hits"},
		Start: now - 60_000, End: now, Period: 60, Statistics: []string{"Median"}}); err == nil {
		t.Fatal("an unknown statistic was accepted")
	}

	page, next, err := s.List(ctx, metrics.ListQuery{AccountID: testAccount, Namespace: "App", Now: now, Limit: 2})
	if err != nil || len(page) != 2 || next == "" || page[0].Dimensions[0].Name != "Host" {
		t.Fatalf("List page 1: %v %q %v", page, next, err)
	}
	rest, next, err := s.List(ctx, metrics.ListQuery{AccountID: testAccount, Namespace: "App", Now: now, Limit: 2, NextToken: next})
	if err != nil || len(rest) != 1 || next != "" {
		t.Fatalf("List page 2: %v %q %v", rest, next, err)
	}
	one1, _, err := s.List(ctx, metrics.ListQuery{AccountID: testAccount, Dimensions: []metrics.DimensionFilter{{Name: "Host", Value: "h2"}}, Now: now})
	if err != nil || len(one1) != 1 || one1[0].Dimensions[0].Value != "h2" {
		t.Fatalf("List by dimension: %v %v", one1, err)
	}
}

func TestMetricsMaintenanceStops(t *testing.T) {
	m := startMetricsMaintenance(openMetricStore(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	done := make(chan struct{})
	go func() {
		m.stop()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("maintenance did not stop")
	}
}
