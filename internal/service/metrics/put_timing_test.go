package metrics

import (
	"context"
	"fmt"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// nopStore accepts everything, so that a benchmark measures the service.
type nopStore struct{ fakeStore }

func (*nopStore) Add(context.Context, []model.MetricDatum) error { return nil }

// BenchmarkPutMetricDataValidation measures validation and conversion of a
// full request (1000 data with two dimensions) without storage.
func BenchmarkPutMetricDataValidation(b *testing.B) {
	svc := newTestService(&nopStore{})
	data := make([]Datum, 1000)
	for i := range data {
		v := float64(i)
		data[i] = Datum{Stamped: true, MetricDatum: model.MetricDatum{
			MetricName: "Requests", Value: &v, Unit: "Count", Timestamp: nowMs() - 60_000,
			Dimensions: []model.Dimension{{Name: "Host", Value: fmt.Sprintf("h-%04d", i)}, {Name: "Stage", Value: "prod"}},
		}}
	}
	in := PutMetricDataInput{Namespace: "Bench", MetricData: data}
	b.ReportAllocs()
	for b.Loop() {
		if err := svc.PutMetricData(context.Background(), testAccount, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*1000/b.Elapsed().Seconds(), "datapoints/s")
}
