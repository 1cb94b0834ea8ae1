package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// plainStore hides the SeriesScanner extension of the adapter, so that the
// service reads SEARCH results one series at a time.
type plainStore struct{ metrics.MetricStore }

// TestSearchScanMatchesPerSeries checks GetMetricData SEARCH expressions
// over the real store read in one pass (the adapter's QueryEach, with
// pooled query workers and pooled value slabs) against the same read one
// series at a time: metrics with data in one unit or two, with gaps,
// dimensions given in any order, at periods served by raw points and by
// every rollup tier, several times over so that pooled space is reused.
func TestSearchScanMatchesPerSeries(t *testing.T) {
	ctx := context.Background()
	adapter := metricStore{openMetricStore(t)}
	now := time.Now().UTC().Truncate(time.Hour)
	clock := metrics.Options{Now: func() time.Time { return now }, Concurrency: 2}
	fast := metrics.New(adapter, clock)
	slow := metrics.New(plainStore{adapter}, clock)
	rng := rand.New(rand.NewPCG(3, 3))
	start := now.Add(-26 * time.Hour)
	var data []model.MetricDatum
	flush := func() {
		if err := adapter.Add(ctx, data); err != nil {
			t.Fatal(err)
		}
		data = data[:0]
	}
	for h := range 12 {
		dims := []model.Dimension{{Name: "Zone", Value: fmt.Sprint("z", h%3)}, {Name: "Host", Value: fmt.Sprint("h", h)}}
		for m := 0; m < 26*60; m += 1 + rng.IntN(h+1) {
			v := float64(rng.IntN(10000)) / 100
			unit := "Percent"
			if h == 5 && m%7 == 0 {
				unit = "Count"
			}
			data = append(data, model.MetricDatum{AccountID: testAccount, Namespace: "Fleet", MetricName: "Load",
				Dimensions: dims, Timestamp: start.Add(time.Duration(m) * time.Minute).UnixMilli(), Value: &v, Unit: unit})
			if len(data) == 1000 {
				flush()
			}
		}
	}
	flush()
	// Seal the heads, so that rollup tiers hold most of the data.
	if _, err := adapter.s.Compact(ctx, now.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		for _, expr := range []string{
			`SEARCH('{Fleet,Host,Zone} Load', 'Average', 60)`,
			`SEARCH('{Fleet,Host,Zone} Load', 'Sum', 300)`,
			`SEARCH('{Fleet,Host,Zone} Zone="z1"', 'p90', 3600)`,
			`SEARCH('{Fleet,Host,Zone} Load', 'SampleCount', 120)`,
			`SUM(SEARCH('{Fleet,Host,Zone} Load', 'Maximum', 60))`,
		} {
			in := metrics.GetMetricDataInput{StartTime: start.UnixMilli(), EndTime: now.UnixMilli(),
				MetricDataQueries: []metrics.MetricDataQuery{{ID: "e1", Expression: expr}}}
			want, err := slow.GetMetricData(ctx, testAccount, in)
			if err != nil {
				t.Fatalf("%s: %v", expr, err)
			}
			got, err := fast.GetMetricData(ctx, testAccount, in)
			if err != nil {
				t.Fatalf("%s: %v", expr, err)
			}
			if len(want.MetricDataResults) == 0 || len(want.MetricDataResults[0].Values) == 0 {
				t.Fatalf("%s: no data to compare", expr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, %s: one pass and per series differ\ngot  %+v\nwant %+v", round, expr, got, want)
			}
		}
	}
}
