package metricsapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/anomalydetectors"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// detectorStore is an in-memory anomalydetectors.Store.
type detectorStore struct {
	mu sync.Mutex
	m  map[string]model.AnomalyDetector
}

func (s *detectorStore) PutAnomalyDetector(_ context.Context, d model.AnomalyDetector, limit int, replace bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.m[d.Key]; ok {
		if replace {
			old.Definition = d.Definition
			s.m[d.Key] = old
		}
		return nil
	}
	if len(s.m) >= limit {
		return model.Errorf(model.ErrLimitExceeded, "The maximum number of anomaly detectors (%d) for this account has been reached.", limit)
	}
	s.m[d.Key] = d
	return nil
}

func (s *detectorStore) GetAnomalyDetector(_ context.Context, _, key string) (model.AnomalyDetector, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.m[key]
	if !ok {
		return d, model.Errorf(model.ErrNotFound, "The anomaly detector does not exist.")
	}
	return d, nil
}

func (s *detectorStore) ListAnomalyDetectors(_ context.Context, _, namespace, metricName string) ([]model.AnomalyDetector, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []model.AnomalyDetector
	for _, d := range s.m {
		if (namespace == "" || d.Namespace == namespace) && (metricName == "" || d.MetricName == metricName) {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (s *detectorStore) DeleteAnomalyDetector(_ context.Context, _, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[key]; !ok {
		return model.Errorf(model.ErrNotFound, "The anomaly detector does not exist.")
	}
	delete(s.m, key)
	return nil
}

func newAnomalyServer(t *testing.T, withDetectors bool) *httptest.Server {
	t.Helper()
	clock := metrics.Options{Now: func() time.Time { return now }}
	svc := metrics.New(&memStore{}, clock)
	var opts []Option
	if withDetectors {
		det := anomalydetectors.New(&detectorStore{m: map[string]model.AnomalyDetector{}}, svc, anomalydetectors.Options{Now: clock.Now})
		opts = append(opts, WithAnomalyDetectors(det))
	}
	srv := httptest.NewServer(awsproto.NewHandler(awsproto.Options{Services: []awsproto.Service{New(svc, opts...).Service()}, Auth: trustScope{}}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAnomalyDetectorsQueryProtocol(t *testing.T) {
	srv := newAnomalyServer(t, true)
	const v = "Version=2010-08-01&"
	single := "SingleMetricAnomalyDetector.Namespace=App&SingleMetricAnomalyDetector.MetricName=CPU&SingleMetricAnomalyDetector.Stat=Average" +
		"&SingleMetricAnomalyDetector.Dimensions.member.1.Name=Host&SingleMetricAnomalyDetector.Dimensions.member.1.Value=a"
	for _, tc := range []struct {
		name, form string
		status     int
		want       []string
	}{
		{"put", "Action=PutAnomalyDetector&" + v + single +
			"&Configuration.MetricTimezone=Europe%2FParis&Configuration.ExcludedTimeRanges.member.1.StartTime=2024-01-01T00%3A00%3A00Z" +
			"&Configuration.ExcludedTimeRanges.member.1.EndTime=2024-01-02T00%3A00%3A00Z&MetricCharacteristics.PeriodicSpikes=true", 200,
			[]string{"<PutAnomalyDetectorResponse", "<PutAnomalyDetectorResult></PutAnomalyDetectorResult>"}},
		{"put legacy", "Action=PutAnomalyDetector&" + v + "Namespace=App&MetricName=Mem&Stat=p90", 200, []string{"<PutAnomalyDetectorResult>"}},
		{"describe", "Action=DescribeAnomalyDetectors&" + v + "MetricName=CPU", 200, []string{
			"<AnomalyDetectors><member><Namespace>App</Namespace><MetricName>CPU</MetricName>",
			"<Dimensions><member><Name>Host</Name><Value>a</Value></member></Dimensions><Stat>Average</Stat>",
			"<Configuration><ExcludedTimeRanges><member><StartTime>2024-01-01T00:00:00Z</StartTime><EndTime>2024-01-02T00:00:00Z</EndTime></member></ExcludedTimeRanges><MetricTimezone>Europe/Paris</MetricTimezone></Configuration>",
			"<StateValue>PENDING_TRAINING</StateValue>",
			"<MetricCharacteristics><PeriodicSpikes>true</PeriodicSpikes></MetricCharacteristics>",
			"<SingleMetricAnomalyDetector><Namespace>App</Namespace><MetricName>CPU</MetricName>",
		}},
		{"describe page", "Action=DescribeAnomalyDetectors&" + v + "MaxResults=1", 200, []string{"<NextToken>", "<MetricName>CPU</MetricName>"}},
		{"missing stat", "Action=PutAnomalyDetector&" + v + "SingleMetricAnomalyDetector.Namespace=App&SingleMetricAnomalyDetector.MetricName=CPU", 400,
			[]string{"<Code>MissingParameter</Code>", "SingleMetricAnomalyDetector.Stat"}},
		{"combination", "Action=PutAnomalyDetector&" + v + single + "&Namespace=App", 400, []string{"<Code>InvalidParameterCombination</Code>"}},
		{"bad zone", "Action=PutAnomalyDetector&" + v + single + "&Configuration.MetricTimezone=Nowhere", 400, []string{"<Code>InvalidParameterValue</Code>"}},
		{"bad type", "Action=DescribeAnomalyDetectors&" + v + "AnomalyDetectorTypes.member.1=ANY", 400, []string{"<Code>InvalidParameterValue</Code>"}},
		{"bad token", "Action=DescribeAnomalyDetectors&" + v + "NextToken=%21", 400, []string{"<Code>InvalidNextToken</Code>"}},
		{"delete", "Action=DeleteAnomalyDetector&" + v + single, 200, []string{"<DeleteAnomalyDetectorResult></DeleteAnomalyDetectorResult>"}},
		{"delete again", "Action=DeleteAnomalyDetector&" + v + single, 404, []string{"<Code>ResourceNotFoundException</Code>"}},
		{"describe after", "Action=DescribeAnomalyDetectors&" + v + "MetricName=CPU", 200, []string{"<AnomalyDetectors></AnomalyDetectors>"}},
	} {
		resp, body := post(t, srv, "/", formType, nil, tc.form)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d: %s", tc.name, resp.StatusCode, body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %s in\n%s", tc.name, w, body)
			}
		}
	}
}

func TestAnomalyDetectorsJSON(t *testing.T) {
	srv := newAnomalyServer(t, true)
	headers := func(op string) map[string]string {
		return map[string]string{"X-Amz-Target": TargetPrefix + "." + op, "x-amzn-query-mode": "true"}
	}
	const put = `{"SingleMetricAnomalyDetector":{"Namespace":"App","MetricName":"CPU","Stat":"Sum"},"Configuration":{"ExcludedTimeRanges":[{"StartTime":1700000000,"EndTime":1700003600.5}]}}`
	if resp, body := post(t, srv, "/", "application/x-amz-json-1.0", headers("PutAnomalyDetector"), put); resp.StatusCode != 200 || body != "{}" {
		t.Fatalf("put: %d %s", resp.StatusCode, body)
	}
	resp, body := post(t, srv, "/", "application/x-amz-json-1.0", headers("DescribeAnomalyDetectors"), `{"AnomalyDetectorTypes":["SINGLE_METRIC","METRIC_MATH"]}`)
	if resp.StatusCode != 200 || !strings.Contains(body, `"ExcludedTimeRanges":[{"StartTime":1700000000,"EndTime":1700003600.5}]`) ||
		!strings.Contains(body, `"StateValue":"PENDING_TRAINING"`) {
		t.Fatalf("describe: %d %s", resp.StatusCode, body)
	}
	resp, body = post(t, srv, "/", "application/x-amz-json-1.0", headers("DeleteAnomalyDetector"), `{"Namespace":"App","MetricName":"CPU","Stat":"Average"}`)
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("x-amzn-query-error") != "ResourceNotFoundException;Sender" ||
		!strings.Contains(body, `ResourceNotFoundException`) {
		t.Fatalf("delete unknown: %d %v %s", resp.StatusCode, resp.Header, body)
	}
}

func TestAnomalyDetectorsGoSDK(t *testing.T) {
	srv := newAnomalyServer(t, true)
	client := cloudwatch.New(cloudwatch.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), HTTPClient: srv.Client(), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
	})
	ctx := context.Background()
	math := &types.MetricMathAnomalyDetector{MetricDataQueries: []types.MetricDataQuery{
		{Id: aws.String("m1"), ReturnData: aws.Bool(false), MetricStat: &types.MetricStat{
			Metric: &types.Metric{Namespace: aws.String("App"), MetricName: aws.String("Jobs")}, Period: aws.Int32(60), Stat: aws.String("Sum")}},
		{Id: aws.String("e1"), Expression: aws.String("m1 * 2"), ReturnData: aws.Bool(true)},
	}}
	if _, err := client.PutAnomalyDetector(ctx, &cloudwatch.PutAnomalyDetectorInput{MetricMathAnomalyDetector: math}); err != nil {
		t.Fatalf("PutAnomalyDetector: %v", err)
	}
	out, err := client.DescribeAnomalyDetectors(ctx, &cloudwatch.DescribeAnomalyDetectorsInput{AnomalyDetectorTypes: []types.AnomalyDetectorType{types.AnomalyDetectorTypeMetricMath}})
	if err != nil || len(out.AnomalyDetectors) != 1 {
		t.Fatalf("DescribeAnomalyDetectors: %+v %v", out, err)
	}
	got := out.AnomalyDetectors[0].MetricMathAnomalyDetector
	if got == nil || len(got.MetricDataQueries) != 2 || aws.ToString(got.MetricDataQueries[1].Expression) != "m1 * 2" ||
		aws.ToString(got.MetricDataQueries[0].MetricStat.Metric.MetricName) != "Jobs" {
		t.Fatalf("metric math detector: %+v", got)
	}
	if single, _ := client.DescribeAnomalyDetectors(ctx, &cloudwatch.DescribeAnomalyDetectorsInput{}); len(single.AnomalyDetectors) != 0 {
		t.Fatalf("the default type listed metric math: %+v", single.AnomalyDetectors)
	}
	// An expression that does not parse is refused as GetMetricData would.
	_, err = client.PutAnomalyDetector(ctx, &cloudwatch.PutAnomalyDetectorInput{MetricMathAnomalyDetector: &types.MetricMathAnomalyDetector{
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("e1"), Expression: aws.String("m1 +")}},
	}})
	var invalid *types.InvalidParameterValueException
	if !errors.As(err, &invalid) {
		t.Fatalf("bad expression: %v", err)
	}
	if _, err := client.DeleteAnomalyDetector(ctx, &cloudwatch.DeleteAnomalyDetectorInput{MetricMathAnomalyDetector: math}); err != nil {
		t.Fatalf("DeleteAnomalyDetector: %v", err)
	}
	_, err = client.DeleteAnomalyDetector(ctx, &cloudwatch.DeleteAnomalyDetectorInput{MetricMathAnomalyDetector: math})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestAnomalyDetectorsNotConfigured(t *testing.T) {
	srv := newAnomalyServer(t, false)
	resp, body := post(t, srv, "/", formType, nil, "Action=DescribeAnomalyDetectors&Version=2010-08-01")
	if resp.StatusCode != 400 || !strings.Contains(body, "<Code>InvalidAction</Code>") {
		t.Fatalf("without the service: %d %s", resp.StatusCode, body)
	}
}
