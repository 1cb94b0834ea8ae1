package metricsapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// TestSDKPutMetricDataTakesScanner sends PutMetricData with the real
// aws-sdk-go-v2 client, large enough to be compressed, and checks that its
// body is the shape the one-pass scanner reads, and reads it as the
// generic decoder does: the fast path must serve the client that sends the
// most data.
func TestSDKPutMetricDataTakesScanner(t *testing.T) {
	svc := metrics.New(discardStore{}, metrics.Options{Now: func() time.Time { return now }})
	h := awsproto.NewHandler(awsproto.Options{Services: []awsproto.Service{New(svc).Service()}, Auth: trustScope{}})
	var scanned, seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
			return
		}
		body := raw
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Error(err)
				return
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Error(err)
				return
			}
		}
		if r.Header.Get("Smithy-Protocol") == "rpc-v2-cbor" {
			seen.Add(1)
			if _, ok := scanPutMetricDataCBORShape(body); ok {
				scanned.Add(1)
			}
			checkCBORAgainstGeneric(t, body)
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	client := cloudwatch.New(cloudwatch.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
	})
	data := make([]types.MetricDatum, 500)
	for i := range data {
		data[i] = types.MetricDatum{
			MetricName: aws.String("Requests"),
			Dimensions: []types.Dimension{{Name: aws.String("Host"), Value: aws.String(fmt.Sprintf("h-%04d", i))}},
			Timestamp:  aws.Time(now.Add(-time.Duration(i) * time.Second)),
			Value:      aws.Float64(float64(i) + 0.25),
			Unit:       types.StandardUnitCount,
		}
	}
	data[0].Values, data[0].Counts, data[0].Value = []float64{1, 2}, []float64{3, 4}, nil
	data[1].StatisticValues, data[1].Value = &types.StatisticSet{SampleCount: aws.Float64(2), Sum: aws.Float64(3), Minimum: aws.Float64(1), Maximum: aws.Float64(2)}, nil
	data[2].StorageResolution = aws.Int32(1)
	if _, err := client.PutMetricData(context.Background(), &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: data}); err != nil {
		t.Fatal(err)
	}
	if seen.Load() != 1 || scanned.Load() != 1 {
		t.Fatalf("%d CBOR requests, %d scanned; want 1 of 1", seen.Load(), scanned.Load())
	}
}
