package metricsapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
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
	"github.com/openwatch/openwatch/internal/service/metrics"
)

const testAccount = "123456789012"

// now is the service clock: data are stamped relative to it.
var now = time.Now().UTC().Truncate(time.Hour)

// memStore keeps data and answers every query with the Sum and
// SampleCount of one minute, which is all the wire tests need.
type memStore struct {
	mu   sync.Mutex
	data []model.MetricDatum
}

func (s *memStore) Add(_ context.Context, data []model.MetricDatum) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = append(s.data, data...)
	return nil
}

func (s *memStore) Query(_ context.Context, q metrics.SeriesQuery) ([]metrics.SeriesStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var sum, n float64
	for _, d := range s.data {
		if d.MetricName == q.Metric.MetricName && d.Value != nil && d.Timestamp >= q.Start && d.Timestamp < q.End {
			sum += *d.Value
			n++
		}
	}
	if n == 0 {
		return nil, nil
	}
	r := metrics.SeriesStats{Unit: "Count", Timestamps: []int64{q.Start}}
	for _, st := range q.Statistics {
		v := math.NaN()
		switch st {
		case "Sum":
			v = sum
		case "SampleCount":
			v = n
		}
		r.Values = append(r.Values, []float64{v})
	}
	return []metrics.SeriesStats{r}, nil
}

func (s *memStore) List(_ context.Context, q metrics.ListQuery) ([]metrics.Metric, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q.NextToken != "" {
		return nil, "", model.Errorf(model.ErrInvalidParameter, "bad token")
	}
	var out []metrics.Metric
	seen := map[string]bool{}
	for _, d := range s.data {
		if seen[d.MetricName] || (q.Namespace != "" && d.Namespace != q.Namespace) {
			continue
		}
		seen[d.MetricName] = true
		out = append(out, metrics.Metric{Namespace: d.Namespace, MetricName: d.MetricName, Dimensions: d.Dimensions})
	}
	return out, "", nil
}

func (s *memStore) last() model.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[len(s.data)-1]
}

// trustScope takes the account and signing service from the credential
// scope, without checking the signature: the wire is under test here.
type trustScope struct{}

func (trustScope) Authenticate(_ context.Context, r *http.Request, _ []byte) (awsproto.Identity, error) {
	_, cred, _ := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return awsproto.Identity{}, awsproto.NewError("IncompleteSignatureException", "no credential")
	}
	return awsproto.Identity{Principal: model.Principal{AccountID: testAccount}, Region: parts[2], Service: parts[3]}, nil
}

