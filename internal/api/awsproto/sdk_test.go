package awsproto

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"

	"github.com/openwatch/openwatch/internal/model"
)

// seenRequest is what the compatibility test notes of each request before
// the dispatcher reads it.
type seenRequest struct {
	method, path, contentType, contentEncoding, smithyProtocol, target, queryMode string
}

type requestSpy struct {
	mu   sync.Mutex
	seen []seenRequest
	next http.Handler
}

func (s *requestSpy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.seen = append(s.seen, seenRequest{
		method: r.Method, path: r.URL.Path,
		contentType: r.Header.Get("Content-Type"), contentEncoding: r.Header.Get("Content-Encoding"),
		smithyProtocol: r.Header.Get("Smithy-Protocol"), target: r.Header.Get("X-Amz-Target"),
		queryMode: r.Header.Get("X-Amzn-Query-Mode"),
	})
	s.mu.Unlock()
	s.next.ServeHTTP(w, r)
}

func (s *requestSpy) last() seenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[len(s.seen)-1]
}

// TestAWSSDKCloudWatchClient points the real aws-sdk-go-v2 CloudWatch client
// at a fake CloudWatch behind the dispatcher: it must pick a protocol the
// service speaks, and requests and responses must decode both ways.
func TestAWSSDKCloudWatchClient(t *testing.T) {
	log := &callLog{}
	listOut := &listMetricsOutput{
		Metrics: []metric{
			{Namespace: ptr("MyApp/Web"), MetricName: ptr("Latency"), Dimensions: []dimension{{Name: ptr("Host"), Value: ptr("web-1")}}},
			{Namespace: ptr("MyApp/Web"), MetricName: ptr("Requests"), Dimensions: []dimension{}},
		},
		NextToken: ptr("page-2"),
	}
	svc := Service{
		TargetPrefix: cwPrefix,
		SigningName:  "monitoring",
		Protocols:    []Protocol{RPCv2CBOR{QueryCompatible: true}, JSON{Version: "1.0", QueryCompatible: true}, Query{Version: cwVersion, Namespace: monitoringNS}},
		Errors:       CloudWatchErrors(),
		Operations: map[string]Handler{
			"PutMetricData": func(_ context.Context, c *Call) (any, error) {
				in := new(putMetricDataInput)
				if err := c.Decode(in); err != nil {
					return nil, err
				}
				log.add(in)
				if in.Namespace != nil && *in.Namespace == "AWS/Reserved" {
					return nil, model.Errorf(model.ErrInvalidParameter, "The value AWS/ for parameter Namespace is invalid.")
				}
				return nil, nil
			},
			"ListMetrics":   decodeAndRecord[listMetricsInput](log, listOut),
			"GetMetricData": decodeAndRecord[getMetricDataInput](log, sampleGetMetricDataOutput()),
		},
	}
	spy := &requestSpy{next: NewHandler(Options{Services: []Service{svc}, Auth: scopeAuth{}, Observers: []Observer{log}})}
	srv := httptest.NewServer(spy)
	defer srv.Close()

	client := cloudwatch.New(cloudwatch.Options{
		Region:                      "eu-west-1",
		BaseEndpoint:                aws.String(srv.URL),
		Credentials:                 credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		HTTPClient:                  srv.Client(),
		RetryMaxAttempts:            1,
		RequestMinCompressSizeBytes: 1024,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// PutMetricData, small enough to go uncompressed.
	when := time.Date(2024, 1, 2, 3, 4, 5, 123e6, time.UTC)
	_, err := client.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{
		Namespace: aws.String("MyApp/Web"),
		MetricData: []types.MetricDatum{
			{
				MetricName: aws.String("Latency"),
				Dimensions: []types.Dimension{{Name: aws.String("Host"), Value: aws.String("web-1")}},
				Timestamp:  aws.Time(when),
				Values:     []float64{12.5, 30},
				Counts:     []float64{3, 1},
				Unit:       types.StandardUnitMilliseconds,
			},
			{
				MetricName:        aws.String("Requests"),
				Value:             aws.Float64(42),
				StorageResolution: aws.Int32(1),
				StatisticValues:   &types.StatisticSet{SampleCount: aws.Float64(2), Sum: aws.Float64(84), Minimum: aws.Float64(40), Maximum: aws.Float64(44)},
			},
		},
	})
	if err != nil {
		t.Fatalf("PutMetricData: %v", err)
	}
	seen := spy.last()
	t.Logf("aws-sdk-go-v2 service/cloudwatch sends: %s %s, Content-Type %q, Smithy-Protocol %q, X-Amz-Target %q",
		seen.method, seen.path, seen.contentType, seen.smithyProtocol, seen.target)
	if seen.smithyProtocol != "rpc-v2-cbor" || seen.path != "/service/"+cwPrefix+"/operation/PutMetricData" ||
		seen.contentType != "application/cbor" || seen.queryMode != "true" || seen.contentEncoding != "" {
		t.Fatalf("the client no longer speaks RPC v2 CBOR as expected: %+v", seen)
	}
	in, rec := log.last()
	if rec.Protocol != "rpcv2Cbor" || rec.ErrorCode != "" {
		t.Fatalf("call record %+v", rec)
	}
	want := &putMetricDataInput{
		Namespace: ptr("MyApp/Web"),
		MetricData: []metricDatum{
			{MetricName: ptr("Latency"), Dimensions: []dimension{{Name: ptr("Host"), Value: ptr("web-1")}},
				Timestamp: ptr(Timestamp(when)), Values: []float64{12.5, 30}, Counts: []float64{3, 1}, Unit: ptr("Milliseconds")},
			{MetricName: ptr("Requests"), Value: ptr(42.0), StorageResolution: ptr(int32(1)),
				StatisticValues: &statisticSet{SampleCount: ptr(2.0), Sum: ptr(84.0), Minimum: ptr(40.0), Maximum: ptr(44.0)}},
		},
	}
	if !reflect.DeepEqual(in, want) {
		t.Fatalf("server decoded\n%+v\nwant\n%+v", in, want)
	}

	// A large PutMetricData arrives gzip-compressed.
	big := &cloudwatch.PutMetricDataInput{Namespace: aws.String("MyApp/Bulk")}
	for i := range 200 {
		big.MetricData = append(big.MetricData, types.MetricDatum{MetricName: aws.String(fmt.Sprintf("m%03d", i)), Value: aws.Float64(float64(i))})
	}
	if _, err := client.PutMetricData(ctx, big); err != nil {
		t.Fatalf("compressed PutMetricData: %v", err)
	}
	if spy.last().contentEncoding != "gzip" {
		t.Fatalf("expected a gzip body, got %+v", spy.last())
	}
	if in, _ := log.last(); len(in.(*putMetricDataInput).MetricData) != 200 || *in.(*putMetricDataInput).MetricData[199].Value != 199 {
		t.Fatal("compressed body decoded wrongly")
	}

	// A modeled error comes back typed, with the query code.
	_, err = client.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("AWS/Reserved"),
		MetricData: []types.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(1)}}})
	var ipv *types.InvalidParameterValueException
	if !errors.As(err, &ipv) || ipv.ErrorCode() != "InvalidParameterValue" || ipv.ErrorFault() != smithy.FaultClient ||
		ipv.ErrorMessage() != "The value AWS/ for parameter Namespace is invalid." {
		t.Fatalf("got %T %v, want *types.InvalidParameterValueException with code InvalidParameterValue", err, err)
	}

	// ListMetrics: a structured response.
	out, err := client.ListMetrics(ctx, &cloudwatch.ListMetricsInput{
		Namespace:      aws.String("MyApp/Web"),
		Dimensions:     []types.DimensionFilter{{Name: aws.String("Host")}},
		RecentlyActive: types.RecentlyActivePt3h,
	})
	if err != nil {
		t.Fatalf("ListMetrics: %v", err)
	}
	if in, _ := log.last(); !reflect.DeepEqual(in, &listMetricsInput{Namespace: ptr("MyApp/Web"), Dimensions: []dimensionFilter{{Name: ptr("Host")}}, RecentlyActive: ptr("PT3H")}) {
		t.Fatalf("server decoded %+v", in)
	}
	if len(out.Metrics) != 2 || aws.ToString(out.NextToken) != "page-2" ||
		aws.ToString(out.Metrics[0].MetricName) != "Latency" || aws.ToString(out.Metrics[0].Dimensions[0].Value) != "web-1" ||
		aws.ToString(out.Metrics[1].MetricName) != "Requests" || len(out.Metrics[1].Dimensions) != 0 {
		t.Fatalf("client decoded %+v", out)
	}

	// GetMetricData: timestamps both ways.
	gmd, err := client.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)),
		EndTime:   aws.Time(time.Date(2024, 1, 2, 6, 0, 0, 0, time.UTC)),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("m1"), ReturnData: aws.Bool(true), MetricStat: &types.MetricStat{
			Metric: &types.Metric{Namespace: aws.String("MyApp/Web"), MetricName: aws.String("Latency")}, Period: aws.Int32(60), Stat: aws.String("Average")}}},
	})
	if err != nil {
		t.Fatalf("GetMetricData: %v", err)
	}
	if in, _ := log.last(); !in.(*getMetricDataInput).StartTime.Time().Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) ||
		*in.(*getMetricDataInput).MetricDataQueries[0].MetricStat.Period != 60 {
		t.Fatalf("server decoded %+v", in)
	}
	r0 := gmd.MetricDataResults[0]
	if len(gmd.MetricDataResults) != 2 || aws.ToString(r0.Id) != "e1" || r0.StatusCode != types.StatusCodeComplete ||
		!reflect.DeepEqual(r0.Values, []float64{1.5, 2.25e-7, 3e21}) || len(r0.Timestamps) != 3 ||
		!r0.Timestamps[1].Equal(time.Date(2024, 1, 2, 0, 1, 0, 0, time.UTC)) || aws.ToString(gmd.NextToken) != "token-2" ||
		gmd.MetricDataResults[1].StatusCode != types.StatusCodePartialData || aws.ToString(gmd.MetricDataResults[1].Messages[0].Code) != "MaxDatapointsExceeded" {
		t.Fatalf("client decoded %+v", gmd)
	}
}
