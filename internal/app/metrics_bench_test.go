//go:build unix

package app

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
	"github.com/openwatch/openwatch/internal/storage/metricstore"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

var benchSink atomic.Int64

// BenchmarkPutMetricData ingests through the service into the real store
// on disk: requests of 1000 single-value data, each datum its own series
// (1000 series per writer), with concurrent writers sharing the WAL's
// group commit: GOMAXPROCS of them, and four times as many, as when a
// server takes requests from many clients and some wait out an fsync
// while others are decoded and validated.
func BenchmarkPutMetricData(b *testing.B) {
	for _, perProc := range []int{1, 4} {
		b.Run(fmt.Sprintf("writers=%dxGOMAXPROCS", perProc), func(b *testing.B) {
			benchPutMetricData(b, perProc)
		})
	}
}

func benchPutMetricData(b *testing.B, perProc int) {
	st, err := metricstore.Open(context.Background(), vfs.Default, b.TempDir(), metricstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := st.Close(); err != nil {
			b.Error(err)
		}
	}()
	now := time.Now()
	svc := metrics.New(metricStore{st}, metrics.Options{Now: func() time.Time { return now }})
	start := now.Add(-13 * 24 * time.Hour).UnixMilli()
	var writers atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(perProc)
	began := time.Now()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := writers.Add(1)
		data := make([]metrics.Datum, 1000)
		for i := range data {
			data[i].MetricName = "Requests"
			data[i].Dimensions = []model.Dimension{{Name: "Writer", Value: fmt.Sprint(w)}, {Name: "Host", Value: fmt.Sprintf("h-%04d", i)}}
			data[i].Unit = "Count"
			data[i].Stamped = true
		}
		vals := make([]float64, len(data))
		for step := int64(0); pb.Next(); step++ {
			for i := range data {
				vals[i] = float64(step%100 + int64(i))
				data[i].Value = &vals[i]
				data[i].Timestamp = start + step*1000
			}
			if err := svc.PutMetricData(context.Background(), testAccount, metrics.PutMetricDataInput{Namespace: "Bench", MetricData: data}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)*1000/time.Since(began).Seconds(), "datapoints/s")
	// On a shared machine the rate says little; the CPU the process
	// spent per datapoint, over every core, says what ingest costs.
	b.ReportMetric(float64((cpuTime(b)-cpu0).Nanoseconds())/float64(b.N)/1000, "cpu-ns/datapoint")
}

// benchData is 1000 series with one point a minute for the last 15 days,
// loaded once for the GetMetricData benchmarks.
var benchData struct {
	once sync.Once
	svc  *metrics.Service
	now  time.Time
	err  error
}

const (
	benchSeries = 1000
	benchDays   = 15
)

func loadBenchData(b *testing.B) (*metrics.Service, time.Time) {
	d := &benchData
	d.once.Do(func() {
		// Small segments: the memory file system copies a whole segment
		// on every fsync.
		st, err := metricstore.Open(context.Background(), vfs.NewMem(), "metrics", metricstore.Options{SegmentSize: 8 << 20})
		if err != nil {
			d.err = err
			return
		}
		d.now = time.Now().UTC().Truncate(time.Minute)
		start := d.now.Add(-benchDays * 24 * time.Hour).UnixMilli()
		adapter := metricStore{st}
		const minutesPerBatch = 60
		batch := make([]model.MetricDatum, 0, benchSeries*minutesPerBatch)
		vals := make([]float64, benchSeries*minutesPerBatch)
		for m0 := 0; m0 < benchDays*1440; m0 += minutesPerBatch {
			batch = batch[:0]
			for s := range benchSeries {
				dims := []model.Dimension{{Name: "Host", Value: fmt.Sprintf("h-%04d", s)}}
				for m := m0; m < m0+minutesPerBatch; m++ {
					v := &vals[len(batch)]
					*v = math.Round((50+20*math.Sin(float64(m)/60+float64(s)))*100) / 100
					batch = append(batch, model.MetricDatum{AccountID: testAccount, Namespace: "Bench", MetricName: "Load",
						Dimensions: dims, Timestamp: start + int64(m)*60_000, Value: v, Unit: "Percent"})
				}
			}
			if err := adapter.Add(context.Background(), batch); err != nil {
				d.err = err
				return
			}
		}
		if _, err := st.Compact(context.Background(), d.now.UnixMilli()); err != nil {
			d.err = err
			return
		}
		// The snapshot replaces the WAL, which lives in memory here.
		if err := st.Checkpoint(context.Background()); err != nil {
			d.err = err
			return
		}
		d.svc = metrics.New(adapter, metrics.Options{Now: func() time.Time { return d.now }})
	})
	if d.err != nil {
		b.Fatal(d.err)
	}
	return d.svc, d.now
}

// BenchmarkGetMetricData reads 1000 series × 15 days: SUM over a SEARCH
// that matches all of them, of which it reads 500, CloudWatch's limit for
// one SEARCH, at 60 s (10.8 million datapoints in, 21,600 out) and at
// coarser periods, and one series over the same range. The store alone
// reads all 1000 in metricstore's BenchmarkQuery.
func BenchmarkGetMetricData(b *testing.B) {
	svc, now := loadBenchData(b)
	start := now.Add(-benchDays * 24 * time.Hour).UnixMilli()
	for _, c := range []struct {
		name   string
		query  metrics.MetricDataQuery
		points int
	}{
		{"search-sum/period=60", metrics.MetricDataQuery{ID: "e1", Expression: `SUM(SEARCH('{Bench,Host} Load', 'Average', 60))`}, benchDays * 1440},
		{"search-sum/period=300", metrics.MetricDataQuery{ID: "e1", Expression: `SUM(SEARCH('{Bench,Host} Load', 'Average', 300))`}, benchDays * 288},
		{"search-sum/period=3600", metrics.MetricDataQuery{ID: "e1", Expression: `SUM(SEARCH('{Bench,Host} Load', 'Average', 3600))`}, benchDays * 24},
		{"one-series/period=60", metrics.MetricDataQuery{ID: "m1", MetricStat: &metrics.MetricStat{
			Metric: metrics.Metric{Namespace: "Bench", MetricName: "Load", Dimensions: []model.Dimension{{Name: "Host", Value: "h-0007"}}},
			Period: 60, Stat: "p99"}}, benchDays * 1440},
	} {
		b.Run(c.name, func(b *testing.B) {
			in := metrics.GetMetricDataInput{StartTime: start, EndTime: now.UnixMilli(), MetricDataQueries: []metrics.MetricDataQuery{c.query}}
			b.ReportAllocs()
			cpu0 := cpuTime(b)
			for b.Loop() {
				out, err := svc.GetMetricData(context.Background(), testAccount, in)
				if err != nil {
					b.Fatal(err)
				}
				if len(out.MetricDataResults) != 1 || len(out.MetricDataResults[0].Values) < c.points-2 {
					b.Fatalf("%d results, %d points; want about %d", len(out.MetricDataResults), len(out.MetricDataResults[0].Values), c.points)
				}
				benchSink.Add(int64(len(out.MetricDataResults[0].Values)))
			}
			// On a shared machine wall time says little; the CPU the
			// process spent, over every core, says what a query costs.
			b.ReportMetric(float64((cpuTime(b)-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