func newServer(t *testing.T) (*httptest.Server, *memStore) {
	t.Helper()
	store := &memStore{}
	svc := metrics.New(store, metrics.Options{Now: func() time.Time { return now }})
	h := awsproto.NewHandler(awsproto.Options{Services: []awsproto.Service{New(svc).Service()}, Auth: trustScope{}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, store
}

// post sends a raw request signed (in scope only) for monitoring.
func post(t *testing.T, srv *httptest.Server, path, contentType string, headers map[string]string, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestQueryProtocol(t *testing.T) {
	srv, store := newServer(t)
	ts := now.Add(-time.Hour).Format(time.RFC3339)
	form := url.Values{
		"Action": {"PutMetricData"}, "Version": {"2010-08-01"}, "Namespace": {"App/Web"},
		"MetricData.member.1.MetricName":                {"Latency"},
		"MetricData.member.1.Dimensions.member.1.Name":  {"Host"},
		"MetricData.member.1.Dimensions.member.1.Value": {"web-1"},
		"MetricData.member.1.Values.member.1":           {"12.5"},
		"MetricData.member.1.Values.member.2":           {"30"},
		"MetricData.member.1.Counts.member.1":           {"3"},
		"MetricData.member.1.Counts.member.2":           {"1"},
		"MetricData.member.1.Unit":                      {"Milliseconds"},
		"MetricData.member.1.Timestamp":                 {ts},
		"MetricData.member.1.StorageResolution":         {"1"},
	}
	resp, body := post(t, srv, "/", "application/x-www-form-urlencoded; charset=utf-8", nil, form.Encode())
	if resp.StatusCode != 200 || !strings.Contains(body, "<PutMetricDataResponse") || strings.Contains(body, "PutMetricDataResult") {
		t.Fatalf("PutMetricData: %d %s", resp.StatusCode, body)
	}
	d := store.last()
	want := model.MetricDatum{AccountID: testAccount, Namespace: "App/Web", MetricName: "Latency", Dimensions: []model.Dimension{{Name: "Host", Value: "web-1"}},
		Timestamp: now.Add(-time.Hour).UnixMilli(), Values: []float64{12.5, 30}, Counts: []float64{3, 1}, Unit: "Milliseconds", StorageResolution: 1}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("stored %+v\nwant %+v", d, want)
	}

	// A plain value, then GetMetricStatistics in XML.
	form = url.Values{"Action": {"PutMetricData"}, "Version": {"2010-08-01"}, "Namespace": {"App/Web"},
		"MetricData.member.1.MetricName": {"Hits"}, "MetricData.member.1.Value": {"4"}}
	if resp, body := post(t, srv, "/", "application/x-www-form-urlencoded", nil, form.Encode()); resp.StatusCode != 200 {
		t.Fatalf("PutMetricData: %d %s", resp.StatusCode, body)
	}
	start := now.Add(-time.Minute).Format(time.RFC3339)
	form = url.Values{"Action": {"GetMetricStatistics"}, "Version": {"2010-08-01"}, "Namespace": {"App/Web"}, "MetricName": {"Hits"},
		"StartTime": {start}, "EndTime": {now.Add(time.Minute).Format(time.RFC3339)}, "Period": {"60"},
		"Statistics.member.1": {"Sum"}, "Statistics.member.2": {"SampleCount"}}
	resp, body = post(t, srv, "/", "application/x-www-form-urlencoded", nil, form.Encode())
	wantXML := `<GetMetricStatisticsResult><Label>Hits</Label><Datapoints><member><Timestamp>` + start +
		`</Timestamp><SampleCount>1</SampleCount><Sum>4</Sum><Unit>Count</Unit></member></Datapoints></GetMetricStatisticsResult>`
	if resp.StatusCode != 200 || !strings.Contains(body, wantXML) {
		t.Fatalf("GetMetricStatistics: %d %s\nwant %s", resp.StatusCode, body, wantXML)
	}

	// Errors carry the query code.
	form = url.Values{"Action": {"PutMetricData"}, "Version": {"2010-08-01"}, "Namespace": {"AWS/EC2"},
		"MetricData.member.1.MetricName": {"x"}, "MetricData.member.1.Value": {"1"}}
	resp, body = post(t, srv, "/", "application/x-www-form-urlencoded", nil, form.Encode())
	if resp.StatusCode != 400 || !strings.Contains(body, "<Code>InvalidParameterValue</Code>") || !strings.Contains(body, "<Type>Sender</Type>") {
		t.Fatalf("AWS/ namespace: %d %s", resp.StatusCode, body)
	}
	form = url.Values{"Action": {"PutMetricData"}, "Version": {"2010-08-01"}, "Namespace": {"App"},
		"MetricData.member.1.MetricName": {"x"}, "MetricData.member.1.StatisticValues.Sum": {"1"}}
	resp, body = post(t, srv, "/", "application/x-www-form-urlencoded", nil, form.Encode())
	if resp.StatusCode != 400 || !strings.Contains(body, "<Code>MissingParameter</Code>") ||
		!strings.Contains(body, "The parameter MetricData.member.1.StatisticValues.SampleCount is required.") {
		t.Fatalf("partial statistic values: %d %s", resp.StatusCode, body)
	}
}

func TestJSONProtocol(t *testing.T) {
	srv, store := newServer(t)
	json10 := "application/x-amz-json-1.0"
	target := func(op string) map[string]string {
		return map[string]string{"X-Amz-Target": TargetPrefix + "." + op, "X-Amzn-Query-Mode": "true"}
	}
	body := `{"Namespace":"App","MetricData":[{"MetricName":"Jobs","Value":2,"Timestamp":` + jsonSeconds(now.Add(-time.Minute)) + `,
		"StatisticValues":null,"Unit":"Count"},{"MetricName":"Set","StatisticValues":{"SampleCount":2,"Sum":3,"Minimum":1,"Maximum":2}}]}`
	resp, out := post(t, srv, "/", json10, target("PutMetricData"), body)
	if resp.StatusCode != 200 || out != "{}" {
		t.Fatalf("PutMetricData: %d %s", resp.StatusCode, out)
	}
	if d := store.last(); d.MetricName != "Set" || d.Stats == nil || d.Stats.Sum != 3 {
		t.Fatalf("stored %+v", d)
	}

	body = `{"StartTime":` + jsonSeconds(now.Add(-2*time.Minute)) + `,"EndTime":` + jsonSeconds(now) + `,"ScanBy":"TimestampAscending",
		"MetricDataQueries":[{"Id":"m1","MetricStat":{"Metric":{"Namespace":"App","MetricName":"Jobs"},"Period":60,"Stat":"Sum"}},
		{"Id":"e1","Expression":"m1*10","Label":"Ten times"}]}`
	resp, out = post(t, srv, "/", json10, target("GetMetricData"), body)
	var got struct {
		MetricDataResults []struct {
			ID         string    `json:"Id"`
			Label      string    `json:"Label"`
			Timestamps []float64 `json:"Timestamps"`
			Values     []float64 `json:"Values"`
			StatusCode string    `json:"StatusCode"`
		}
		Messages []any
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GetMetricData: %d %s", resp.StatusCode, out)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	start := float64(now.Add(-2 * time.Minute).Unix())
	if len(got.MetricDataResults) != 2 || got.MetricDataResults[0].Label != "Jobs" || got.MetricDataResults[1].Label != "Ten times" ||
		!reflect.DeepEqual(got.MetricDataResults[1].Values, []float64{20}) || !reflect.DeepEqual(got.MetricDataResults[1].Timestamps, []float64{start}) ||
		got.MetricDataResults[0].StatusCode != "Complete" || got.Messages == nil {
		t.Fatalf("GetMetricData: %s", out)
	}

	// A query-compatible error: the exception name in the body, the
	// query code in x-amzn-query-error.
	body = `{"StartTime":` + jsonSeconds(now.Add(-time.Hour)) + `,"EndTime":` + jsonSeconds(now) + `,"MetricDataQueries":[{"Id":"e1","Expression":"m1 +"}]}`
	resp, out = post(t, srv, "/", json10, target("GetMetricData"), body)
	if resp.StatusCode != 400 || resp.Header.Get("X-Amzn-Query-Error") != "InvalidParameterValue;Sender" ||
		!strings.Contains(out, `"__type":"InvalidParameterValueException"`) || !strings.Contains(out, "Error in expression e1: Syntax error") {
		t.Fatalf("malformed expression: %d %v %s", resp.StatusCode, resp.Header, out)
	}
	resp, out = post(t, srv, "/", json10, target("GetMetricStatistics"), `{"Namespace":"App","MetricName":"Jobs","StartTime":1,"EndTime":2,"Period":60}`)
	if resp.StatusCode != 400 || resp.Header.Get("X-Amzn-Query-Error") != "MissingParameter;Sender" || !strings.Contains(out, "MissingRequiredParameterException") {
		t.Fatalf("no statistics: %d %v %s", resp.StatusCode, resp.Header, out)
	}
	resp, out = post(t, srv, "/", json10, target("ListMetrics"), `{"Namespace":"App"}`)
	if resp.StatusCode != 200 || !strings.Contains(out, `{"Namespace":"App","MetricName":"Jobs","Dimensions":[]}`) {
		t.Fatalf("ListMetrics: %d %s", resp.StatusCode, out)
	}
}

// jsonSeconds writes t as the JSON protocols do: epoch seconds.
func jsonSeconds(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
}

// TestGoSDK drives the handlers with aws-sdk-go-v2, which speaks RPC v2
// CBOR, including typed errors.
func TestGoSDK(t *testing.T) {
	srv, store := newServer(t)
	client := cloudwatch.New(cloudwatch.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), HTTPClient: srv.Client(), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
	})
	ctx := context.Background()
	_, err := client.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{
		{MetricName: aws.String("Jobs"), Value: aws.Float64(5), Timestamp: aws.Time(now.Add(-time.Minute)), Unit: types.StandardUnitCount},
	}})
	if err != nil {
		t.Fatalf("PutMetricData: %v", err)
	}
	if d := store.last(); *d.Value != 5 || d.Timestamp != now.Add(-time.Minute).UnixMilli() || d.Unit != "Count" {
		t.Fatalf("stored %+v", d)
	}
	stats, err := client.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: aws.String("App"), MetricName: aws.String("Jobs"), StartTime: aws.Time(now.Add(-time.Minute)), EndTime: aws.Time(now),
		Period: aws.Int32(60), Statistics: []types.Statistic{types.StatisticSum},
	})
	if err != nil || aws.ToString(stats.Label) != "Jobs" || len(stats.Datapoints) != 1 || *stats.Datapoints[0].Sum != 5 ||
		!stats.Datapoints[0].Timestamp.Equal(now.Add(-time.Minute)) || stats.Datapoints[0].Unit != types.StandardUnitCount {
		t.Fatalf("GetMetricStatistics: %+v, %v", stats, err)
	}
	_, err = client.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: aws.String("App"), MetricName: aws.String("Jobs"), StartTime: aws.Time(now.Add(-48 * time.Hour)), EndTime: aws.Time(now),
		Period: aws.Int32(60), Statistics: []types.Statistic{types.StatisticSum},
	})
	var combo *types.InvalidParameterCombinationException
	if !errors.As(err, &combo) || combo.ErrorCode() != "InvalidParameterCombination" || !strings.Contains(combo.ErrorMessage(), "2,880 datapoints") {
		t.Fatalf("too many datapoints: %T %v", err, err)
	}
	list, err := client.ListMetrics(ctx, &cloudwatch.ListMetricsInput{Namespace: aws.String("App")})
	if err != nil || len(list.Metrics) != 1 || aws.ToString(list.Metrics[0].MetricName) != "Jobs" || list.NextToken != nil {
		t.Fatalf("ListMetrics: %+v, %v", list, err)
	}
	_, err = client.ListMetrics(ctx, &cloudwatch.ListMetricsInput{NextToken: aws.String("bogus")})
	var ipv *types.InvalidParameterValueException
	if !errors.As(err, &ipv) {
		t.Fatalf("bad token: %T %v", err, err)
	}
}
