package metrics

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// recordingBands answers every band with value ± 1 around 10·i, NaN at
// the index skip, and records what it was asked.
type recordingBands struct {
	mu   sync.Mutex
	got  []BandInput
	skip int
}

func (b *recordingBands) Band(_ context.Context, in BandInput) (lower, upper []float64, err error) {
	b.mu.Lock()
	b.got = append(b.got, in)
	b.mu.Unlock()
	for i := range in.Timestamps {
		mid := 10 * float64(i)
		if i == b.skip {
			mid = math.NaN()
		}
		lower, upper = append(lower, mid-in.Stddevs), append(upper, mid+in.Stddevs)
	}
	return lower, upper, nil
}

func TestAnomalyDetectionBand(t *testing.T) {
	store := newFakeStore()
	ctx := context.Background()
	start := testNow.Add(-time.Hour)
	var data []model.MetricDatum
	for i := range 5 {
		data = append(data, model.MetricDatum{AccountID: testAccount, Namespace: "App", MetricName: "CPU",
			Timestamp: start.Add(time.Duration(i) * time.Minute).UnixMilli(), Value: ptr(float64(i))})
	}
	if err := store.Add(ctx, data); err != nil {
		t.Fatal(err)
	}
	bands := &recordingBands{skip: 2}
	svc := New(store, Options{Now: func() time.Time { return testNow }, Bands: bands})
	m1 := MetricDataQuery{ID: "m1", MetricStat: &MetricStat{Metric: Metric{Namespace: "App", MetricName: "CPU"}, Period: 60, Stat: "Sum"}}
	no := false
	run := func(qs ...MetricDataQuery) (GetMetricDataOutput, error) {
		return svc.GetMetricData(ctx, testAccount, GetMetricDataInput{MetricDataQueries: qs,
			StartTime: start.UnixMilli(), EndTime: start.Add(5 * time.Minute).UnixMilli(), ScanBy: ScanTimestampAscending})
	}

	out, err := run(m1, MetricDataQuery{ID: "ad1", Expression: "ANOMALY_DETECTION_BAND(m1, 3)"})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.MetricDataResults) != 3 {
		t.Fatalf("results: %+v", out.MetricDataResults)
	}
	upper, lower := out.MetricDataResults[1], out.MetricDataResults[2]
	if upper.Label != "CPU (upper band)" || lower.Label != "CPU (lower band)" ||
		!slices.Equal(upper.Values, []float64{3, 13, 33, 43}) || !slices.Equal(lower.Values, []float64{-3, 7, 27, 37}) ||
		len(upper.Timestamps) != 4 || upper.Timestamps[2] != start.Add(3*time.Minute).UnixMilli() {
		t.Fatalf("band without the NaN point: upper %+v lower %+v", upper, lower)
	}
	in := bands.got[0]
	if in.MetricStat == nil || in.MetricStat.Metric.MetricName != "CPU" || in.MetricStat.Stat != "Sum" || in.Period != 60 || in.Stddevs != 3 ||
		in.Timestamps[0] != start.UnixMilli() || in.End != start.Add(5*time.Minute).UnixMilli() || in.Now != nowMs() || in.AccountID != testAccount {
		t.Fatalf("band input: %+v", in)
	}

	// Around an expression: the queries it needs, the expression alone
	// returning data.
	m2 := MetricDataQuery{ID: "m2", ReturnData: &no, MetricStat: m1.MetricStat}
	unused := MetricDataQuery{ID: "m3", ReturnData: &no, MetricStat: m1.MetricStat}
	if _, err := run(m2, unused, MetricDataQuery{ID: "e1", Expression: "m2 * 2", ReturnData: &no},
		MetricDataQuery{ID: "ad1", Expression: "ANOMALY_DETECTION_BAND(e1)"}); err != nil {
		t.Fatal(err)
	}
	in = bands.got[1]
	if in.MetricStat != nil || len(in.Queries) != 2 || in.Queries[0].ID != "m2" || *in.Queries[0].ReturnData ||
		in.Queries[1].ID != "e1" || !*in.Queries[1].ReturnData || in.Queries[1].Period != 60 || in.Stddevs != 2 {
		t.Fatalf("band input of an expression: %+v", in)
	}

	for _, tc := range []struct {
		name string
		qs   []MetricDataQuery
	}{
		{"not a query", []MetricDataQuery{m1, {ID: "ad1", Expression: "ANOMALY_DETECTION_BAND(m1 * 2)"}}},
		{"band of a band", []MetricDataQuery{m1, {ID: "b1", Expression: "FIRST(ANOMALY_DETECTION_BAND(m1))", ReturnData: &no},
			{ID: "ad1", Expression: "ANOMALY_DETECTION_BAND(b1)"}}},
	} {
		if _, err := run(tc.qs...); !kindIs(err, model.ErrInvalidParameter) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// Without a band source the function is refused.
	_, err = newTestService(store).GetMetricData(ctx, testAccount, GetMetricDataInput{
		MetricDataQueries: []MetricDataQuery{m1, {ID: "ad1", Expression: "ANOMALY_DETECTION_BAND(m1)"}},
		StartTime:         start.UnixMilli(), EndTime: start.Add(5 * time.Minute).UnixMilli()})
	if !kindIs(err, model.ErrInvalidParameter) {
		t.Errorf("without bands: %v", err)
	}
}
