package metricsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// discardStore takes data and keeps nothing: the benchmarks below measure
// the wire and the service, not storage.
type discardStore struct{}

func (discardStore) Add(context.Context, []model.MetricDatum) error { return nil }
func (discardStore) Query(context.Context, metrics.SeriesQuery) ([]metrics.SeriesStats, error) {
	return nil, nil
}
func (discardStore) List(context.Context, metrics.ListQuery) ([]metrics.Metric, string, error) {
	return nil, "", nil
}

// BenchmarkPutMetricDataWire decodes and validates requests of 1000 data
// with two dimensions each, in each protocol CloudWatch clients speak,
// through the whole HTTP handler but without a network or a store.
func BenchmarkPutMetricDataWire(b *testing.B) {
	const n = 1000
	ts := awsproto.Timestamp(now.Add(-time.Minute))
	in := putMetricDataInput{Namespace: ptrTo("Bench")}
	form := url.Values{"Action": {"PutMetricData"}, "Version": {APIVersion}, "Namespace": {"Bench"}}
	for i := range n {
		in.MetricData = append(in.MetricData, metricDatum{
			MetricName: "Requests",
			Dimensions: []model.Dimension{{Name: "Host", Value: fmt.Sprintf("h-%04d", i)}, {Name: "Writer", Value: "1"}},
			Timestamp:  &ts,
			Value:      ptrTo(float64(i) + 0.5),
			Unit:       "Count",
		})
		m := "MetricData.member." + strconv.Itoa(i+1) + "."
		form.Set(m+"MetricName", "Requests")
		form.Set(m+"Dimensions.member.1.Name", "Host")
		form.Set(m+"Dimensions.member.1.Value", fmt.Sprintf("h-%04d", i))
		form.Set(m+"Dimensions.member.2.Name", "Writer")
		form.Set(m+"Dimensions.member.2.Value", "1")
		form.Set(m+"Timestamp", ts.String())
		form.Set(m+"Value", strconv.FormatFloat(float64(i)+0.5, 'g', -1, 64))
		form.Set(m+"Unit", "Count")
	}
	jsonBody, err := json.Marshal(in)
	if err != nil {
		b.Fatal(err)
	}
	cborBody, err := cbor.Marshal(in)
	if err != nil {
		b.Fatal(err)
	}
	svc := metrics.New(discardStore{}, metrics.Options{Now: func() time.Time { return now }})
	h := awsproto.NewHandler(awsproto.Options{Services: []awsproto.Service{New(svc).Service()}, Auth: trustScope{}})
	for _, c := range []struct {
		name, path, contentType string
		headers                 map[string]string
		body                    []byte
	}{
		{"query", "/", "application/x-www-form-urlencoded", nil, []byte(form.Encode())},
		{"json", "/", "application/x-amz-json-1.0", map[string]string{"X-Amz-Target": TargetPrefix + ".PutMetricData"}, jsonBody},
		{"cbor", "/service/" + TargetPrefix + "/operation/PutMetricData", "application/cbor", map[string]string{"Smithy-Protocol": "rpc-v2-cbor"}, cborBody},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.body)))
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, c.path, bytes.NewReader(c.body))
				req.Header.Set("Content-Type", c.contentType)
				req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0")
				for k, v := range c.headers {
					req.Header.Set(k, v)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
			b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds(), "datapoints/s")
		})
	}
}

func ptrTo[T any](v T) *T { return &v }
